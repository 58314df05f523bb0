/*
 * base/sched.h - the preemptive priority scheduler.
 *
 * A run queue: a list per priority and a bitmap of non-empty lists. The
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
 * Each processor has a run queue; each runs the best READY thread of
 * all the queues, its own queue's first at equal priority, its own idle
 * thread when none is READY (a thread runs on one processor at a time).
 * A thread made ready goes to the queue of the current processor if it
 * outranks the thread running here, else of an idle processor, else of
 * the one running the least urgent thread it outranks, which is asked to
 * reschedule (a reschedule interrupt); if it outranks none, to the
 * current processor's queue. An idle processor takes (steals) READY
 * threads from any queue; a thread put back on its queue by preemption
 * wakes an idle processor to take it.
 *
 * All functions are called with the kernel lock held (splhigh).
 */
#ifndef KERN_SCHED_H
#define KERN_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <base/clock.h>
#include <base/cpu.h>
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
static inline struct thread *runq_peek(const struct runq *rq)
{
	if (!rq->bitmap)
		return NULL;
	return list_entry(list_first(&rq->queue[__builtin_ctzll(rq->bitmap)]),
			  struct thread, run_node);
}
/* Remove and return the highest-priority thread; NULL if empty. */
struct thread *runq_pop(struct runq *rq);

/* Boot (from thread_bootstrap): empty run queues, boot is the running
 * thread. */
void sched_bootstrap(struct thread *boot);
/* Boot: create the idle thread. After thread_bootstrap. */
void sched_init(void);
/* Before processor i (not the boot one) starts: make its idle thread,
 * so that the thread count is final before any task runs. Lock held. */
void sched_cpu_prepare(unsigned int i);
/* Processor i joins the scheduler: its running flow (on the arch's
 * stack) becomes the idle thread sched_cpu_prepare made. Interrupts off,
 * lock not held, its struct cpu reachable (cpu_self). Never returns. */
noreturn void sched_cpu_run(void);
/* Ask the processor running t (RUNNING, not the current thread) to pass a
 * preemption point soon (suspension, exit). Lock held. */
void sched_poke_thread(struct thread *t);
/* Woken whenever a thread leaves the CPU suspended (thread_wait_stopped). */
extern struct waitq sched_stopped_wq;
/* Take a READY thread off its run queue (it is being suspended). */
void sched_dequeue(struct thread *t);
/*
 * Direct handoff: the current thread, no longer RUNNING (waiting, say),
 * gives the CPU to next, a thread that was waiting and has just been
 * taken off its queue (waitq_unwait), without a trip through the run
 * queue: an RPC's partner runs at once. If next is suspended or a READY
 * thread outranks it, next is made ready and the best thread runs
 * instead. Returns when the current thread runs again. Lock held.
 */
/* (inline below, with the other steps of the fast path) */
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
static inline bool sched_resched_pending(void)
{
	return cpu_self()->resched;
}
/* True if thread_user_return has work for t (the running thread of
 * processor c, the running one): exit, reschedule or suspension.
 * Interrupts disabled. */
static inline bool thread_user_work_on(const struct thread *t,
				       const struct cpu *c)
{
	return t->should_exit || t->suspend_count > 0 || c->resched;
}

/* thread_user_work_on the running processor. */
static inline bool thread_user_work(const struct thread *t)
{
	return thread_user_work_on(t, cpu_self());
}
/*
 * processor_exit: processor i (online, not the boot processor) stops
 * running threads: its READY ones go to the others' queues, the one it
 * runs leaves at its next preemption point (at the latest when its
 * quantum ends) and it runs its idle thread only (one that has not
 * joined the scheduler yet parks as it joins); false if it is the boot
 * processor or parked already. processor_start undoes it
 * (sched_cpu_unpark; false if i is not parked). Lock held.
 */
bool sched_cpu_park(unsigned int i);
bool sched_cpu_unpark(unsigned int i);
/*
 * Boot: wait until processor i, started by the arch, has joined the
 * scheduler (sched_cpu_run), the kernel lock released meanwhile: a
 * processor that spins for the lock may otherwise wait long while the
 * boot processor takes it again and again. Lock held on entry and
 * return.
 */
void sched_cpu_wait_joined(unsigned int i);

/*
 * A preemption point: if a reschedule is pending, switch. Called by the
 * arch on return from interrupts and traps, with the lock held.
 */
void sched_preempt_point(void);
/* Called by clock_interrupt each tick for the running thread. */
void sched_tick(void);
/* sched_tick without the kernel lock if the tick only counts (true);
 * false, nothing changed, if it must run under the lock (sched.c). */
bool sched_tick_lockless(void);
/* Number of READY threads on the run queues (all of them). */
unsigned int sched_ready_count(void);

/* ---- Inline steps of the fast path ---- */

void sched_switch_to_slow(struct thread *next);

/* The run queues of READY threads, one per processor (base/sched.c's),
 * and the priorities present in any of them (bit p: some queue holds a
 * READY thread of priority p). */
extern struct runq sched_runqs[CPU_MAX];
extern uint64_t sched_ready_prios;

