/*
 * kern/sched.c - run queue, thread switching and the idle thread.
 *
 * One run queue per processor holds READY threads: a FIFO list per
 * priority and a bitmap of the non-empty lists, so a queue's best thread
 * is a find-first-set. The running thread is not on a queue, nor is an
 * idle thread ever: it runs when every queue is empty. A thread on a
 * queue says whose (t->runq_cpu); sched_ready_prios is the union of the
 * queues' bitmaps, sched_ready_total their thread count.
 *
 * Placement (sched_place): a thread made ready goes where it runs soonest
 * (this processor if it outranks the thread running here; an idle one;
 * the one running the least urgent thread it outranks), else waits on
 * this processor's queue. A processor switching takes the best thread of
 * all the queues, its own first at equal priority (sched_pick): so the
 * order of priorities is the machine's, and an idle processor steals
 * what waits behind a busy one.
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

struct runq sched_runqs[CPU_MAX]; /* base/sched.h */
uint64_t sched_ready_prios;	  /* base/sched.h */
static unsigned int sched_ready_total;
struct waitq sched_stopped_wq;
/* Processors 0 .. sched_ncpus - 1 may be online (the loops' bound). */
static unsigned int sched_ncpus = 1;

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

/* ---- The processors' run queues ------------------------------------------ */

/* Queue t, READY, on processor c's run queue: at the tail of its
 * priority, or at the head. */
static void sched_enqueue(struct cpu *c, struct thread *t, bool head)
{
	struct runq *rq = &sched_runqs[c->index];

	if (head)
		runq_insert_head(rq, t);
	else
		runq_insert(rq, t);
	t->runq_cpu = c->index;
	sched_ready_prios |= 1ULL << t->priority;
	sched_ready_total++;
}

/* Take t off the run queue it is on. */
static void sched_unqueue(struct thread *t)
{
	uint64_t prios = 0;

	assert(t->runq_cpu < sched_ncpus);
	runq_remove(&sched_runqs[t->runq_cpu], t);
	sched_ready_total--;
	for (unsigned int i = 0; i < sched_ncpus; i++)
		prios |= sched_runqs[i].bitmap;
	sched_ready_prios = prios;
}

/* The best READY thread of every queue, c's own first at equal
 * priority, but for last, a thread that just went to the tail of c's
 * queue (it yielded or its quantum ran out: it goes behind every READY
 * thread of its priority, on whichever queue); NULL if none. */
static struct thread *sched_best(const struct cpu *c, const struct thread *last)
{
	struct thread *best, *t;

	if (sched_ready_total == 0)
		return NULL;
	best = runq_peek(&sched_runqs[c->index]);
	for (unsigned int i = 0; i < sched_ncpus; i++) {
		if (i == c->index)
			continue;
		t = runq_peek(&sched_runqs[i]);
		if (t != NULL &&
		    (best == NULL || t->priority < best->priority ||
		     (best == last && t->priority == best->priority)))
			best = t;
	}
	return best;
}

/* ---- Scheduler -------------------------------------------------------- */

void sched_bootstrap(struct thread *boot)
{
	struct cpu *c = cpu_self();

	for (unsigned int i = 0; i < CPU_MAX; i++)
		runq_init(&sched_runqs[i]);
	waitq_init(&sched_stopped_wq);
	boot->state = THREAD_RUNNING;
	c->current = boot;
	c->online = true;
}

void sched_request_resched(void)
{
	cpu_self()->resched = true;
}

unsigned int sched_ready_count(void)
{
	return sched_ready_total;
}

bool sched_thread_is_idle(const struct thread *t)
{
	for (unsigned int i = 0; i < sched_ncpus; i++)
		if (cpu_get(i)->idle == t)
			return true;
	return false;
}

/* True if t, READY, should run before what c runs: any thread beats
 * idle. */
static bool sched_outranks(const struct thread *t, const struct cpu *c)
{
	return c->current == c->idle || t->priority < c->current->priority;
}

/* Ask processor c to reschedule (a reschedule interrupt if not this
 * one). */
static void sched_poke(struct cpu *c)
{
	c->resched = true;
	if (c != cpu_self())
		arch_cpu_poke(c->index);
}

/* Does c take threads (online, not parked)? */
static bool sched_cpu_takes(const struct cpu *c)
{
	return c->online && !c->parked;
}

/* Another processor, idle and not yet asked to reschedule; NULL if none. */
static struct cpu *sched_idle_cpu(void)
{
	struct cpu *me = cpu_self();

	for (unsigned int i = 0; i < sched_ncpus; i++) {
		struct cpu *c = cpu_get(i);

		if (sched_cpu_takes(c) && c != me && !c->resched &&
		    c->current == c->idle)
			return c;
	}
	return NULL;
}

/* Where t, READY, waits (sched.h, placement): *poke tells whether that
 * processor must reschedule (t outranks what it runs). */
static struct cpu *sched_place(const struct thread *t, bool *poke)
{
	struct cpu *me = cpu_self(), *best;

