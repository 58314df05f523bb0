/*
 * kern/special_ports.c - special port slots of tasks and threads.
 *
 * Lock order: the kernel lock only (held by the callers).
 */
#include <kern/special_ports.h>

#include <base/task.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>
#include <ipc/port.h>

struct port *special_port_get(struct port *const *slot)
{
	struct port *port = *slot;

	if (!PORT_VALID(port) || !port->active)
		return NULL;
	return ipc_port_copy_send(port);
}

void special_port_set(struct port **slot, struct port *right)
{
	struct port *old = *slot;

	*slot = right;
	ipc_port_release_send(old);
}

void task_special_ports_release(struct task *task)
{
	special_port_set(&task->exc_port, NULL);
	special_port_set(&task->bootstrap_port, NULL);
	special_port_set(&task->kernel_port, NULL);
	for (unsigned int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		special_port_set(&task->registered[i], NULL);
}

void thread_special_ports_release(struct thread *thread)
{
	special_port_set(&thread->exc_port, NULL);
}

struct port *thread_self_port(struct thread *thread)
{
	if (thread->state == THREAD_DEAD)
		return NULL;
	if (thread->ipc == NULL &&
	    ipc_kernel_thread_init(thread) != KERN_SUCCESS)
		return NULL;
	return thread->ipc->self;
}
