/*
 * vm/vm_pageout.c - the pageout pass, the free-page target and the
 * default memory manager (see vm_pageout.h).
 *
 * There is no pageout thread: a pass runs where nothing is half-done,
 * at the start of a user fault (through vm_fault_pressure_hook, which
 * vm_fault.c calls without linking this file) and from the test
 * interface's pageout routine. Sending never blocks: messages are
 * delivered under the kernel lock.
 *
 * Lock order: the kernel lock (splhigh) -> vm_object -> vm_page / kmem.
 */
#include <kern/arch.h>
#include <kern/lock.h>
#include <kern/task.h>
#include <kern/waitq.h>
#include <ipc/port.h>
#include <vm/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>
#include <vm/vm_pageout.h>

/* How long a faulting thread sleeps while the pagers make room, and how
 * many times before it tries the fault anyway. */
#define PAGEOUT_WAIT_MS	   10
#define PAGEOUT_WAIT_TRIES 1000

/* The default memory manager: a send right, or NULL; its task's map
 * (weak: compared only, never followed). */
static struct port *default_manager;
static const struct vm_map *default_map;
static struct waitq pageout_waitq;
static bool pageout_ready;

unsigned long vm_pageout_target(void)
{
	unsigned long t = vm_page_count_total() / 32;

	return t < 64 ? 64 : t;
}

static bool manager_alive(void)
{
	return PORT_VALID(default_manager) && default_manager->active;
}

/* Can a pass take pages of e's object? Gives an anonymous object its
 * default-pager object first. Lock held. */
static bool entry_pageable(struct vm_map_entry *e)
{
	struct vm_object *obj = e->object;

	if (obj == NULL || e->wired || e->needs_copy || obj->shadow != NULL ||
	    obj->shared || vm_object_refs(obj) != 1 || obj->resident == 0)
		return false;
	if (obj->pager == NULL &&
	    (!manager_alive() ||
	     memory_object_default_create(obj, default_manager) !=
		     KERN_SUCCESS))
		return false;
	return !obj->pager->dead;
}

/* Drop or send one page mapped (if at all) at va in pmap. false when its
 * pager could not take it (the page stays). Lock held. */
static bool page_out(struct pmap *pmap, uintptr_t va, struct vm_page *page)
{
	pmap_remove(pmap, va, va + PAGE_SIZE);
	if (page->flags & VM_PAGE_CLEAN) {
		vm_object_page_free(page); /* the pager has it */
		return true;
	}
	return memory_object_page_return(page) == KERN_SUCCESS;
}

/* Page out up to want pages of e's object in e's range. Lock held. */
static unsigned long scan_entry(struct vm_map *map, struct vm_map_entry *e,
				unsigned long want)
{
	struct vm_object *obj = e->object;
	uint64_t end = e->offset + (e->end - e->start);
	struct list *node, *next;
	unsigned long n = 0;

	if (!entry_pageable(e))
		return 0;
	for (node = list_first(&obj->pages); node != &obj->pages && n < want;
	     node = next) {
		struct vm_page *page = list_entry(node, struct vm_page, node);

		next = node->next;
		if (page->offset < e->offset || page->offset >= end ||
		    page->wire_count != 0 ||
		    (page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR)))
			continue;
		if (!page_out(vm_map_pmap(map),
			      e->start + (uintptr_t)(page->offset - e->offset),
			      page))
			break;
		n++;
	}
	return n;
}

unsigned long vm_pageout_run(unsigned long want)
{
	unsigned long n = 0, target = vm_pageout_target();
	unsigned long free = vm_page_count_free();
	struct list *mnode;

	if (want == 0)
		want = (free < target ? target - free : 0) + 16;
	list_for_each (vm_map_list(), mnode) {
		struct vm_map *map = list_entry(mnode, struct vm_map, all_node);
		struct vm_map_entry *e;

		if (map == default_map)
			continue;
		for (e = vm_map_first_above(map, 0); e != NULL && n < want;
		     e = vm_map_next(map, e))
			n += scan_entry(map, e, want - n);
		if (n >= want)
			break;
	}
	return n;
}

/*
 * vm_fault_pressure_hook: before a user fault in map (and again after
 * one that found no memory, short_now), run a pass when free pages are
 * below the target, then sleep while they stay below half of it (the
 * pagers are taking what was sent). The default manager never waits.
 * Returns whether it waited (then the fault is worth another try).
 * Lock held.
 */
static bool pageout_pressure(struct vm_map *map, bool short_now)
{
	unsigned long target = vm_pageout_target();
	bool waited = false;

	if (map == default_map)
		return false;
	if (vm_page_count_free() < target)
		vm_pageout_run(0);
	for (int i = 0; i < PAGEOUT_WAIT_TRIES && manager_alive(); i++) {
		if (!short_now && vm_page_count_free() >= target / 2)
			break;
		short_now = false;
		if (waitq_wait(&pageout_waitq,
			       deadline_after_ms(PAGEOUT_WAIT_MS)) ==
		    WAIT_INTERRUPTED)
			break;
		waited = true;
		if (vm_page_count_free() < target)
			vm_pageout_run(0);
	}
	return waited;
}

kern_return_t vm_pageout_set_default_manager(struct port **manager)
{
	struct port *old = default_manager;
	struct task *task = current_task();

	if (!pageout_ready) {
		waitq_init(&pageout_waitq);
		vm_fault_pressure_hook = pageout_pressure;
		pageout_ready = true;
	}
	if (!PORT_VALID(*manager)) {
		*manager = PORT_VALID(old) ? port_copy_send(old) : NULL;
		return KERN_SUCCESS;
	}
	default_manager = *manager;
	default_map = task != NULL ? task->map : NULL;
	*manager = old;
	return KERN_SUCCESS;
}