	*poke = true;
	if (!me->parked && sched_outranks(t, me))
		return me;
	best = sched_idle_cpu();
	for (unsigned int i = 0; best == NULL && i < sched_ncpus; i++) {
		struct cpu *c = cpu_get(i);

		if (sched_cpu_takes(c) && c != me && !c->resched &&
		    sched_outranks(t, c))
			best = c;
	}
	for (unsigned int i = 0; best != NULL && i < sched_ncpus; i++) {
		struct cpu *c = cpu_get(i);

		if (sched_cpu_takes(c) && c != me && !c->resched &&
		    sched_outranks(t, c) &&
		    c->current->priority > best->current->priority)
			best = c;
	}
	if (best != NULL)
		return best;
	if (me->parked) /* the boot processor never parks */
		return cpu_get(0);
	*poke = false;
	return me;
}

/* t, READY, is the best thread somewhere: ask the processor where it
 * would run soonest to reschedule (sched_pick takes it there). */
static void sched_kick(const struct thread *t)
{
	bool poke;
	struct cpu *c = sched_place(t, &poke);

	if (poke)
		sched_poke(c);
}

void sched_poke_thread(struct thread *t)
{
	for (unsigned int i = 0; i < sched_ncpus; i++) {
		struct cpu *c = cpu_get(i);

		if (c->online && c->current == t && c != cpu_self())
			sched_poke(c);
	}
}

/* Make t READY, or SUSPENDED if its suspend count is positive; a fresh
 * quantum. Requests a reschedule if t outranks the running thread. */
void sched_make_ready(struct thread *t)
{
	struct cpu *c;
	bool poke;

	assert(!sched_thread_is_idle(t));
	assert(list_node_unlinked(&t->run_node));
	if (t->suspend_count > 0) {
		t->state = THREAD_SUSPENDED;
		return;
	}
	t->state = THREAD_READY;
	t->quantum = t->quantum_ticks;
	c = sched_place(t, &poke);
	sched_enqueue(c, t, false);
	if (poke)
		sched_poke(c);
}

/* Take a READY thread off its run queue. */
void sched_dequeue(struct thread *t)
{
	assert(t->state == THREAD_READY && !sched_thread_is_idle(t));
	sched_unqueue(t);
}

/* Requeue the outgoing thread prev, READY: head if preempted with quantum
 * left, tail with a new quantum otherwise. Returns prev if at the tail
 * (sched_best's last), else NULL. */
static struct thread *sched_requeue(struct thread *prev)
{
	struct cpu *idle;
	bool tail = prev->quantum == 0;

	if (prev == cpu_self()->idle)
		return NULL;
	if (tail)
		prev->quantum = prev->quantum_ticks;
	if (cpu_self()->parked) { /* it runs elsewhere now */
		bool poke;
		struct cpu *c = sched_place(prev, &poke);

		sched_enqueue(c, prev, !tail);
		sched_poke(c);
		return NULL;
	}
	sched_enqueue(cpu_self(), prev, !tail);
	idle = sched_idle_cpu();
	if (idle != NULL)
		sched_poke(idle);
	return tail ? prev : NULL;
}

/* Switch to the best READY thread (or idle). Returns when the current
 * thread runs again. Lock held. */
void sched_switch(void)
{
	struct cpu *c = cpu_self();
	struct thread *prev = c->current, *next, *last = NULL;

	assert(!arch_intr_enabled());
	assert(prev->state != THREAD_RUNNING);
	if (prev->state == THREAD_READY)
		last = sched_requeue(prev);
	next = c->parked ? NULL : sched_best(c, last);
	if (next != NULL)
		sched_unqueue(next);
	else
		next = c->idle;
	assert(next);
	c->resched = false;
	next->state = THREAD_RUNNING;
	if (next == prev)
		return;
	c->current = next;
	arch_thread_switch(prev, next);
	thread_reap_pending();
}

void sched_switch_to_slow(struct thread *next)
{
	struct thread *prev = current_thread(),
		      *best = sched_best(cpu_self(), NULL);

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
	if (cur->suspend_count > 0 && cur != cpu_self()->idle) {
		cur->state = THREAD_SUSPENDED;
		waitq_wakeup_all(&sched_stopped_wq, WAIT_AWAKENED);
	} else {
		cur->state = THREAD_READY;
	}
}

/* Yield to a thread of equal or higher priority. Lock held. */
void sched_yield_cpu(void)
{
	struct thread *cur = current_thread();

	cur->quantum = 0;
	sched_leave_runnable(cur);
	sched_switch();
}

/* Switch if a reschedule was requested. Lock held. */
void sched_preempt_point(void)
{
	assert(!arch_intr_enabled());
	if (!cpu_self()->resched)
		return;
	sched_leave_runnable(current_thread());
	sched_switch();
}

