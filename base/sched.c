/*
 * kern/sched.c - run queue, thread switching and the idle thread.
 *
 * One run queue holds the READY threads: a FIFO list per priority and a
 * bitmap of the non-empty lists, so picking the next thread is a
 * find-first-set. The running thread is not on the queue, nor is the idle
 * thread ever: it runs when the queue is empty.
 *
 * A thread leaving the CPU while READY goes back to the head of its list
 * if it was preempted with quantum left, to the tail (with a new quantum)
 * if its quantum ran out or it yielded. A quantum is t->quantum_ticks
 * long: THREAD_QUANTUM under timesharing, thread_policy's under
 * POLICY_FIXEDPRI (sched_set_policy).
 *
 * The idle thread has priority PRIO_IDLE, a level threads may use too; it
 * never competes with them: sched_outranks puts every thread before it.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller.
 */
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/thread.h>

struct runq sched_runq; /* base/sched.h */
struct thread *sched_current;
static struct thread *sched_idle;
bool sched_resched; /* kern/sched.h: sched_resched_pending */

#define MS_PER_TICK (1000 / CLOCK_HZ)

_Static_assert(NR_PRIORITIES <= 64, "the run queue bitmap is 64 bits");

/* ---- Run queues ------------------------------------------------------ */

void runq_init(struct runq *rq)
{
	rq->bitmap = 0;
	rq->count = 0;
	for (int p = 0; p < NR_PRIORITIES; p++)
		list_init(&rq->queue[p]);
}

static void runq_check_prio(const struct thread *t)
{
	if (t->priority < 0 || t->priority >= NR_PRIORITIES)
		panic("runq: thread %s has priority %d", t->name, t->priority);
}

/* Append t at its priority. */
void runq_insert(struct runq *rq, struct thread *t)
{
	runq_check_prio(t);
	list_insert_tail(&rq->queue[t->priority], &t->run_node);
	rq->bitmap |= 1ULL << t->priority;
	rq->count++;
}

/* Put t first at its priority. */
void runq_insert_head(struct runq *rq, struct thread *t)
{
	runq_check_prio(t);
	list_insert_head(&rq->queue[t->priority], &t->run_node);
	rq->bitmap |= 1ULL << t->priority;
	rq->count++;
}

/* Remove t, which must be on rq at its current priority. */
void runq_remove(struct runq *rq, struct thread *t)
{
	assert(!list_node_unlinked(&t->run_node));
	list_remove(&t->run_node);
	if (list_empty(&rq->queue[t->priority]))
		rq->bitmap &= ~(1ULL << t->priority);
	rq->count--;
}

struct thread *runq_pop(struct runq *rq)
{
	struct thread *t = runq_peek(rq);

	if (t)
		runq_remove(rq, t);
	return t;
}

/* ---- Scheduler -------------------------------------------------------- */

void sched_bootstrap(struct thread *boot)
{
	runq_init(&sched_runq);
	boot->state = THREAD_RUNNING;
	sched_current = boot;
}

void sched_request_resched(void)
{
	sched_resched = true;
}

unsigned int sched_ready_count(void)
{
	return sched_runq.count;
}

bool sched_thread_is_idle(const struct thread *t)
{
	return t == sched_idle;
}

/* True if t, READY, should run before cur: any thread beats idle. */
static bool sched_outranks(const struct thread *t, const struct thread *cur)
{
	return cur == sched_idle || t->priority < cur->priority;
}

/* Make t READY, or SUSPENDED if its suspend count is positive; a fresh
 * quantum. Requests a reschedule if t outranks the running thread. */
void sched_make_ready(struct thread *t)
{
	assert(t != sched_idle);
	assert(list_node_unlinked(&t->run_node));
	if (t->suspend_count > 0) {
		t->state = THREAD_SUSPENDED;
		return;
	}
	t->state = THREAD_READY;
	t->quantum = t->quantum_ticks;
	runq_insert(&sched_runq, t);
	if (sched_outranks(t, sched_current))
		sched_resched = true;
}

/* Take a READY thread off the run queue. */
void sched_dequeue(struct thread *t)
{
	assert(t->state == THREAD_READY && t != sched_idle);
	runq_remove(&sched_runq, t);
}

/* Requeue the outgoing thread prev, READY: head if preempted with quantum
 * left, tail with a new quantum otherwise. */
static void sched_requeue(struct thread *prev)
{
	if (prev == sched_idle)
		return;
	if (prev->quantum == 0) {
		prev->quantum = prev->quantum_ticks;
		runq_insert(&sched_runq, prev);
	} else {
		runq_insert_head(&sched_runq, prev);
	}
}

