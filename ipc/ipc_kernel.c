/*
 * ipc/ipc_kernel.c - IPC state of tasks and threads, the self traps.
 *
 * Lock order: each function takes the kernel lock itself.
 */
/* Without frame pointers, as the fast path (ipc/fastpath.c): the reply
 * port's life runs here (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/boot.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/thread_hook.h>
#include <ipc/fastpath.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/right.h>
#include <ipc/space.h>

/* A dying thread's thread port goes with it; its reply buffer with the
 * struct. */
static struct thread_hook ipc_thread_hook = {
	.exit = ipc_kernel_thread_terminate,
	.destroy = ipc_kobject_thread_free,
};

void ipc_kernel_init(void)
{
	thread_hook_register(&ipc_thread_hook);
	ipc_fastpath_enabled = !boot_option("ipc_fastpath=off");
	if (!ipc_fastpath_enabled)
		printf("ipc: fast path off\n");
	ipc_port_init();
	ipc_pset_init();
	ipc_space_init();
	ipc_kmsg_init();
}

kern_return_t ipc_kernel_task_init(struct task *task)
{
	spl_t s = splhigh();
	struct ipc_space *space = ipc_space_create();
	struct port *self = ipc_kobject_port_alloc(KOBJ_TASK, task);

	if (space == NULL || self == NULL) {
		if (space != NULL)
			ipc_space_destroy(space);
		if (self != NULL)
			ipc_kobject_port_destroy(self);
		splx(s);
		return KERN_RESOURCE_SHORTAGE;
	}
	task->space = space;
	task->self = self;
	splx(s);
	return KERN_SUCCESS;
}

void ipc_kernel_task_terminate(struct task *task)
{
	spl_t s = splhigh();
	struct port *self = task->self;
	struct ipc_space *space = task->space;

	task->self = NULL;
	task->space = NULL;
	if (self != NULL)
		ipc_kobject_port_destroy(self);
	if (space != NULL)
		ipc_space_destroy(space);
	splx(s);
}

kern_return_t ipc_kernel_thread_init(struct thread *thread)
{
	spl_t s = splhigh();
	struct ipc_thread *it = kalloc(sizeof(*it));

	if (it != NULL)
		it->self = ipc_kobject_port_alloc(KOBJ_THREAD, thread);
	if (it == NULL || it->self == NULL) {
		kfree(it, sizeof(*it));
		splx(s);
		return KERN_RESOURCE_SHORTAGE;
	}
	thread->ipc = it;
	splx(s);
	return KERN_SUCCESS;
}

void ipc_kernel_thread_terminate(struct thread *thread)
{
	spl_t s = splhigh();
	struct ipc_thread *it = thread->ipc;

	thread->ipc = NULL;
	if (it != NULL) {
		ipc_kobject_port_destroy(it->self);
		kfree(it, sizeof(*it));
	}
	splx(s);
}

struct port *ipc_kernel_port_alloc(enum kobject_type type, void *obj)
{
	spl_t s = splhigh();
	struct port *port = ipc_kobject_port_alloc(type, obj);

	splx(s);
	return port;
}

void ipc_kernel_port_destroy(struct port *port)
{
	spl_t s = splhigh();

	ipc_kobject_port_destroy(port);
	splx(s);
}

/* A send right to port in space; MACH_PORT_NULL on failure. Lock held. */
static mach_port_name_t insert_send(struct ipc_space *space, struct port *port)
{
	struct ipc_entry *entry;
	mach_port_name_t name;

	if (space == NULL || !PORT_VALID(port))
		return MACH_PORT_NULL;
	/* Common case: the space names the port's send right already; the
	 * new right merges into it (what ipc_right_copyout does). */
	entry = ipc_space_lookup_port(space, port);
	if (entry != NULL && (entry->type & MACH_PORT_TYPE_SEND) &&
	    entry->urefs < MACH_PORT_UREFS_MAX) {
		port->mscount++;
		entry->urefs++;
		return entry->name;
	}
	ipc_port_make_send(port);
	if (ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_SEND, true,
			      &name) != KERN_SUCCESS) {
		ipc_port_release_send(port);
		return MACH_PORT_NULL;
	}
	return name;
}

mach_port_name_t ipc_kernel_insert_send(struct task *task, struct port *port)
{
	spl_t s = splhigh();
	mach_port_name_t name = insert_send(task->space, port);

	splx(s);
	return name;
}

/* A send right to task->kernel_port (TASK_KERNEL_PORT as set) in the
 * task's space: MACH_PORT_DEAD if that port died, MACH_PORT_NULL on
 * failure. Lock held. */
static mach_port_name_t insert_kernel_port(struct task *task)
{
	struct port *port = task->kernel_port;
	mach_port_name_t name;

	if (task->space == NULL)
		return MACH_PORT_NULL;
	if (!PORT_VALID(port) || !port->active)
		return MACH_PORT_DEAD;
	ipc_port_copy_send(port);
	if (ipc_right_copyout(task->space, port, MACH_MSG_TYPE_PORT_SEND, true,
			      &name) != KERN_SUCCESS) {
		ipc_port_release_send(port);
		return MACH_PORT_NULL;
	}
	return name;
}

mach_port_name_t ipc_trap_task_self(void)
{
	struct task *task = current_task();
	mach_port_name_t name;

	if (task == NULL)
		return MACH_PORT_NULL;
	spl_t s = splhigh();
	if (task->kernel_port_null)
		name = MACH_PORT_NULL;
	else if (task->kernel_port != NULL)
		name = insert_kernel_port(task);
	else
		name = insert_send(task->space, task->self);
	splx(s);
	return name;
}

mach_port_name_t ipc_trap_thread_self(void)
{
	struct thread *thread = current_thread();
	struct ipc_thread *it;

	if (thread->ipc == NULL && ipc_kernel_thread_init(thread) != 0)
		return MACH_PORT_NULL;
	it = thread->ipc;
	return thread->task != NULL
		       ? ipc_kernel_insert_send(thread->task, it->self)
		       : MACH_PORT_NULL;
}

mach_port_name_t ipc_trap_reply_port(void)
{
	struct task *task = current_task();
	mach_port_name_t name;

	if (task == NULL || task->space == NULL ||
	    ipc_right_alloc_receive(task->space, &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

void ipc_get_counts(struct ipc_counts *c)
{
	spl_t s = splhigh();

	c->ports = ipc_port_count();
	c->psets = ipc_pset_count();
	c->kmsgs = ipc_kmsg_count();
	c->entries = ipc_entry_count();
	c->spaces = ipc_space_count();
	splx(s);
}
