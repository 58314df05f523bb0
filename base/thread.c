/*
 * base/thread.c - thread creation, exit, reaping, suspension.
 *
 * Every thread holds one reference on itself from creation until it has
 * died and been reaped; other holders take their own. A thread that exits
 * goes on the dead list; the next thread to run (sched_switch, or a new
 * thread's first instructions) frees its kernel stack and drops that self
 * reference - a thread never frees the stack it runs on. The struct goes
 * when the last reference does (thread_destroy).
 *
 * Lock order: kernel lock (splhigh) -> kmem / vm_page (which nest it).
 */
#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/pc_sample.h>
#include <base/sched.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/thread_hook.h>

static struct list thread_all = LIST_INITIALIZER(thread_all);
static struct list thread_dead = LIST_INITIALIZER(thread_dead);
unsigned int thread_dead_count; /* on thread_dead */
static unsigned long thread_nr;
static uint64_t thread_serials; /* the last serial given */
/* The upper layers' per-thread teardown, the latest registered first. */
static struct list thread_hook_list = LIST_INITIALIZER(thread_hook_list);

/* Register h (once; again is a no-op). Boot, before any thread exits. */
void thread_hook_register(struct thread_hook *h)
{
	spl_t s = splhigh();

	if (h->node.next == NULL || list_node_unlinked(&h->node))
		list_insert_head(&thread_hook_list, &h->node);
	splx(s);
}

/* Run every registered exit hook on t (the current thread). Lock held. */
static void thread_run_exit_hooks(struct thread *t)
{
	struct list *node;

	list_for_each (&thread_hook_list, node) {
		struct thread_hook *h =
			list_entry(node, struct thread_hook, node);
		if (h->exit != NULL)
			h->exit(t);
	}
}

/* Run every registered destroy hook on t. */
static void thread_run_destroy_hooks(struct thread *t)
{
	struct list *node;

	list_for_each (&thread_hook_list, node) {
		struct thread_hook *h =
			list_entry(node, struct thread_hook, node);
		if (h->destroy != NULL)
			h->destroy(t);
	}
}

/* A zeroed thread struct with one (self) reference, on no list; NULL if
 * memory is short. */
static struct thread *thread_alloc(const char *name, int prio)
{
	struct thread *t = kalloc(sizeof(*t));

	if (!t)
		return NULL;
	ref_init(&t->ref, 1);
	t->serial = ++thread_serials;
	strncpy(t->name, name, sizeof(t->name) - 1);
	t->priority = prio;
	t->base_priority = prio;
	t->max_priority = prio;
	t->policy = POLICY_TIMESHARE;
	t->quantum_ticks = THREAD_QUANTUM;
	t->quantum = THREAD_QUANTUM;
	t->deadline = WAITQ_FOREVER;
	t->state = THREAD_SUSPENDED;
	list_node_init(&t->run_node);
	list_node_init(&t->wait_node);
	list_node_init(&t->deadline_node);
	list_node_init(&t->task_node);
	list_node_init(&t->all_node);
	waitq_init(&t->exit_wq);
	return t;
}

/* Put t on the global list and, with a task, on task->threads (taking a
 * task reference). Lock held. */
static void thread_link(struct thread *t, struct task *task)
{
	list_insert_tail(&thread_all, &t->all_node);
	thread_nr++;
	if (!task)
		return;
	t->task = task_ref(task);
	list_insert_tail(&task->threads, &t->task_node);
	task->nr_threads++;
}

/* Leave t's task: off task->threads, task reference dropped (may destroy
 * the task). Lock held. */
static void thread_unlink_task(struct thread *t)
{
	struct task *task = t->task;

	if (!task)
		return;
	list_remove(&t->task_node);
	if (--task->nr_threads == 0)
		waitq_wakeup_all(&task->threads_wq, WAIT_AWAKENED);
	t->task = NULL;
	task_unref(task);
}

/* Boot: the running flow becomes thread "boot" at PRIO_KERNEL. Its stack
 * is the arch boot stack (kstack NULL). After kmem_init. */
