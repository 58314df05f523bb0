/*
 * vm/vm_pager.h - what the VM core knows of a VM object's pager.
 *
 * An object with a pager (obj->pager) reaches it only through
 * pager->ops: the fault path asks it for a page, the object's end
 * terminates it. The pager client that sends the memory_object messages
 * and serves the control port is a layer above (kern/memory_object.c,
 * which fills these structs and registers its ops); the page-state bits it
 * keeps for the pager are described there.
 */
#ifndef VM_VM_PAGER_H
#define VM_VM_PAGER_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>
#include <base/waitq.h>
#include <base/vm_page.h>
#include <mach/kern_return.h>
#include <mach/vm_prot.h>

struct port;
struct vm_object;
struct vm_page;

/* Per-kind operations of a pager (kept by vm_object.c without linking
 * the IPC layer in). */
struct vm_pager_ops {
	/* The object's last reference went: tell the pager, free p. Kernel
	 * lock held; the object's pages are still resident. */
	void (*terminate)(struct vm_object *obj);
	/* The fault path needs the page at offset for access
	 * (memory_object_fault). */
	kern_return_t (*fault)(struct vm_object *obj, uint64_t offset,
			       struct vm_page *page, int access);
};

struct vm_pager {
	const struct vm_pager_ops *ops;
	struct vm_object *object; /* weak back pointer */
	struct port *port;	  /* send right to the memory object */
	struct port *control;	  /* receive right, kernel object port */
	bool initialized;	  /* memory_object_init sent */
	bool ready;		  /* memory_object_ready seen */
	bool may_cache;
	int copy_strategy;
	bool dead;	      /* port died or memory_object_destroy */
	bool is_default;      /* made by memory_object_create (pageout) */
	struct waitq waiters; /* threads waiting for busy pages */
	struct list node;     /* on the list of pagers */
};

/* The pager's lock on page: the VM_PROT_* rights no mapping may have. */
static inline int vm_page_lock_value(const struct vm_page *page)
{
	return (page->flags >> VM_PAGE_LOCK_SHIFT) & VM_PROT_ALL;
}

/* Modified since the pager had it (see above). */
static inline bool vm_page_dirty(const struct vm_page *page)
{
	return !(page->flags & (VM_PAGE_CLEAN | VM_PAGE_PRECIOUS_CLEAN));
}

/*
 * Must the pager act before page (what an object with a pager holds at
 * some offset) serves access (VM_FAULT_*, read implied)? Missing, busy,
 * in error, or locked against it.
 */
static inline bool vm_page_needs_pager(const struct vm_page *page, int access)
{
	return page == NULL ||
	       (page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR)) != 0 ||
	       (vm_page_lock_value(page) & (access | VM_PROT_READ)) != 0;
}

#endif /* VM_VM_PAGER_H */
