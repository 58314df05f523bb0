/*
 * modules/mach3/task_notify.c - mach_notify_new_task to the port
 * registered with register_new_task_notification (ABI sheet §6).
 *
 * The registered port is a send right the kernel keeps (strong) until it
 * is replaced; a dead port just swallows the notifications.
 *
 * Lock order: the kernel lock only.
 */
#include <ipc/mig_kernel.h>
#include <modules/gen/task_notifyUser.h>
#include <base/lock.h>
#include <base/task.h>
#include <kern/special_ports.h>
#include <ipc/port.h>
#include <modules/mach3/task_notify.h>

/* The registered send right, or NULL. */
static struct port *new_task_port;

void task_notify_register(struct port *notify)
{
	spl_t s = splhigh();

	special_port_set(&new_task_port, notify);
	splx(s);
}

/* A send right to task's port (NULL for no task). */
static mach_port_t task_notify_right(struct task *task)
{
	return task != NULL ? convert_task_to_port(task_ref(task)) : NULL;
}

/* mach_notify_new_task (the stub of task_notify.defs, KernelUser): the
 * two task rights move with the message. */
void task_notify_new_task(struct task *task, struct task *parent)
{
	spl_t s = splhigh();

	if (new_task_port != NULL && new_task_port->active)
		(void)mach_notify_new_task(new_task_port,
					   task_notify_right(task),
					   task_notify_right(parent));
	splx(s);
}