void thread_bootstrap(void)
{
	struct thread *t = thread_alloc("boot", PRIO_KERNEL);
	spl_t s;

	if (!t)
		panic("thread_bootstrap: out of memory");
	s = splhigh();
	thread_link(t, NULL);
	sched_bootstrap(t);
	splx(s);
}

struct thread *thread_bootstrap_cpu(const char *name)
{
	struct thread *t = thread_alloc(name, PRIO_IDLE);

	if (!t)
		panic("thread_bootstrap_cpu: out of memory");
	thread_link(t, NULL);
	t->suspend_count = 0;
	t->state = THREAD_RUNNING;
	return t;
}

/* Every kernel thread starts here, interrupts enabled, on its stack. */
static void thread_start(void *arg)
{
	struct thread *t = arg;
	spl_t s = splhigh();

	thread_reap();
	splx(s);
	t->start_fn(t->start_arg);
	thread_exit();
}

/* Create a thread; see base/thread.h. Lock taken inside. */
struct thread *thread_create(struct task *task, const char *name,
			     void (*fn)(void *), void *arg, int prio,
			     bool start_suspended)
{
	struct thread *t;
	spl_t s;

	assert(prio >= 0 && prio < NR_PRIORITIES);
	t = thread_alloc(name, prio);
	if (!t)
		return NULL;
	t->kstack = kalloc(KSTACK_SIZE);
	if (!t->kstack) {
		kfree(t, sizeof(*t));
		return NULL;
	}
	t->start_fn = fn;
	t->start_arg = arg;
	arch_thread_init(t, thread_start, t);
	s = splhigh();
	thread_link(t, task);
	/* A thread born in a suspended task shares the task's suspension. */
	t->suspend_count = (start_suspended ? 1 : 0) +
			   (task != NULL ? task->suspend_count : 0);
	if (!start_suspended)
		sched_make_ready(t);
	splx(s);
	return t;
}

/* Kernel entry of a user thread: pending work, then user mode. */
static void thread_user_start(void *arg)
{
	struct thread *t = arg;

	splhigh();
	thread_user_return();
	arch_user_enter(t->user_pc, t->user_sp);
}

/* A suspended user thread of task that will enter user mode at pc, sp. */
struct thread *thread_create_user(struct task *task, uintptr_t pc, uintptr_t sp)
{
	struct thread *t;

	assert(task);
	t = thread_create(task, task->name, thread_user_start, NULL, PRIO_USER,
			  true);
	if (!t)
		return NULL;
	t->user_pc = pc;
	t->user_sp = sp;
	t->start_arg = t;
	return t;
}

/* Kernel entry of a thread_create'd user thread: pending work, then user
 * mode at the registers its creator set (thread_set_state). */
static void thread_user_resume_start(void *arg)
{
	splhigh();
	thread_user_return();
	arch_user_resume();
}

/* A suspended user thread of task with a clean user register set. */
struct thread *thread_create_user_state(struct task *task)
{
	struct thread *t;

	assert(task);
	t = thread_create(task, task->name, thread_user_resume_start, NULL,
			  PRIO_USER, true);
	if (t != NULL)
		t->start_arg = t;
	return t;
}

/* Free dead threads' stacks and drop their self reference. Lock held. */
void thread_reap(void)
{
	struct thread *cur = current_thread();
	struct list *node, *tmp;

	list_for_each_safe (&thread_dead, node, tmp) {
		struct thread *t = list_entry(node, struct thread, run_node);

		if (t == cur)
			continue;
		list_remove(&t->run_node);
		thread_dead_count--;
		if (t->kstack) {
			kfree(t->kstack, KSTACK_SIZE);
			t->kstack = NULL;
		}
		thread_unref(t);
	}
}

