/*
 * modules/mach3/task_notify.c - mach_notify_new_task to the port
 * registered with register_new_task_notification (ABI sheet §6).
 *
 * The registered port is a send right the kernel keeps (strong) until it
 * is replaced; a dead port just swallows the notifications.
 *
 * Lock order: the kernel lock only.
 */
#include <kern/mig_kernel.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/special_ports.h>
#include <ipc/kmsg.h>
#include <ipc/mqueue.h>
#include <ipc/port.h>
#include <modules/mach3/task_notify.h>

#define MACH_NOTIFY_NEW_TASK 4400
#define NEW_TASK_SIZE	     64

struct new_task_msg {
	mach_msg_header_t head;
	mach_msg_type_t task_type;
	mach_port_t task;
	mach_msg_type_t parent_type;
	mach_port_t parent;
};
_Static_assert(sizeof(struct new_task_msg) == NEW_TASK_SIZE,
	       "mach_notify_new_task is 64 bytes");

static const mach_msg_type_t new_task_port_type = {
	.msgt_name = MACH_MSG_TYPE_PORT_SEND,
	.msgt_size = 64,
	.msgt_inline = 1,
	.msgt_number = 1,
};

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

void task_notify_new_task(struct task *task, struct task *parent)
{
	struct ipc_kmsg *kmsg;
	struct new_task_msg *msg;
	spl_t s = splhigh();

	if (new_task_port == NULL || !new_task_port->active) {
		splx(s);
		return;
	}
	kmsg = ipc_kmsg_alloc(NEW_TASK_SIZE);
	if (kmsg == NULL) {
		splx(s);
		return;
	}
	kmsg->internal = true;
	kmsg->hdr.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0) |
			 MACH_MSGH_BITS_COMPLEX;
	kmsg->hdr.size = NEW_TASK_SIZE;
	kmsg->hdr.remote = port_copy_send(new_task_port);
	kmsg->hdr.id = MACH_NOTIFY_NEW_TASK;
	msg = (struct new_task_msg *)&kmsg->msg;
	msg->task_type = new_task_port_type;
	msg->task = task_notify_right(task);
	msg->parent_type = new_task_port_type;
	msg->parent = task_notify_right(parent);
	ipc_kmsg_deliver(kmsg);
	splx(s);
}
