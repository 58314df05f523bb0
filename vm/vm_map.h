/*
 * vm/vm_map.h - task address maps.
 *
 * A map is a set of disjoint entries, each a page-aligned range of user
 * addresses with a protection, a maximum protection and an inheritance,
 * backed by a VM object (vm/vm_object.h) at an offset. Anonymous memory
 * gets its object on the first fault (object NULL until then: reads as
 * zero). The entries are kept twice, in address order: on a list
 * (map->entries: next and previous in O(1)) and in a red-black tree
 * (map->tree, base/rbtree.h) whose nodes also know the widest free range
 * inside their subtree, so that lookup, insertion, removal, clipping and
 * vm_map_find_space are O(log n) in the number of entries.
 *
 * Copy-on-write: copying a range (vm_copy, fork with VM_INHERIT_COPY,
 * out-of-line messages, vm_read) makes the source and the copy reference
 * the same object with needs_copy set, and write-protects the source's
 * resident pages in its pmap. The first write through such an entry gives
 * it a new object shadowing the old one (or takes the old one over when
 * nothing else references it) and copies the page up. Objects that are
 * writably shared between maps (VM_INHERIT_SHARE) are copied eagerly
 * (resident pages only), since their other users keep writing.
 * vm/vm_map_copy.h moves ranges between maps; vm/vm_fault.h resolves
 * faults.
 *
 * Links: entry->object strong (one reference per entry); map->pmap owned.
 *
 * Lock order: a map's state is protected by the kernel lock (splhigh);
 * every function below takes it itself (callable with it held or not).
 * Objects and pages nest inside (vm_object.h, vm_page.h).
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <base/arch_callbacks.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/list.h>
#include <base/rbtree.h>

struct pmap;
struct vm_object;

/* vm_prot_t and vm_inherit_t values: the public headers'. */
#include <mach/vm_inherit.h>
#include <mach/vm_prot.h>

struct vm_map_entry {
	struct list node; /* on map->entries (or a copy's list), by start */
	uintptr_t start;  /* page aligned */
	uintptr_t end;	  /* page aligned, exclusive */
	int prot;
	int max_prot;
	int inherit;
	struct vm_object *object; /* strong; NULL: zero fill, not yet made */
	uint64_t offset;	  /* of start in object */
	bool needs_copy;	  /* object is shared copy-on-write: the
				     first write gives this entry its own */
	bool mapped;		  /* may have pages in the pmap */
	bool wired;		  /* vm_wire: its pages are resident and
				     pinned (page->wire_count) */
	/* In a map only (vm_map.c keeps these; NULL / stale elsewhere): */
	struct vm_map *map;	      /* the map whose tree holds it */
	struct rbtree_node tree_node; /* in map->tree, by start */
	uintptr_t sub_start;	      /* over its subtree: lowest start, */
	uintptr_t sub_end;	      /* highest end, and widest free */
	size_t sub_gap;		      /* range between two entries */
};

struct vm_map {
	struct pmap *pmap;
	struct list entries; /* every entry, by start */
	struct rbtree tree;  /* the same entries, by start */
	size_t nentries;     /* how many */
	size_t size;	     /* bytes covered by entries */
	uintptr_t min, max;
	size_t size_none;      /* bytes of entries whose max_prot is
				  VM_PROT_NONE: not counted against the
				  limit, as in GNU Mach */
	size_t size_cur_limit; /* vm_set_size_limit: size - size_none may
				  not grow past it (KERN_NO_SPACE) */
	size_t size_max_limit; /* cur may be raised up to it unprivileged */
	bool wire_future;      /* vm_wire_all(VM_WIRE_FUTURE) */
	struct list all_node;  /* on the list of live maps (pageout) */
};

/* Attributes of one region, for vm_map_region. */
struct vm_region_info {
	uintptr_t start;
	size_t size;
	int prot;
	int max_prot;
	int inherit;
	bool shared;
	uint64_t offset;
};

/* True if size more bytes of accessible memory (an entry whose max_prot
 * is not VM_PROT_NONE) fit under map's size limit. Lock held. */
bool vm_map_size_fits(const struct vm_map *map, size_t size);

/* Boot: set up the caches (after kmem_init). Also sets up vm_object. */
void vm_map_init(void);

/* A new empty user map with its own pmap; NULL when memory is short. */
struct vm_map *vm_map_create(void);
/* Unmap everything, drop every object reference, free the page tables
 * and map itself. */
void vm_map_destroy(struct vm_map *map);

/* vm_map_pmap(map): declared with the arch callbacks. */
/* Every live map, by all_node (for pageout). Kernel lock held. */
struct list *vm_map_list(void);