/* End the current thread: leave its task, die, switch away for good. */
noreturn void thread_exit(void)
{
	struct thread *cur;

	splhigh();
	cur = current_thread();
	assert(cur->state == THREAD_RUNNING && !cur->wq);
	thread_run_exit_hooks(cur); /* special ports, the thread port */
	thread_unlink_task(cur);
	cur->state = THREAD_DEAD;
	waitq_wakeup_all(&cur->exit_wq, WAIT_AWAKENED);
	list_insert_tail(&thread_dead, &cur->run_node);
	thread_dead_count++;
	sched_switch();
	panic("thread_exit: dead thread %s ran again", cur->name);
}

/* Destructor: the last reference to a dead (reaped) thread is gone. */
void thread_destroy(struct thread *t)
{
	spl_t s = splhigh();

	if (t->state != THREAD_DEAD || !list_node_unlinked(&t->run_node))
		panic("thread_destroy: thread %s is not dead and reaped",
		      t->name);
	list_remove(&t->all_node);
	thread_nr--;
	splx(s);
	if (t->kstack)
		kfree(t->kstack, KSTACK_SIZE);
	pc_sample_free(&t->pc_sample);
	thread_run_destroy_hooks(t);
	kfree(t, sizeof(*t));
}

/* Count one more suspension. A READY thread leaves the run queue; the
 * running thread stops at its next preemption point or user return; a
 * WAITING one goes on waiting. Lock taken inside. */
void thread_suspend(struct thread *t)
{
	spl_t s = splhigh();

	if (t->state != THREAD_DEAD && ++t->suspend_count == 1) {
		if (t->state == THREAD_READY) {
			sched_dequeue(t);
			t->state = THREAD_SUSPENDED;
		} else if (t == current_thread()) {
			sched_request_resched();
		} else if (t->state == THREAD_RUNNING) {
			sched_poke_thread(t); /* on another processor */
		}
	}
	splx(s);
}

void thread_wait_stopped(struct thread *t)
{
	spl_t s = splhigh();

	/* The poke makes it stop within microseconds; the deadline only
	 * bounds a wakeup this loop could miss. */
	while (t != current_thread() && t->state == THREAD_RUNNING &&
	       waitq_wait(&sched_stopped_wq, deadline_after_ms(10)) !=
		       WAIT_INTERRUPTED)
		;
	splx(s);
}

/* Count one resumption; the last makes a SUSPENDED thread READY. Returns
 * false if t was not suspended. Lock taken inside. */
bool thread_resume(struct thread *t)
{
	spl_t s = splhigh();
	bool was = t->suspend_count > 0;

	if (was && --t->suspend_count == 0 && t->state == THREAD_SUSPENDED)
		sched_make_ready(t);
	splx(s);
	return was;
}

/* Make t exit at its next user return. Lock taken inside. */
void thread_terminate(struct thread *t)
{
	spl_t s = splhigh();

	if (t->state != THREAD_DEAD) {
		t->should_exit = true;
		t->suspend_count = 0;
		if (t->state == THREAD_WAITING)
			waitq_wakeup_thread(t, WAIT_INTERRUPTED);
		else if (t->state == THREAD_SUSPENDED)
			sched_make_ready(t);
		else if (t->state == THREAD_RUNNING && t != current_thread())
			sched_poke_thread(t); /* on another processor */
	}
	splx(s);
}

void thread_terminate_wait(struct thread *t)
{
	spl_t s = splhigh();

	thread_terminate(t);
	while (t != current_thread() && t->state != THREAD_DEAD &&
	       waitq_wait(&t->exit_wq, WAITQ_FOREVER) != WAIT_INTERRUPTED)
		;
	splx(s);
}

unsigned long thread_count(void)
{
	return thread_nr;
}

/* Work due before user mode: exit, reschedule, suspension. Interrupts
 * disabled on entry and on return. */
void thread_user_return(void)
{
	struct thread *cur = current_thread();

	assert(!arch_intr_enabled());
	for (;;) {
		if (cur->should_exit)
			thread_exit();
		if (sched_resched_pending()) {
			sched_preempt_point();
		} else if (cur->suspend_count > 0) {
			cur->state = THREAD_SUSPENDED;
			waitq_wakeup_all(&sched_stopped_wq, WAIT_AWAKENED);
			sched_switch();
		} else {
			return;
		}
	}
}
