/*
 * base/sched.h - the preemptive priority scheduler.
 *
 * One run queue: a list per priority and a bitmap of non-empty lists. The
 * highest-priority READY thread runs; threads of equal priority share the
 * CPU round-robin by quantum. A thread woken with a higher priority than
 * the running one preempts it at the next preemption point (return from
 * interrupt or trap, or the end of a kernel critical section that calls
 * sched_preempt_point). The idle thread runs only when nothing is READY.
 *
 * Policies (Mach's, <mach/policy.h>): POLICY_TIMESHARE threads get a
 * quantum of THREAD_QUANTUM ticks, POLICY_FIXEDPRI threads the quantum
 * they asked for. Neither ages the priority: a thread keeps the priority
 * it was given under both.
 *
 * All functions are called with the kernel lock held (splhigh).
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>
#include <base/thread.h>

struct runq {
	uint64_t bitmap; /* bit p set: queue[p] non-empty */
	struct list queue[NR_PRIORITIES];
	unsigned int count;
};

void runq_init(struct runq *rq);
/* Append t at its priority. */
void runq_insert(struct runq *rq, struct thread *t);
/* Put t at the head of its priority (it was preempted, not yielded). */
void runq_insert_head(struct runq *rq, struct thread *t);
void runq_remove(struct runq *rq, struct thread *t);
/* The highest-priority thread, not removed; NULL if empty. */
struct thread *runq_peek(const struct runq *rq);
/* Remove and return the highest-priority thread; NULL if empty. */
struct thread *runq_pop(struct runq *rq);

/* Boot (from thread_bootstrap): empty run queue, boot is the running
 * thread. */
void sched_bootstrap(struct thread *boot);
/* Boot: create the idle thread. After thread_bootstrap. */
void sched_init(void);
/* Take a READY thread off the run queue (it is being suspended). */
void sched_dequeue(struct thread *t);
/*
 * Direct handoff: the current thread, no longer RUNNING (waiting, say),
 * gives the CPU to next, a thread that was waiting and has just been
 * taken off its queue (waitq_unwait), without a trip through the run
 * queue: an RPC's partner runs at once. If next is suspended or a READY
 * thread outranks it, next is made ready and the best thread runs
 * instead. Returns when the current thread runs again. Lock held.
 */
void sched_switch_to(struct thread *next);
/* Set t's base and current priority, requeueing it if READY; requests a
 * reschedule when the change lets another thread preempt. */
void sched_set_priority(struct thread *t, int prio);
/*
 * Set t's policy: POLICY_TIMESHARE (quantum_ticks is ignored: a quantum
 * of THREAD_QUANTUM) or POLICY_FIXEDPRI with a quantum of quantum_ticks
 * (>= 1). The priority does not change. The new length applies from t's
 * next quantum; the quantum left now is cut to it if longer. Lock taken
 * inside.
 */
void sched_set_policy(struct thread *t, int policy, unsigned int quantum_ticks);
/* A quantum of ms milliseconds in clock ticks: rounded up, at least one. */
unsigned int sched_ms_to_ticks(int ms);
/* Clock ticks in milliseconds (what thread_info reports). */
int sched_ticks_to_ms(unsigned int ticks);
/* True if t is the idle thread. */
bool sched_thread_is_idle(const struct thread *t);
/* Make t READY (or SUSPENDED if its suspend count is positive). */
void sched_make_ready(struct thread *t);
/*
 * Give up the CPU: the current thread must already have its new state
 * (READY threads are re-queued; WAITING and DEAD are not). Returns when the
 * current thread runs again.
 */
void sched_switch(void);
/* Yield to a thread of equal or higher priority, if any. */
void sched_yield_cpu(void);
/* Ask for a reschedule at the next preemption point. */
void sched_request_resched(void);
/* True if a reschedule has been requested. */
extern bool sched_resched; /* set when a ready thread should run */
static inline bool sched_resched_pending(void)
{
	return sched_resched;
}
/* True if thread_user_return has work for t (the running thread): exit,
 * reschedule or suspension. Interrupts disabled. */
static inline bool thread_user_work(const struct thread *t)
{
	return t->should_exit || t->suspend_count > 0 ||
	       sched_resched_pending();
}
/*
 * A preemption point: if a reschedule is pending, switch. Called by the
 * arch on return from interrupts and traps, with the lock held.
 */
void sched_preempt_point(void);
/* Called by clock_interrupt each tick for the running thread. */
void sched_tick(void);
/* Number of READY threads (for tests). */
unsigned int sched_ready_count(void);

#endif /* KERN_SCHED_H */
