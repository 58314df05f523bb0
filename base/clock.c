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
#include <base/lock.h>
#include <base/pc_sample.h>
#include <base/sched.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <mach/time_value.h>

static struct list clock_deadlines = LIST_INITIALIZER(clock_deadlines);
/*
 * What a tick without the kernel lock (clock_interrupt_lockless) reads or
 * changes, under clock_leaf: the first deadline of the list (UINT64_MAX
 * if none; changed with the list, under the kernel lock too), the tick
 * count, the wall clock's offset and the mapped time. A leaf: taken with
 * interrupts off, after the arch clock's reading (arch_clock_ns),
 * nothing taken under it. (64-bit fields: no 64-bit atomics on i386.)
 */
static struct spinlock clock_leaf;
static uint64_t clock_next_deadline = UINT64_MAX;
static uint64_t clock_nr_ticks;
static int64_t clock_wall_offset_ns; /* wall clock = uptime + this */
static volatile mapped_time_value_t *clock_mtime;

/* Keep clock_next_deadline the list's first. Lock held, interrupts
 * off. */
static void clock_next_update(void)
{
	uint64_t next = UINT64_MAX;

	if (!list_empty(&clock_deadlines))
		next = list_entry(list_first(&clock_deadlines), struct thread,
				  deadline_node)
			       ->deadline;
	spin_lock(&clock_leaf);
	clock_next_deadline = next;
	spin_unlock(&clock_leaf);
}

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
	clock_next_update();
}

void clock_deadline_remove(struct thread *t)
{
	list_remove(&t->deadline_node);
	clock_next_update();
}

/* The latest uptime the mapped time was written for (clock_leaf). */
static uint64_t clock_mtime_now;

/*
 * Rewrite the mapped time (if any) for uptime now, in the order of
 * clock_map_time: the check fields first, the seconds last, with a store
 * fence between (a compiler barrier on x86; a reader orders its loads the
 * same way). Its callers read the clock before they take clock_leaf, so
 * an earlier reading may come second (a tick's after host_set_time's):
 * the uptime used never goes back. clock_leaf held.
 */
static void clock_mtime_update(uint64_t now)
{
	volatile mapped_time_value_t *mt = clock_mtime;
	int64_t ns, sec, nsec;

	if (now < clock_mtime_now)
		now = clock_mtime_now;
	clock_mtime_now = now;
	ns = (int64_t)now + clock_wall_offset_ns;
	sec = ns / 1000000000;
	nsec = ns % 1000000000;
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

/* Change the wall clock's offset (delta: by that much, else to ns -
 * now) and rewrite the mapped time. */
static void clock_wall_change(bool delta, int64_t ns)
{
	uint64_t now = arch_clock_ns();
	unsigned long s = arch_intr_save();

	spin_lock(&clock_leaf);
	clock_wall_offset_ns =
		delta ? clock_wall_offset_ns + ns : ns - (int64_t)now;
	clock_mtime_update(now);
	spin_unlock(&clock_leaf);
	arch_intr_restore(s);
}

/* *v, read under clock_leaf (64 bits: no 64-bit atomics on i386). */
static uint64_t clock_leaf_read(const uint64_t *v)
{
	unsigned long s = arch_intr_save();
	uint64_t n;

	spin_lock(&clock_leaf);
	n = *v;
	spin_unlock(&clock_leaf);
	arch_intr_restore(s);
	return n;
}

int64_t clock_wall_ns(void)
{
	const uint64_t *offset = (const uint64_t *)&clock_wall_offset_ns;

	return (int64_t)(arch_clock_ns() + clock_leaf_read(offset));
}

void clock_wall_set(int64_t ns)
{
	clock_wall_change(false, ns);
}

void clock_wall_adjust(int64_t delta_ns)
{
	clock_wall_change(true, delta_ns);
}

void clock_map_time(struct mapped_time_value *mtime)
{
	clock_mtime = mtime;
	clock_wall_change(true, 0);
}

/* The tick's own part, clock_leaf held: count it, rewrite the mapped
 * time. */
static void clock_count_tick(uint64_t now)
{
	clock_nr_ticks++;
	clock_mtime_update(now);
}

/* The timer tick. Interrupts disabled. */
void clock_interrupt(void)
{
	uint64_t now = arch_clock_ns();
	struct thread *t;

	assert(!arch_intr_enabled());
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
	spin_lock(&clock_leaf);
	clock_count_tick(now);
	spin_unlock(&clock_leaf);
	clock_interrupt_cpu();
}

void clock_interrupt_cpu(void)
{
	pc_sample_tick(current_thread());
	sched_tick();
}

/* The running thread's tick only counts (no PC sampling, quantum left):
 * charged, true; else false, nothing changed. Interrupts disabled. */
bool clock_interrupt_cpu_lockless(void)
{
	return !pc_sample_wanted(current_thread()) && sched_tick_lockless();
}

bool clock_interrupt_lockless(void)
{
	uint64_t now = arch_clock_ns();
	bool done;

	spin_lock(&clock_leaf);
	done = now < clock_next_deadline && clock_interrupt_cpu_lockless();
	if (done)
		clock_count_tick(now);
	spin_unlock(&clock_leaf);
	return done;
}

uint64_t clock_ticks(void)
{
	return clock_leaf_read(&clock_nr_ticks);
}
