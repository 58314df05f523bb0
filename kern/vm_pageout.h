/*
 * kern/vm_pageout.h - pageout: keep a free-page target by giving pages
 * back to their pagers, and the default memory manager.
 *
 * The target is 1/32 of RAM, at least 64 pages. When free pages fall
 * below it, a user fault first runs a pageout pass (vm_pageout_run);
 * a user fault that finds no free page at all waits for the pagers to
 * take what was sent, and tries again. The default memory manager's own
 * faults never wait for pageout (it is the one that makes room); they,
 * and every fault when there is no default manager, sleep a little and
 * try again a bounded number of times before the fault fails.
 *
 * What a pass takes (see docs/vm.md, "Pageout"): the resident pages of
 * objects that exactly one map entry references (refs == 1: so the only
 * mapping of their pages is that entry's, in its map's pmap - the HAL has
 * no reverse map), with no shadow, not shared, not wired, not busy, in
 * maps other than the default manager's. Clean pages of a pager's object
 * are dropped; the others go back with memory_object_data_return (or
 * data_initialize), anonymous objects first getting a default-pager
 * object with memory_object_create. Without a default manager anonymous
 * pages stay.
 *
 * Lock order: the kernel lock (splhigh); everything here runs under it.
 */
#ifndef VM_VM_PAGEOUT_H
#define VM_VM_PAGEOUT_H

#include <mach/kern_return.h>

struct port;
struct vm_map;

/* The free-page target (pages). */
unsigned long vm_pageout_target(void);

/*
 * One pass: send back up to want pages (0: as many as the target asks
 * for, the target minus the free pages, at least 16). Returns the number
 * of pages sent or dropped. Kernel lock held; never blocks.
 */
unsigned long vm_pageout_run(unsigned long want);

/*
 * vm_set_default_memory_manager: *manager (a send right, consumed; NULL:
 * only ask) becomes the default memory manager, and *manager is set to
 * the previous one (a send right for the caller, NULL if none). The
 * calling task's map is the manager's: its pages are never paged out and
 * its faults never wait. Kernel lock held.
 */
kern_return_t vm_pageout_set_default_manager(struct port **manager);

/*
 * Boot: install the fault path's pressure hook (vm_fault.h), which also
 * makes a fault that found no free page wait a little and try again
 * when no default manager can help. Idempotent.
 */
void vm_pageout_init(void);

#endif /* VM_VM_PAGEOUT_H */
