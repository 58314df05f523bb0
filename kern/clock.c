/*
 * kern/clock.c - the periodic tick and the deadline list.
 *
 * Waiting threads with a deadline sit on one list sorted by deadline
 * (equal deadlines in arrival order). Each tick wakes those whose deadline
 * has passed, earliest first, then charges the running thread's quantum.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller.
 */
#include <kern/arch.h>
#include <kern/clock.h>
#include <kern/debug.h>
#include <kern/sched.h>
#include <kern/thread.h>
#include <kern/waitq.h>

static struct list clock_deadlines = LIST_INITIALIZER(clock_deadlines);
static uint64_t clock_nr_ticks;

/* Insert t (deadline set) after every thread due no later. Lock held. */
void clock_deadline_add(struct thread *t)
{
	struct list *node;

	assert(list_node_unlinked(&t->deadline_node));
	list_for_each(&clock_deadlines, node)
	{
		if (list_entry(node, struct thread, deadline_node)->deadline >
		    t->deadline)
			break;
	}
	list_insert_before(node, &t->deadline_node);
}

void clock_deadline_remove(struct thread *t)
{
	list_remove(&t->deadline_node);
}

/* The timer tick. Interrupts disabled. */
void clock_interrupt(void)
{
	uint64_t now = arch_clock_ns();
	struct thread *t;

	assert(!arch_intr_enabled());
	clock_nr_ticks++;
	while (!list_empty(&clock_deadlines)) {
		t = list_entry(list_first(&clock_deadlines), struct thread,
			       deadline_node);
		if (t->deadline > now)
			break;
		if (!waitq_wakeup_thread(t, WAIT_TIMED_OUT))
			panic("clock: thread %s on the deadline list is not "
			      "waiting",
			      t->name);
	}
	sched_tick();
}

uint64_t clock_ticks(void)
{
	return clock_nr_ticks;
}