/* Charge one tick to the running thread. Lock held. */
void sched_tick(void)
{
	struct cpu *c = cpu_self();
	struct thread *cur = c->current;

	if (cur == c->idle)
		return;
	cur->run_ticks++;
	if (cur->quantum > 0)
		cur->quantum--;
	if (cur->quantum == 0)
		c->resched = true;
}

/*
 * sched_tick without the kernel lock, when the tick only counts: the
 * running thread is this processor's idle thread, or keeps some quantum
 * after this tick. Its fields are this processor's to change while it
 * runs (others read run_ticks under the lock, a count; a
 * sched_set_policy meanwhile may lose this tick's decrement, a hint).
 * False, nothing changed, when the quantum runs out (sched_tick then
 * asks for the reschedule, under the lock). Interrupts disabled.
 */
bool sched_tick_lockless(void)
{
	struct cpu *c = cpu_self();
	struct thread *cur = c->current;
	unsigned int left = __atomic_load_n(&cur->quantum, __ATOMIC_RELAXED);

	if (cur == c->idle)
		return true;
	if (left <= 1)
		return false;
	cur->run_ticks++;
	__atomic_store_n(&cur->quantum, left - 1, __ATOMIC_RELAXED);
	return true;
}

/* Change t's priority. Lock taken inside. */
void sched_set_priority(struct thread *t, int prio)
{
	struct thread *top;
	struct cpu *c = NULL;
	spl_t s = splhigh();
	bool queued = t->state == THREAD_READY && !sched_thread_is_idle(t);

	assert(prio >= 0 && prio < NR_PRIORITIES);
	if (queued) {
		c = cpu_get(t->runq_cpu);
		sched_unqueue(t);
	}
	t->priority = prio;
	t->base_priority = prio;
	if (queued)
		sched_enqueue(c, t, false);
	top = sched_best(cpu_self(), NULL);
	if (top != NULL)
		sched_kick(top);
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

/*
 * The idle thread of the running processor: wait for interrupts while
 * nothing is READY on any queue (then it takes the best, stealing it
 * from another processor's queue if need be), the kernel lock released
 * meanwhile (a reschedule interrupt ends the halt). Starts with the lock
 * held.
 */
static void idle_loop(void *arg)
{
	struct cpu *c;
	spl_t s;

	for (;;) {
		s = splhigh();
		c = cpu_self();
		while (sched_ready_total == 0 || c->parked) {
			c->resched = false;
			kernel_lock_release();
			/* Without the lock, as hints: a thread made ready for
			 * this processor comes with resched and an interrupt,
			 * whose way out (a preemption point) switches. A
			 * parked processor waits for processor_start's. */
			while (!__atomic_load_n(&c->resched,
						__ATOMIC_RELAXED) &&
			       (__atomic_load_n(&c->parked, __ATOMIC_RELAXED) ||
				__atomic_load_n(&sched_ready_total,
						__ATOMIC_RELAXED) == 0))
				arch_cpu_idle();
			kernel_lock_acquire();
		}
		c->current->state = THREAD_READY;
		sched_switch();
		splx(s);
	}
}

bool sched_cpu_park(unsigned int i)
{
	struct cpu *c = cpu_get(i);
	struct thread *t;

	if (i == 0 || i >= CPU_MAX || c->parked)
		return false;
	c->parked = true;
	while ((t = runq_peek(&sched_runqs[i])) != NULL) { /* if it runs */
		bool poke;
		struct cpu *to;

		sched_unqueue(t);
		to = sched_place(t, &poke);
		sched_enqueue(to, t, false);
		if (poke)
			sched_poke(to);
	}
	sched_poke(c); /* the thread it runs goes too */
	return true;
}

void sched_cpu_wait_joined(unsigned int i)
{
	struct cpu *c = cpu_get(i);

	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE)) {
		kernel_lock_release();
		while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
		kernel_lock_acquire();
	}
}

bool sched_cpu_unpark(unsigned int i)
{
	struct cpu *c = cpu_get(i);

	if (i >= CPU_MAX || !c->parked)
		return false;
	c->parked = false;
	sched_poke(c);
	return true;
}

/* Boot: create the boot processor's idle thread (never on the run
 * queue). */
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
	cpu_self()->idle = idle;
	splx(s);
}

void sched_cpu_prepare(unsigned int i)
{
	char name[8] = "idle";

	name[4] = (char)('0' + i / 10);
	name[5] = (char)('0' + i % 10);
	name[6] = '\0';
	cpu_get(i)->idle = thread_bootstrap_cpu(name);
}

noreturn void sched_cpu_run(void)
{
	struct cpu *c = cpu_self();

	kernel_lock_acquire();
	assert(c->idle != NULL);
	c->current = c->idle;
	c->resched = false;
	c->online = true;
	if (sched_ncpus <= c->index)
		sched_ncpus = c->index + 1;
	/* Two processors run threads: the fast path's RPCs may run on both
	 * at once (base/lock.h, shared). */
	kernel_lock_allow_shared(sched_ncpus);
	arch_lock_shared_enable();
	idle_loop(NULL);
	panic("sched_cpu_run: the idle loop returned");
}
