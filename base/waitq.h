/*
 * base/waitq.h - wait queues with absolute deadlines.
 *
 * A thread blocks on a wait queue until another thread wakes it, its
 * deadline passes, or it is interrupted (thread_abort). Deadlines are
 * absolute times in nanoseconds of arch_clock_ns(); WAITQ_FOREVER means
 * none. Waiters are woken in FIFO order.
 *
 * All functions are called with the kernel lock held (splhigh, see
 * base/lock.h). waitq_wait blocks and returns with the lock held again.
 */
#ifndef KERN_WAITQ_H
#define KERN_WAITQ_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>

struct thread;

#define WAITQ_FOREVER UINT64_MAX

/* Why a wait ended. */
enum wait_result {
	WAIT_AWAKENED = 0,
	WAIT_TIMED_OUT,
	WAIT_INTERRUPTED,
};

struct waitq {
	struct list waiters; /* struct thread, by wait_node, FIFO */
};

static inline void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}
static inline bool waitq_empty(const struct waitq *wq)
{
	return list_empty(&wq->waiters);
}

/*
 * Block the current thread on wq until woken, until deadline (absolute ns;
 * a deadline already past returns WAIT_TIMED_OUT at once), or until
 * interrupted. A thread told to exit (thread_terminate) does not block:
 * WAIT_INTERRUPTED at once. Lock held on entry and on return.
 */
enum wait_result waitq_wait(struct waitq *wq, uint64_t deadline);

/*
 * The same, handing the CPU to next when the current thread blocks
 * (sched_switch_to): next is a thread waitq_unwait took off its queue. If
 * the wait ends at once (deadline past, thread terminated) next is made
 * ready instead.
 */
/* (inline in base/sched.h) */
/* waitq_unwait(t, result): in base/sched.h (inline, it needs struct
 * thread). */
/* Wake the oldest waiter with result; returns it, or NULL if none. */
struct thread *waitq_wakeup_one(struct waitq *wq, enum wait_result result);
/* Wake every waiter with result; returns how many. */
unsigned int waitq_wakeup_each(struct waitq *wq, enum wait_result result);
static inline unsigned int waitq_wakeup_all(struct waitq *wq,
					    enum wait_result result)
{
	return waitq_empty(wq) ? 0 : waitq_wakeup_each(wq, result);
}
/*
 * Wake thread t, waiting on whatever queue, with result. Returns false if t
 * was not waiting.
 */
bool waitq_wakeup_thread(struct thread *t, enum wait_result result);

/* Convert a relative timeout in milliseconds to an absolute deadline. */
uint64_t deadline_after_ms(uint64_t ms);

#endif /* KERN_WAITQ_H */
