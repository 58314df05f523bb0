/*
 * base/vm_page.h - physical page frames.
 *
 * Every physical page of usable RAM has a struct vm_page. Free pages sit on
 * a free list. Boot code describes RAM with vm_page_load (usable ranges)
 * and vm_page_reserve (ranges in use: kernel image, modules, boot data)
 * before vm_page_init builds the frame table.
 *
 * Allocation and freeing take the kernel lock themselves and never block.
 */
#ifndef VM_VM_PAGE_H
#define VM_VM_PAGE_H

#include <stdbool.h>
#include <stdint.h>
#include <base/arch.h>
#include <base/list.h>

struct vm_object;

struct vm_page {
	struct list node;	  /* free list, or owner's list */
	phys_addr_t phys;	  /* physical address of the frame */
	struct vm_object *object; /* owning object, NULL for kernel pages */
	uint64_t offset;	  /* offset in object */
	uint32_t wire_count;
	uint16_t flags;
	uint16_t type; /* VM_PAGE_FREE, VM_PAGE_RESERVED, VM_PAGE_KERNEL, ... */
	/* Added for vm/vm_object.c: next page in the (object, offset) hash
	 * bucket; NULL when not in an object. Owned by vm/vm_object.c. */
	struct vm_page *hash_next;
	struct vm_page **hash_pprev; /* the link that points here */
};

/* flags (owned by kern/memory_object.c): */
#define VM_PAGE_BUSY  0x1 /* asked of the pager, contents not there yet */
#define VM_PAGE_ERROR 0x2 /* the pager answered data_error */
/* (owned by kern/vm_pageout.c and vm/vm_fault.c:) */
#define VM_PAGE_CLEAN                                                          \
	0x4 /* as the pager supplied it: never mapped                          \
	       writable nor written by the kernel since */
#define VM_PAGE_FROM_PAGER                                                     \
	0x8 /* supplied by the pager (data_supply or                           \
	       data_unavailable) */
/* (owned by kern/memory_object.c, see memory_object.h; vm_fault.c clears
 * VM_PAGE_PRECIOUS_CLEAN with VM_PAGE_CLEAN:) */
#define VM_PAGE_PRECIOUS                                                       \
	0x10 /* supplied precious: goes back to the                            \
		pager even unmodified, so it never                             \
		carries VM_PAGE_CLEAN (pageout then                            \
		returns it instead of dropping it) */
#define VM_PAGE_PRECIOUS_CLEAN                                                 \
	0x20 /* precious and unmodified since the                              \
		pager had it */
#define VM_PAGE_UNLOCK_ERROR                                                   \
	0x40 /* data_error refused an unlock: the                              \
		next fault needing it fails */
#define VM_PAGE_LOCK_SHIFT                                                     \
	8 /* bits 8-10: VM_PROT_* the pager                                    \
	     forbids (lock_value) */
#define VM_PAGE_UNLOCK_SHIFT                                                   \
	11 /* bits 11-13: VM_PROT_* asked with                                 \
	      data_unlock, not granted yet */

enum vm_page_type {
	VM_PAGE_FREE = 0,
	VM_PAGE_RESERVED, /* never allocated: firmware, kernel image, modules */
	VM_PAGE_KERNEL,	  /* allocated for kernel use */
	VM_PAGE_OBJECT,	  /* belongs to a VM object */
	VM_PAGE_TABLE,	  /* page-table page */
};

/* Boot: declare [start, end) usable RAM (page-rounded inward). Up to 32
 * ranges. */
void vm_page_load(phys_addr_t start, phys_addr_t end);
/* Boot: mark [start, end) as in use (page-rounded outward). */
void vm_page_reserve(phys_addr_t start, phys_addr_t end);
/*
 * Boot: build the frame table (itself carved from usable RAM) and put every
 * usable, unreserved page on the free list.
 */
void vm_page_init(void);

/*
 * Fault injection (modules/test, MACH5_TEST_INJECT_PAGE): while non-zero,
 * each vm_page_alloc or vm_page_alloc_contig(_in) call (of any type, so also
 * the kmem slabs and page tables they back) fails and decrements it.
 * Read and written with the kernel lock held.
 */
extern unsigned long vm_page_fail_next;

/* A free page of the given type, or NULL. Contents are not cleared. */
struct vm_page *vm_page_alloc(enum vm_page_type type);
/* A zero-filled page, or NULL. */
struct vm_page *vm_page_alloc_zeroed(enum vm_page_type type);
/* Free a page; its type must not be FREE or RESERVED. */
void vm_page_free(struct vm_page *page);
/* Free the n pages on list (linked by node, none FREE or RESERVED) in one
 * go: they join the free list as a whole; list is left empty. */
void vm_page_free_list(struct list *list, unsigned long n);

/*
 * Deferred release. A layer above may keep frames it has let go of and
 * free them later (vm/vm_object.c: the pages of a large dead object):
 * it counts them free at once (vm_page_defer_count(+n), -n when it frees
 * them) and sets a reclaim function, which frees deferred frames (all of
 * them if all, else at least some) and says whether it freed any. The
 * allocator calls it when its free list is empty, before a contiguous
 * search, and vm_page_reclaim_all() calls it until nothing is left
 * (before counts are compared). Lock held by the callers of both.
 */
void vm_page_set_reclaim(bool (*reclaim)(bool all));
void vm_page_defer_count(long n);
void vm_page_reclaim_all(void);

/*
 * npages physically contiguous free pages of the given type (the frame of
 * the lowest is returned; the others follow it in the frame table), or
 * NULL. For multi-page kernel allocations (kernel stacks, large kalloc).
 * Scans the frame table: slower than vm_page_alloc.
 */
struct vm_page *vm_page_alloc_contig(unsigned long npages,
				     enum vm_page_type type);
/* As vm_page_alloc_contig, inside [pmin, pmax) and starting on a
 * multiple of align (a power of two; below PAGE_SIZE means PAGE_SIZE). */
struct vm_page *vm_page_alloc_contig_in(unsigned long npages,
					enum vm_page_type type,
					phys_addr_t pmin, phys_addr_t pmax,
					phys_addr_t align);
/* Free npages contiguous pages from vm_page_alloc_contig. */
void vm_page_free_contig(struct vm_page *page, unsigned long npages);

/* The frame for a physical address, or NULL if outside managed RAM. */
struct vm_page *vm_page_lookup(phys_addr_t pa);

static inline void *vm_page_kva(const struct vm_page *page)
{
	return phystokv(page->phys);
}

/* Counts, for statistics and leak checks: free pages, and all pages of the
 * loaded ranges (reserved ones and the frame table included). */
unsigned long vm_page_count_free(void);
unsigned long vm_page_count_total(void);

#endif /* VM_VM_PAGE_H */
