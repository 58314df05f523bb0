/*
 * kern/task.c - tasks.
 *
 * Lock order: kernel lock (splhigh) protects the task list, each task's
 * thread list and its suspend count.
 */
#include <mach/kern_return.h>

#include <kern/bootstrap.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/pc_sample.h>
#include <base/sched.h>
#include <kern/special_ports.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/thread_hook.h>
#include <ipc/ipc_kernel.h>
#include <vm/vm_map.h>

static struct kmem_cache task_cache;
static struct list task_list = LIST_INITIALIZER(task_list);
static unsigned long task_live;
static struct task *the_kernel_task;

static struct task *task_alloc(const char *name)
{
	struct task *task = kmem_cache_alloc(&task_cache);

	if (task == NULL)
		return NULL;
	ref_init(&task->ref, 1);
	strncpy(task->name, name != NULL ? name : "", sizeof(task->name) - 1);
	task->active = true;
	task->priority = PRIO_USER;
	task->max_priority = PRIO_USER;
	list_init(&task->threads);
	waitq_init(&task->threads_wq);
	return task;
}

static void task_link(struct task *task)
{
	spl_t s = splhigh();
	list_insert_tail(&task_list, &task->all_node);
	task_live++;
	splx(s);
}

void task_init(void)
{
	kmem_cache_init(&task_cache, "task", sizeof(struct task), 0);
	the_kernel_task = task_alloc("kernel");
	if (the_kernel_task == NULL)
		panic("task_init: no memory for the kernel task");
	task_link(the_kernel_task);
}

struct task *kernel_task(void)
{
	return the_kernel_task;
}

/* A dying thread's special ports go before its thread port (ipc/'s
 * hook, registered earlier, runs after this one). */
static struct thread_hook task_thread_hook = {
	.exit = thread_special_ports_release,
};

/* Called after ipc_init: the kernel task's port. */
void task_init_ipc(void)
{
	thread_hook_register(&task_thread_hook);
	if (ipc_kernel_task_init(the_kernel_task) != KERN_SUCCESS)
		panic("task_init_ipc: no kernel task port");
}

struct task *task_create(struct task *parent, bool inherit, const char *name)
{
	struct task *task = task_alloc(name);

	if (task == NULL)
		return NULL;
	task->map = inherit && parent != NULL && parent->map != NULL
			    ? vm_map_fork(parent->map)
			    : vm_map_create();
	if (task->map == NULL) {
		kmem_cache_free(&task_cache, task);
		return NULL;
	}
	task->pmap = vm_map_pmap(task->map);
	if (ipc_kernel_task_init(task) != KERN_SUCCESS) {
		vm_map_destroy(task->map);
		kmem_cache_free(&task_cache, task);
		return NULL;
	}
	task_link(task);
	task_ref(task); /* the active task's own, dropped by task_terminate */
	return task;
}

/* Make every thread of task leave at its next user return. Lock held. */
static void task_stop_threads(struct task *task)
{
	struct list *node;

	list_for_each (&task->threads, node)
		thread_terminate(list_entry(node, struct thread, task_node));
	sched_request_resched();
}

/* Unless the caller is one of them, wait until task has no thread left
 * (interrupted: stop waiting). Lock taken inside. */
static void task_wait_threads(struct task *task)
{
	spl_t s = splhigh();

	while (current_task() != task && task->nr_threads > 0 &&
	       waitq_wait(&task->threads_wq, WAITQ_FOREVER) != WAIT_INTERRUPTED)
		;
	splx(s);
}

void task_terminate(struct task *task)
{
	spl_t s = splhigh();

	if (!task->active) {
		splx(s);
		return;
	}
	task->active = false;
	task_stop_threads(task);
	task_special_ports_release(task);
	splx(s);
	ipc_kernel_task_terminate(task);
	task_wait_threads(task);
	task_unref(task); /* the active task's own (task_create) */
}

/*
 * The last reference is gone: no thread runs in task any more, so its
 * address space can go.
 */
void task_destroy(struct task *task)
{
	spl_t s = splhigh();
	list_remove(&task->all_node);
	bool last = --task_live == 1; /* the kernel task's alone */
	splx(s);
	if (last)
		bootstrap_tasks_gone();
	assert(list_empty(&task->threads));
	s = splhigh();
	task_special_ports_release(task);
	splx(s);
	if (task->active)
		ipc_kernel_task_terminate(task);
	if (task->map != NULL)
		vm_map_destroy(task->map);
	pc_sample_free(&task->pc_sample);
	kmem_cache_free(&task_cache, task);
}

/* Wait until no thread of task (but the caller) runs user code on
 * another processor. Lock held. */
static void task_wait_stopped(struct task *task)
{
	struct thread *running;
	struct list *node;
	bool stopped;

	for (;;) {
		running = NULL;
		list_for_each (&task->threads, node) {
			struct thread *t =
				list_entry(node, struct thread, task_node);

			if (t != current_thread() &&
			    t->state == THREAD_RUNNING && t->suspend_count > 0)
				running = t;
		}
		if (running == NULL)
			return;
		thread_ref(running);
		thread_wait_stopped(running);
		stopped = running->state != THREAD_RUNNING;
		thread_unref(running);
		if (!stopped) /* the caller was interrupted */
			return;
	}
}

void task_suspend(struct task *task)
{
	spl_t s = splhigh();
	struct list *node;

	if (task->suspend_count++ == 0) {
		list_for_each (&task->threads, node)
			thread_suspend(
				list_entry(node, struct thread, task_node));
	}
	task_wait_stopped(task);
	splx(s);
}

bool task_resume(struct task *task)
{
	spl_t s = splhigh();
	struct list *node;

	if (task->suspend_count == 0) {
		splx(s);
		return false;
	}
	if (--task->suspend_count == 0) {
		list_for_each (&task->threads, node)
			thread_resume(
				list_entry(node, struct thread, task_node));
	}
	splx(s);
	return true;
}

unsigned long task_count(void)
{
	return task_live;
}

void task_for_each(void (*fn)(struct task *, void *), void *arg)
{
	struct list *node;

	list_for_each (&task_list, node)
		fn(list_entry(node, struct task, all_node), arg);
}