/* Switch to the best READY thread (or idle). Returns when the current
 * thread runs again. Lock held. */
void sched_switch(void)
{
	struct thread *prev = sched_current, *next;

	assert(!arch_intr_enabled());
	assert(prev->state != THREAD_RUNNING);
	if (prev->state == THREAD_READY)
		sched_requeue(prev);
	next = runq_pop(&sched_runq);
	if (!next)
		next = sched_idle;
	assert(next);
	sched_resched = false;
	next->state = THREAD_RUNNING;
	if (next == prev)
		return;
	sched_current = next;
	arch_thread_switch(prev, next);
	thread_reap_pending();
}

void sched_switch_to_slow(struct thread *next)
{
	struct thread *prev = sched_current, *best = runq_peek(&sched_runq);

	assert(!arch_intr_enabled());
	assert(prev->state != THREAD_RUNNING && prev != next);
	assert(list_node_unlinked(&next->run_node));
	if (next->suspend_count > 0 ||
	    (best != NULL && best->priority < next->priority)) {
		sched_make_ready(next);
		sched_switch();
		return;
	}
	if (prev->state == THREAD_READY)
		sched_requeue(prev);
	sched_switch_now(prev, next);
}

/* The state the running thread takes when it leaves the CPU runnable. */
static void sched_leave_runnable(struct thread *cur)
{
	cur->state = cur->suspend_count > 0 && cur != sched_idle
			     ? THREAD_SUSPENDED
			     : THREAD_READY;
}

/* Yield to a thread of equal or higher priority. Lock held. */
void sched_yield_cpu(void)
{
	struct thread *cur = sched_current;

	cur->quantum = 0;
	sched_leave_runnable(cur);
	sched_switch();
}

/* Switch if a reschedule was requested. Lock held. */
void sched_preempt_point(void)
{
	assert(!arch_intr_enabled());
	if (!sched_resched)
		return;
	sched_leave_runnable(sched_current);
	sched_switch();
}

/* Charge one tick to the running thread. Lock held. */
void sched_tick(void)
{
	struct thread *cur = sched_current;

	if (cur == sched_idle)
		return;
	cur->run_ticks++;
	if (cur->quantum > 0)
		cur->quantum--;
	if (cur->quantum == 0)
		sched_resched = true;
}

/* Change t's priority. Lock taken inside. */
void sched_set_priority(struct thread *t, int prio)
{
	struct thread *top;
	spl_t s = splhigh();
	bool queued = t->state == THREAD_READY && t != sched_idle;

	assert(prio >= 0 && prio < NR_PRIORITIES);
	if (queued)
		runq_remove(&sched_runq, t);
	t->priority = prio;
	t->base_priority = prio;
	if (queued)
		runq_insert(&sched_runq, t);
	top = runq_peek(&sched_runq);
	if (top && sched_outranks(top, sched_current))
		sched_resched = true;
	splx(s);
}

/* Change t's policy and quantum length. Lock taken inside. */
void sched_set_policy(struct thread *t, int policy, unsigned int quantum_ticks)
{
	spl_t s = splhigh();

	assert(policy == POLICY_TIMESHARE || policy == POLICY_FIXEDPRI);
	if (policy == POLICY_TIMESHARE)
		quantum_ticks = THREAD_QUANTUM;
	assert(quantum_ticks >= 1);
	t->policy = policy;
	t->quantum_ticks = quantum_ticks;
	if (t->quantum > quantum_ticks)
		t->quantum = quantum_ticks;
	splx(s);
}

unsigned int sched_ms_to_ticks(int ms)
{
	if (ms <= MS_PER_TICK)
		return 1;
	return ((unsigned int)ms + MS_PER_TICK - 1) / MS_PER_TICK;
}

int sched_ticks_to_ms(unsigned int ticks)
{
	if (ticks > INT32_MAX / MS_PER_TICK)
		return INT32_MAX;
	return (int)ticks * MS_PER_TICK;
}

/* The idle thread: wait for interrupts while nothing is READY. */
static void idle_loop(void *arg)
{
	spl_t s;

	for (;;) {
		s = splhigh();
		while (sched_runq.count == 0)
			arch_cpu_idle();
		sched_idle->state = THREAD_READY;
		sched_switch();
		splx(s);
	}
}

/* Boot: create the idle thread (never on the run queue). */
void sched_init(void)
{
	struct thread *idle;
	spl_t s;

	idle = thread_create(NULL, "idle", idle_loop, NULL, PRIO_IDLE, true);
	if (!idle)
		panic("sched_init: cannot create the idle thread");
	s = splhigh();
	idle->suspend_count = 0;
	idle->state = THREAD_READY;
	sched_idle = idle;
	splx(s);
}
