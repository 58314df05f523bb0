/*
 * kern/waitq.c - wait queues with absolute deadlines.
 *
 * A waiting thread is on its queue's FIFO list (wait_node) and, when it
 * has a deadline, on the clock's sorted deadline list (deadline_node).
 * Whoever ends the wait - a waker, the clock, an interruption - takes it
 * off both and makes it runnable with the result.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller.
 */
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <base/sched.h>
#include <base/thread.h>
#include <base/waitq.h>

enum wait_result waitq_wait(struct waitq *wq, uint64_t deadline)
{
	return waitq_block(wq, deadline, NULL);
}

/* End t's wait with result. Returns false if t is not waiting. */
bool waitq_wakeup_thread(struct thread *t, enum wait_result result)
{
	if (!waitq_unwait(t, result))
		return false;
	sched_make_ready(t);
	return true;
}

/* Wake the oldest waiter. */
struct thread *waitq_wakeup_one(struct waitq *wq, enum wait_result result)
{
	struct thread *t;

	if (list_empty(&wq->waiters))
		return NULL;
	t = list_entry(list_first(&wq->waiters), struct thread, wait_node);
	waitq_wakeup_thread(t, result);
	return t;
}

/* Wake every waiter, oldest first; returns how many. */
unsigned int waitq_wakeup_each(struct waitq *wq, enum wait_result result)
{
	unsigned int n = 0;

	while (waitq_wakeup_one(wq, result))
		n++;
	return n;
}

/* Now plus ms milliseconds, saturating at WAITQ_FOREVER. */
uint64_t deadline_after_ms(uint64_t ms)
{
	uint64_t now = arch_clock_ns();

	if (ms > (WAITQ_FOREVER - now) / 1000000)
		return WAITQ_FOREVER;
	return now + ms * 1000000;
}
