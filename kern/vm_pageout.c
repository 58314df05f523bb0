/*
 * kern/vm_pageout.c - the pageout pass, the free-page target and the
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
#include <base/arch.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/waitq.h>
#include <ipc/port.h>
#include <kern/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <kern/vm_pageout.h>

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

/* Could a pass take pages of e's object? No side effects. Lock held. */
static bool entry_candidate(const struct vm_map_entry *e)
{
	const struct vm_object *obj = e->object;

	if (obj == NULL || e->wired || e->needs_copy || obj->shadow != NULL ||
	    obj->shared || obj->resident == 0 ||
	    vm_object_refs((struct vm_object *)obj) != 1)
		return false;
	return obj->pager != NULL ? !obj->pager->dead : manager_alive();
}

/* Can a pass take pages of e's object? Gives an anonymous object its
 * default-pager object first. Lock held. */
static bool entry_pageable(struct vm_map_entry *e)
{
	struct vm_object *obj = e->object;

	if (!entry_candidate(e))
		return false;
	if (obj->pager == NULL &&
	    memory_object_default_create(obj, default_manager) != KERN_SUCCESS)
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

/* Page out up to want pages of e's object in e's range, oldest resident
 * first (pages are appended to the object's list as they come in).
 * *stuck is set when the pager could not take a page. Lock held. */
static unsigned long scan_entry(struct vm_map *map, struct vm_map_entry *e,
				unsigned long want, bool *stuck)
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
			      page)) {
			*stuck = true;
			break;
		}
		n++;
	}
	return n;
}

/* Objects a pass tries at most (largest first), and the smallest object
 * (resident pages) it takes from while a bigger one is left. */
#define PASS_OBJECTS 16

/* The pageable entry (not in the default manager's map, not tried yet)
 * whose object has the most resident pages; NULL if none. Lock held. */
static struct vm_map_entry *largest_entry(struct vm_object *const *tried,
					  int ntried, struct vm_map **mapp)
{
	struct vm_map_entry *best = NULL;
	unsigned long most = 0;
	struct list *mnode;

	list_for_each (vm_map_list(), mnode) {
		struct vm_map *map = list_entry(mnode, struct vm_map, all_node);
		struct vm_map_entry *e;

		if (map == default_map)
			continue;
		for (e = vm_map_first_above(map, 0); e != NULL;
		     e = vm_map_next(map, e)) {
			int i;

			if (e->object == NULL || e->object->resident <= most ||
			    !entry_candidate(e))
				continue;
			for (i = 0; i < ntried && tried[i] != e->object; i++)
				;
			if (i < ntried)
				continue;
			best = e;
			most = e->object->resident;
			*mapp = map;
		}
	}
	return best;
}

unsigned long vm_pageout_run(unsigned long want)
{
	unsigned long n = 0, target = vm_pageout_target();
	unsigned long free = vm_page_count_free();
	struct vm_object *tried[PASS_OBJECTS];
	int ntried = 0;

	/* Big batches: the deficit and half the target more, so that the
	 * pagers get a good share of work per pass. */
	if (want == 0)
		want = (free < target ? target - free : 0) + target / 2;
	/* Largest objects first: the small ones (text, stacks) are the
	 * hot ones, and would only fault straight back. */
	while (n < want && ntried < PASS_OBJECTS) {
		struct vm_map *map = NULL;
		struct vm_map_entry *e = largest_entry(tried, ntried, &map);
		bool stuck = false;

		if (e == NULL)
			break;
		tried[ntried++] = e->object;
		n += scan_entry(map, e, want - n, &stuck);
		if (stuck)
			break;
	}
	return n;
}

/*
 * Pacing: the pages a pass sends are free only once their pager has
 * taken them (deallocated the message's copy). Until then another pass
 * would only send more of the working set (every fault below the target
 * would send a batch). So after a pass that sent pages, the next one
 * waits until free pages rose above what the pass left (the pager took
 * something), or the faulting thread slept (the pager could run), or
 * free pages fell below half the target. Lock held.
 */
static bool pass_in_flight;
static unsigned long free_after_pass;

static void pageout_maybe_run(void)
{
	unsigned long target = vm_pageout_target();
	unsigned long free = vm_page_count_free();

	if (free >= target) {
		pass_in_flight = false;
		return;
	}
	if (pass_in_flight && free <= free_after_pass && free >= target / 2)
		return;
	pass_in_flight = vm_pageout_run(0) != 0;
	free_after_pass = vm_page_count_free();
}

/*
 * A fault found no free page and no pass can help (no default manager,
 * or the faulting task is the manager): sleep once, so that what frees
 * memory (a task ending, a failure injected for a test) can run, and let
 * the fault try again (vm_fault tries a bounded number of times). Lock
 * held.
 */
static bool shortage_wait(void)
{
	return waitq_wait(&pageout_waitq, deadline_after_ms(PAGEOUT_WAIT_MS)) !=
	       WAIT_INTERRUPTED;
}

/*
 * vm_fault_pressure_hook: before a user fault in map (and again after
 * one that found no memory, short_now), run a pass when free pages are
 * below the target (paced, above), then sleep while they stay below half
 * of it (the pagers are taking what was sent). The default manager never
 * waits. Returns whether it waited (then the fault is worth another
 * try). Lock held.
 */
static bool pageout_pressure(struct vm_map *map, bool short_now)
{
	unsigned long target = vm_pageout_target();
	bool waited = false;

	if (map == default_map || !manager_alive())
		return short_now && shortage_wait();
	pageout_maybe_run();
	for (int i = 0; i < PAGEOUT_WAIT_TRIES && manager_alive(); i++) {
		if (!short_now && vm_page_count_free() >= target / 2)
			break;
		short_now = false;
		if (waitq_wait(&pageout_waitq,
			       deadline_after_ms(PAGEOUT_WAIT_MS)) ==
		    WAIT_INTERRUPTED)
			break;
		waited = true;
		pass_in_flight = false; /* the pagers could run */
		pageout_maybe_run();
	}
	return waited;
}

void vm_pageout_init(void)
{
	if (pageout_ready)
		return;
	waitq_init(&pageout_waitq);
	vm_fault_pressure_hook = pageout_pressure;
	pageout_ready = true;
}

kern_return_t vm_pageout_set_default_manager(struct port **manager)
{
	struct port *old = default_manager;
	struct task *task = current_task();

	vm_pageout_init();
	if (!PORT_VALID(*manager)) {
		*manager = PORT_VALID(old) ? ipc_port_copy_send(old) : NULL;
		return KERN_SUCCESS;
	}
	default_manager = *manager;
	default_map = task != NULL ? task->map : NULL;
	*manager = old;
	return KERN_SUCCESS;
}