/*
 * waitq_unwait of a thread its caller knows is waiting (the first on a
 * wait queue) with no deadline (its deadline node unlinked): the same,
 * without the two tests.
 */
static inline void waitq_unwait_untimed(struct thread *t,
					enum wait_result result)
{
	list_remove(&t->wait_node);
	t->wq = NULL;
	t->deadline = WAITQ_FOREVER;
	t->wait_result = result;
	t->state = THREAD_READY; /* but on no run queue: see waitq.h */
}

/*
 * End t's wait with result but leave it on no run queue (state READY):
 * the caller must, in the same critical section, hand it the CPU
 * (waitq_wait_handoff) or make it ready (sched_make_ready). Returns false
 * if t was not waiting. (A base/waitq.h function, inline here.)
 */
static inline bool waitq_unwait(struct thread *t, enum wait_result result)
{
	if (t->state != THREAD_WAITING)
		return false;
	if (!list_node_unlinked(&t->deadline_node))
		clock_deadline_remove(t);
	waitq_unwait_untimed(t, result);
	return true;
}

/*
 * Run next now in place of prev (no longer RUNNING); returns when prev
 * runs again. A handoff: next runs on what is left of prev's quantum, so
 * that two threads handing the processor to each other (an RPC pair) are
 * preempted when their shared quantum runs out, as one thread would be,
 * and do not starve the READY threads of their priority (at most next's
 * own quantum length; a reschedule request stands if none is left:
 * sched_tick's).
 */
static inline void sched_switch_account(struct thread *prev,
					struct thread *next)
{
	struct cpu *c = cpu_self();
	unsigned int left = prev->quantum;

	c->resched = left == 0;
	next->quantum = left < next->quantum_ticks ? left : next->quantum_ticks;
	next->state = THREAD_RUNNING;
	c->current = next;
}

static inline void sched_switch_now(struct thread *prev, struct thread *next)
{
	sched_switch_account(prev, next);
	arch_thread_switch(prev, next);
	thread_reap_pending();
}

/* sched_switch_now for the fast path's RPC: prev's kernel frames dropped
 * if the arch can (arch_thread_switch_drop), and then it does not
 * return. */
static inline void sched_switch_now_drop(struct thread *prev,
					 struct thread *next)
{
	sched_switch_account(prev, next);
	arch_thread_switch_drop(prev, next);
	thread_reap_pending();
}

/* sched_switch_now by a processor holding the kernel lock shared
 * (base/lock.h): returns, prev running again, with the lock exclusive. */
static inline void sched_switch_now_shared(struct thread *prev,
					   struct thread *next)
{
	sched_switch_account(prev, next);
	arch_thread_switch_shared(prev, next);
	thread_reap_pending();
}

/* sched_switch_to from cur (the current thread), inline for the fast
 * path: its common case here (next not suspended, nothing READY on any
 * queue outranks it, cur not READY). */
static inline void sched_switch_to(struct thread *cur, struct thread *next)
{
	uint64_t ready = sched_ready_prios;

	if (next->suspend_count > 0 || cur->state == THREAD_READY ||
	    (ready != 0 && __builtin_ctzll(ready) < next->priority)) {
		sched_switch_to_slow(next);
		return;
	}
	sched_switch_now(cur, next);
}

/* cur (the current thread, RUNNING) waits on wq until deadline (its
 * timer is the caller's to set): queued, WAITING, still running until it
 * switches. */
static inline void waitq_enqueue(struct thread *cur, struct waitq *wq,
				 uint64_t deadline)
{
	cur->wq = wq;
	cur->deadline = deadline;
	cur->wait_result = WAIT_AWAKENED;
	list_insert_tail(&wq->waiters, &cur->wait_node);
	cur->state = THREAD_WAITING;
}

/* Block on wq; hand the CPU to next (NULL: the scheduler's choice), or
 * make next ready when the wait ends at once. Lock held on entry and
 * return. Inlined into both callers (the handoff is the fast path's). */
static inline __attribute__((always_inline)) enum wait_result
waitq_block(struct waitq *wq, uint64_t deadline, struct thread *next)
{
	struct thread *cur = current_thread();
	enum wait_result now = WAIT_AWAKENED;

	assert(!arch_intr_enabled());
	assert(cur->state == THREAD_RUNNING);
	if (cur->should_exit) /* terminated: on its way out, never blocks */
		now = WAIT_INTERRUPTED;
	else if (deadline != WAITQ_FOREVER && deadline <= arch_clock_ns())
		now = WAIT_TIMED_OUT;
	if (now != WAIT_AWAKENED) {
		if (next != NULL)
			sched_make_ready(next);
		return now;
	}
	waitq_enqueue(cur, wq, deadline);
	if (deadline != WAITQ_FOREVER)
		clock_deadline_add(cur);
	if (next != NULL)
		sched_switch_to(cur, next);
	else
		sched_switch();
	return cur->wait_result;
}

/* See base/waitq.h; inline for the fast path. */
static inline enum wait_result
waitq_wait_handoff(struct waitq *wq, uint64_t deadline, struct thread *next)
{
	return waitq_block(wq, deadline, next);
}

#endif /* KERN_SCHED_H */