/*
 * Enter anonymous zero-fill memory of size bytes (page multiple, > 0). If
 * anywhere, the lowest free range at or above *addr is chosen; else *addr
 * must be page aligned and [*addr, *addr + size) free. Returns
 * KERN_SUCCESS with *addr set, KERN_NO_SPACE, KERN_INVALID_ADDRESS,
 * KERN_INVALID_ARGUMENT (size, or prot above max_prot) or
 * KERN_RESOURCE_SHORTAGE.
 */
int vm_map_enter(struct vm_map *map, uintptr_t *addr, size_t size,
		 bool anywhere, int prot, int max_prot, int inherit);
/*
 * As vm_map_enter, with object (a reference consumed on success only;
 * may be NULL for zero fill) at offset; copy: the entry gets it
 * copy-on-write (needs_copy). mask: the start is aligned to mask + 1
 * (mask + 1 a power of two, or 0).
 */
int vm_map_enter_object(struct vm_map *map, uintptr_t *addr, size_t size,
			uintptr_t mask, bool anywhere, struct vm_object *object,
			uint64_t offset, bool copy, int prot, int max_prot,
			int inherit);
/* Remove [start, end) (page aligned), unmapping it and dropping its
 * object references; holes are ignored. Returns KERN_SUCCESS,
 * KERN_INVALID_ARGUMENT or KERN_RESOURCE_SHORTAGE (clip failed: nothing
 * beyond the clip point removed). */
int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end);

/*
 * Set the protection of [start, end) (page aligned, fully mapped) to
 * prot, or, with set_max, the maximum protection to prot (the current
 * one is cut down to it). Checked before anything changes: returns
 * KERN_SUCCESS, KERN_INVALID_ADDRESS (hole, or out of range),
 * KERN_INVALID_ARGUMENT or KERN_PROTECTION_FAILURE (prot above an
 * entry's maximum).
 */
int vm_map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, int prot,
		   bool set_max);
/* The same over the mapped parts of [start, end) (vm_protect, as GNU
 * Mach): holes and what lies outside the map are skipped, so a range
 * with nothing mapped gives KERN_SUCCESS. KERN_INVALID_ARGUMENT,
 * KERN_PROTECTION_FAILURE as above, checked before anything changes. */
int vm_map_protect_mapped(struct vm_map *map, uintptr_t start, uintptr_t end,
			  int prot, bool set_max);
/* Set the inheritance of [start, end) (fully mapped). KERN_SUCCESS,
 * KERN_INVALID_ADDRESS or KERN_INVALID_ARGUMENT (bad value). */
int vm_map_inherit(struct vm_map *map, uintptr_t start, uintptr_t end,
		   int inherit);
/*
 * The region containing *addr, or else the first one above it: fills
 * info (info->start is its start). KERN_SUCCESS or KERN_NO_SPACE (none).
 */
int vm_map_region(struct vm_map *map, uintptr_t addr,
		  struct vm_region_info *info);

/*
 * A new map for a child task: each entry of parent is shared
 * (VM_INHERIT_SHARE), copied copy-on-write (VM_INHERIT_COPY) or left out
 * (VM_INHERIT_NONE). NULL when memory is short (parent unchanged in what
 * it reads).
 */
struct vm_map *vm_map_fork(struct vm_map *parent);

/* The entry containing addr, or NULL. Kernel lock held. O(log n). */
struct vm_map_entry *vm_map_lookup(struct vm_map *map, uintptr_t addr);

/*
 * Resolve a fault at addr for access (VM_FAULT_* of vm/vm_fault.h):
 * KERN_SUCCESS, KERN_INVALID_ADDRESS or KERN_PROTECTION_FAILURE (or
 * KERN_RESOURCE_SHORTAGE). Implemented in vm/vm_fault.c.
 */
int vm_map_fault(struct vm_map *map, uintptr_t addr, int access);

/*
 * Kernel write into map (which need not be the current one), ignoring
 * protections: used to load programs. Copy-on-write is honoured (the
 * page is copied up first). Returns KERN_SUCCESS or KERN_INVALID_ADDRESS
 * if part of the range is not mapped (what precedes is written).
 */
int vm_map_write(struct vm_map *map, uintptr_t addr, const void *src,
		 size_t len);
/* Kernel read from map, ignoring protections; as vm_map_write. */
int vm_map_read(struct vm_map *map, uintptr_t addr, void *dst, size_t len);

/*
 * vm_copy: copy [src, src + size) of map onto [dst, dst + size) (page
 * aligned; dst range mapped and writable), copy-on-write. KERN_SUCCESS,
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_INVALID_ARGUMENT or
 * KERN_RESOURCE_SHORTAGE. Defined in vm/vm_map_copy.c.
 */
