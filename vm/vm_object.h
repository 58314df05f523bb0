/*
 * vm/vm_object.h - VM objects: the memory behind address-map entries.
 *
 * An object is a byte range [0, size) of pages. A resident page is found
 * by (object, offset) in one global hash table; the object also keeps its
 * pages on a list for whole-object walks (destroy, collapse, copy). A
 * missing page is looked up in the shadow object, at offset +
 * shadow_offset, then in its shadow, and so on; at the bottom of the
 * chain it reads as zero (anonymous memory) - or, later, is asked of the
 * pager.
 *
 * Links:
 *   shadow  strong: the object holds one reference on its shadow.
 *   pager   strong: the external pager's state (kern/memory_object.h),
 *           NULL for anonymous memory; its ops->terminate runs when the
 *           object goes.
 *   pages   the object owns its resident pages (page->object is a
 *           back pointer, weak).
 * References come from map entries, from vm_map_copy entries and from the
 * objects that shadow this one; the last unref frees every resident page
 * and drops the shadow reference.
 *
 * Copy-on-write invariants (see docs/vm.md):
 *   - an object that is the shadow of another, or that is referenced by
 *     an entry marked needs_copy, is never modified in the range that
 *     reference sees (zero-filling an absent page does not count: it
 *     does not change what is read);
 *   - a page of a shadow is mapped read-only, and only through objects
 *     that are not shared: an object referenced writably by entries of
 *     several maps (shared) copies shadow pages up even on read.
 *
 * Lock order: the kernel lock (splhigh) protects every object field and
 * the page hash; vm_page_alloc/free nest it.
 */
#ifndef VM_VM_OBJECT_H
#define VM_VM_OBJECT_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>
#include <base/ref.h>

struct port;

struct vm_page;
struct vm_pager;

struct vm_object {
	struct ref ref;
	uint64_t size;		  /* bytes, page multiple */
	struct vm_object *shadow; /* strong; NULL at the bottom */
	uint64_t shadow_offset;	  /* offset of byte 0 in shadow */
	struct list pages;	  /* resident struct vm_page, by node */
	unsigned long resident;	  /* number of pages on the list */
	bool shared;		  /* writably mapped by several maps */
	struct vm_pager *pager;	  /* external pager, or NULL */
	struct list all_node;	  /* on the list of live objects */
	struct port *name_port;	  /* receive right of its name, or NULL */
};

/*
 * Name port (KOBJ_MEMORY_OBJECT_NAME): made by vm_region the first time
 * it reports a region of the object (kern/vm_user.h), kept until the object
 * is destroyed or the last send right to it goes (no-senders: nobody can
 * compare it then; the next vm_region makes a new one). Weak both ways:
 * the port holds no reference on the object (its kobject is a back
 * pointer; vm_object_destroy destroys the port through
 * vm_object_name_destroy, which the maker sets: this file does not link
 * the IPC layer).
 */
extern void (*vm_object_name_destroy)(struct port *name_port);

void vm_object_destroy(struct vm_object *obj);
REF_DEFINE(vm_object, ref, vm_object_destroy)

/* Boot: object cache and the page hash (after kmem_init). */
void vm_object_init(void);

/*
 * A new empty anonymous object of size bytes (page multiple) with one
 * reference for the caller, or NULL when memory is short. Lock: any.
 */
struct vm_object *vm_object_create(uint64_t size);

/*
 * A new object of size bytes shadowing obj at offset, with one reference
 * for the caller; the caller's reference on obj moves into the new
 * object's shadow link (consumed, also on failure: then obj is unref'd
 * and NULL returned). Lock: any.
 */
struct vm_object *vm_object_shadow(struct vm_object *obj, uint64_t offset,
				   uint64_t size);

/*
 * The resident page of obj itself (not of its shadows) at offset (page
 * aligned), or NULL. Kernel lock held.
 */
struct vm_page *vm_object_page_lookup(struct vm_object *obj, uint64_t offset);

/*
 * Allocate a page and make it resident in obj at offset (which must hold
 * none): zero-filled if copy_from is NULL, else a copy of copy_from.
 * NULL when memory is short. Kernel lock held.
 */
struct vm_page *vm_object_page_alloc(struct vm_object *obj, uint64_t offset,
				     const struct vm_page *copy_from);

/*
 * Make page (allocated by the caller, e.g. vm_page_alloc_contig) resident
 * in obj at offset, which must hold none. Kernel lock held.
 */
void vm_object_page_insert(struct vm_object *obj, uint64_t offset,
			   struct vm_page *page);
/* Take a resident page out of its object and free it. Kernel lock held;
 * the page must not be mapped. */
void vm_object_page_free(struct vm_page *page);

/* Move a resident page (mapped nowhere) to obj at offset, which must
 * hold none. Kernel lock held. */
void vm_object_page_move(struct vm_page *page, struct vm_object *obj,
			 uint64_t offset);

/*
 * Find the page that reads at offset of obj: in obj or down its shadow
 * chain. Returns it (or NULL at the bottom: zero) and the object that
 * holds it in *holder. Kernel lock held.
 */
struct vm_page *vm_object_chain_lookup(struct vm_object *obj, uint64_t offset,
				       struct vm_object **holder);

/*
 * As vm_object_chain_lookup, but the walk stops at an object with a
 * pager: then the page it holds at that offset (NULL, or a busy or error
 * page: the pager must be asked) is returned with *holder that object
 * and *holder_offset the offset in it. At the bottom of a chain without
 * pager: NULL, *holder NULL. Kernel lock held.
 */
struct vm_page *vm_object_chain_find(struct vm_object *obj, uint64_t offset,
				     struct vm_object **holder,
				     uint64_t *holder_offset);

/*
 * Collapse: for obj and each object below it, while its shadow is
 * referenced only by it (and has no pager), move the shadow's pages that
 * it still lacks up into it, free the rest, and take over the shadow's
 * own shadow. What every object reads stays the same. Keeps chains
 * short under repeated copies. Cost: the chain, plus the pages of the
 * merged objects. Kernel lock held.
 */
void vm_object_collapse(struct vm_object *obj);

/*
 * A private snapshot of [offset, offset + size) of obj, for an object
 * still being written through other references (shared): a new object
 * holding copies of the resident pages of obj in the range, shadowing
 * obj's shadow (immutable) for the rest. One reference for the caller;
 * NULL when memory is short. Cost: the resident pages of obj. Kernel
 * lock held.
 */
struct vm_object *vm_object_copy_now(struct vm_object *obj, uint64_t offset,
				     uint64_t size);

/*
 * A chain is never made deeper than this: vm_map_entry_own flattens
 * instead (vm_object_copy_flat) when a new shadow would go past it.
 */
#define VM_OBJECT_DEPTH_MAX 4

/*
 * A new object holding copies of every page that reads in [offset,
 * offset + size) of obj through its chain (down to an object with a
 * pager, which the new object then shadows). One reference for the
 * caller; NULL when memory is short. Cost: the resident pages of the
 * chain. Kernel lock held.
 */
struct vm_object *vm_object_copy_flat(struct vm_object *obj, uint64_t offset,
				      uint64_t size);

/* Number of objects in obj's chain, obj included (0 for NULL). */
unsigned int vm_object_depth(const struct vm_object *obj);

/* Leak checks: live objects, and pages resident in all of them. */
unsigned long vm_object_count(void);
unsigned long vm_object_resident_count(void);

#endif /* VM_VM_OBJECT_H */
