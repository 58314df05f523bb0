/*
 * base/clock.c - the periodic tick and the deadline list.
 *
 * Waiting threads with a deadline sit on one list sorted by deadline
 * (equal deadlines in arrival order). Each tick wakes those whose deadline
 * has passed, earliest first, then charges the running thread's quantum.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller.
 */
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <base/pc_sample.h>
#include <base/sched.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <mach/time_value.h>

static struct list clock_deadlines = LIST_INITIALIZER(clock_deadlines);
static uint64_t clock_nr_ticks;
static int64_t clock_wall_offset_ns; /* wall clock = uptime + this */
static volatile mapped_time_value_t *clock_mtime;

/* Insert t (deadline set) after every thread due no later. Lock held. */
void clock_deadline_add(struct thread *t)
{
	struct list *node;

	assert(list_node_unlinked(&t->deadline_node));
	list_for_each (&clock_deadlines, node) {
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

/*
 * Rewrite the mapped time (if any) in the order of clock_map_time: the
 * check fields first, the seconds last, with a store fence between
 * (a compiler barrier on x86; a reader orders its loads the same way).
 */
static void clock_mtime_update(void)
{
	volatile mapped_time_value_t *mt = clock_mtime;
	int64_t ns = clock_wall_ns();
	int64_t sec = ns / 1000000000, nsec = ns % 1000000000;

	if (mt == NULL)
		return;
	if (nsec < 0) {
		sec--;
		nsec += 1000000000;
	}
	mt->check_seconds = (integer_t)sec;
	mt->check_seconds64 = sec;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	mt->microseconds = (integer_t)(nsec / 1000);
	mt->time_value.nanoseconds = nsec;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	mt->seconds = (integer_t)sec;
	mt->time_value.seconds = sec;
}

int64_t clock_wall_ns(void)
{
	return (int64_t)arch_clock_ns() + clock_wall_offset_ns;
}

void clock_wall_set(int64_t ns)
{
	clock_wall_offset_ns = ns - (int64_t)arch_clock_ns();
	clock_mtime_update();
}

void clock_wall_adjust(int64_t delta_ns)
{
	clock_wall_offset_ns += delta_ns;
	clock_mtime_update();
}

void clock_map_time(struct mapped_time_value *mtime)
{
	clock_mtime = mtime;
	clock_mtime_update();
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
	clock_mtime_update();
	clock_interrupt_cpu();
}

void clock_interrupt_cpu(void)
{
	pc_sample_tick(current_thread());
	sched_tick();
}

uint64_t clock_ticks(void)
{
	return clock_nr_ticks;
}