int vm_map_copy_range(struct vm_map *map, uintptr_t src, size_t size,
		      uintptr_t dst);

/* For tests: shadow-chain depth behind addr (0: no object yet). */
unsigned int vm_map_depth(struct vm_map *map, uintptr_t addr);
/* For tests: the number of entries of map. */
size_t vm_map_entry_count(struct vm_map *map);
/*
 * For tests, O(n): true if map's list and tree hold the same entries in
 * the same order, disjoint, inside [min, max), with the tree's red-black
 * rules, subtree summaries, entry count and size right.
 */
bool vm_map_check(struct vm_map *map);

/* ---- Inside vm/ only (vm_map_copy.c, vm_fault.c) ---------------------- */

/* Split e at addr (strictly inside it); the new entry holds [addr, end)
 * and takes its own object reference. e may be in a map (both halves
 * stay in it) or on a copy's list. Lock held. */
int vm_map_clip(struct vm_map_entry *e, uintptr_t addr);
/* Clip the entries around start and end so that [start, end) is made of
 * whole entries. Lock held. */
int vm_map_clip_range(struct vm_map *map, uintptr_t start, uintptr_t end);
/* True if [start, end) is covered by entries without a hole, each with
 * every right of prot. Lock held. */
bool vm_map_range_check(struct vm_map *map, uintptr_t start, uintptr_t end,
			int prot, int *kr);
/* A new entry (zeroed) or NULL; and freeing one (dropping its object
 * reference). */
struct vm_map_entry *vm_map_entry_alloc(void);
void vm_map_entry_free(struct vm_map_entry *e);
/*
 * Fill copy->object, offset and needs_copy with a copy-on-write copy of
 * the whole of e: NULL if e has no object yet (zero fill); a private
 * snapshot if e's object is shared; else e's object, with e made
 * needs_copy and its pages write-protected in map's pmap. KERN_SUCCESS
 * or KERN_RESOURCE_SHORTAGE. Lock held.
 */
int vm_map_entry_copy(struct vm_map *map, struct vm_map_entry *e,
		      struct vm_map_entry *copy);
/*
 * Give e (of map) an object it may write: create it if NULL; if
 * needs_copy, take the object over when nothing else references it,
 * else put a new shadow object on top for e alone - or, when the chain
 * is VM_OBJECT_DEPTH_MAX deep already, a flat copy of what e reads (e's
 * pages are then unmapped). KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 * Lock held.
 */
int vm_map_entry_own(struct vm_map *map, struct vm_map_entry *e);
/*
 * Make e's object one that several users may write (VM_INHERIT_SHARE, a
 * region proxy): vm_map_entry_own, then unmap shadow pages e may have
 * mapped, and mark the object shared. KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE. Lock held.
 */
int vm_map_entry_share(struct vm_map *map, struct vm_map_entry *e);
/* Lowest free address >= hint (aligned to mask + 1) with room for size
 * bytes, or 0. Lock held. O(log n), plus O(log n) for each free range
 * that is long enough but too short once its start is aligned (only when
 * mask is above PAGE_MASK). */
uintptr_t vm_map_find_space(struct vm_map *map, uintptr_t hint, size_t size,
			    uintptr_t mask);
/* Take e out of map (list and tree) without unmapping it or dropping its
 * object: the caller gets it (e->map NULL). Lock held. */
void vm_map_entry_unlink(struct vm_map *map, struct vm_map_entry *e);
/* Insert e (start/end set, free range) into map. Lock held. */
void vm_map_entry_link(struct vm_map *map, struct vm_map_entry *e);
/*
 * vm_wire of one entry: fault each page in (for writing if the entry is
 * writable, so that it is the entry's own) and pin it (wire_count);
 * KERN_SUCCESS or the fault's error (nothing left wired). Unwire undoes
 * it (also when the entry is removed). Lock held.
 */
int vm_map_entry_wire(struct vm_map *map, struct vm_map_entry *e);
void vm_map_entry_unwire(struct vm_map *map, struct vm_map_entry *e);
/* The first entry ending above addr (O(log n)), and the one after e (or
 * NULL; O(1)). Lock held. */
struct vm_map_entry *vm_map_first_above(struct vm_map *map, uintptr_t addr);
struct vm_map_entry *vm_map_next(struct vm_map *map, struct vm_map_entry *e);
/* Remove [start, end) with the lock held (see vm_map_remove). */
int vm_map_remove_locked(struct vm_map *map, uintptr_t start, uintptr_t end);

#endif /* VM_VM_MAP_H */
