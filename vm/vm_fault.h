/*
 * vm/vm_fault.h - resolving page faults on user addresses.
 *
 * A fault looks up the map entry, checks the access against its
 * protection, walks the object's shadow chain for the page, zero-fills a
 * page missing from the whole chain (in the entry's own object), copies a
 * shadow's page up into the entry's object on write (after giving a
 * copy-on-write entry its own object), and enters the page in the pmap:
 * writable only if the entry allows writing and the page is the entry's
 * own.
 *
 * Lock order: takes the kernel lock (splhigh) itself; callable with it
 * held (copyin/copyout under a critical section) or not (the page-fault
 * handler, interrupts enabled). Objects and pages nest inside.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

/* VM_FAULT_READ, _WRITE, _EXECUTE and vm_fault, which the arch's
 * page-fault handler calls. */
#include <base/arch_callbacks.h>

/* Counters for vm_statistics (kernel lock). */
struct vm_fault_stats {
	unsigned long faults;	  /* resolved or refused */
	unsigned long zero_fills; /* pages zero-filled */
	unsigned long cow_faults; /* pages copied up a shadow chain */
	unsigned long pageins;	  /* pages a pager supplied */
	unsigned long pageouts;	  /* pages sent to a pager */
};
extern struct vm_fault_stats vm_fault_stats;

struct task;
struct vm_map;
struct vm_page;

/*
 * Set by kern/vm_pageout.c (vm_fault.c does not link it; NULL until a
 * default memory manager is registered): called before a user fault in
 * map, and again with short_now after one that found no memory; it may
 * run a pageout pass and wait for free pages. Returns true when it
 * waited (the fault is then tried again). Kernel lock held.
 */
extern bool (*vm_fault_pressure_hook)(struct vm_map *map, bool short_now);

/*
 * Inside vm/: resolve addr in map for access as vm_fault does (force:
 * ignore the entry's protection, for kernel reads and writes) and return
 * the page that now backs it (for a write, the entry's own page) in
 * *page. Kernel lock held; may block on a pager (KERN_ABORTED when the
 * wait is interrupted).
 */
int vm_fault_page(struct vm_map *map, uintptr_t addr, int access, bool force,
		  struct vm_page **page);

#endif /* VM_VM_FAULT_H */
