/*
 * ipc/mach_msg.c - the mach_msg trap: send, then receive, in one call.
 *
 * Lock order: the kernel lock around the queue and translation stages;
 * copies from and to the user buffer are made without it.
 */
#include <base/lock.h>
#include <base/task.h>
#include <base/waitq.h>
#include <base/thread.h>
#include <ipc/fastpath.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kmsg.h>
#include <ipc/mqueue.h>
#include <ipc/msg.h>
#include <ipc/space.h>

static uint64_t msg_deadline(mach_msg_option_t option, mach_msg_option_t bit,
			     mach_msg_timeout_t timeout)
{
	return (option & bit) ? deadline_after_ms(timeout) : WAITQ_FOREVER;
}

static mach_msg_return_t mach_msg_send(struct ipc_space *space, uintptr_t msg,
				       mach_msg_option_t option,
				       mach_msg_size_t send_size,
				       mach_msg_timeout_t timeout,
				       mach_port_name_t notify)
{
	struct ipc_kmsg *kmsg;
	mach_msg_return_t mr = ipc_kmsg_get(msg, send_size, &kmsg);
	spl_t s;

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	s = splhigh();
	mr = ipc_msg_send(space, kmsg, option,
			  msg_deadline(option, MACH_SEND_TIMEOUT, timeout),
			  notify);
	if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_WILL_NOTIFY)
		ipc_kmsg_destroy(kmsg);
	splx(s);
	return mr;
}

/* MACH_RCV_LARGE: report the size needed, leave the message queued. */
static mach_msg_return_t rcv_report_size(uintptr_t msg, mach_msg_size_t size)
{
	uintptr_t field =
		msg + __builtin_offsetof(mach_msg_header_t, msgh_size);

	if (copyout(&size, (void *)field, sizeof(size)) != 0)
		return MACH_RCV_INVALID_DATA;
	return MACH_RCV_TOO_LARGE;
}

/* Copy out and free a translated kmsg; the first error wins. */
static mach_msg_return_t rcv_deliver(uintptr_t msg, struct ipc_kmsg *kmsg,
				     mach_msg_size_t size, mach_msg_return_t mr)
{
	mach_msg_return_t put = ipc_kmsg_put(msg, kmsg, size);
	spl_t s = splhigh();

	ipc_kmsg_free(kmsg);
	splx(s);
	return mr != MACH_MSG_SUCCESS ? mr : put;
}

/* MACH_RCV_NOTIFY: the port of the receive right notify, or NULL. */
static struct port *rcv_notify_port(struct ipc_space *space,
				    mach_msg_option_t option,
				    mach_port_name_t notify)
{
	struct ipc_entry *entry;

	if (!(option & MACH_RCV_NOTIFY) || !MACH_PORT_VALID(notify))
		return NULL;
	entry = ipc_space_lookup_checked(space, notify);
	if (entry == NULL || !(entry->type & MACH_PORT_TYPE_RECEIVE))
		return NULL;
	return entry->port;
}

/*
 * The end of a receive, after ipc_mqueue_receive gave mr and kmsg: copy
 * the message out (or report its size). Lock held on entry (s: the state
 * to restore), released on return.
 */
static mach_msg_return_t rcv_finish(struct ipc_space *space, uintptr_t msg,
				    mach_msg_option_t option,
				    mach_port_name_t notify,
				    mach_msg_return_t mr, struct ipc_kmsg *kmsg,
				    mach_msg_size_t needed, spl_t s)
{
	if (mr == MACH_MSG_SUCCESS && kmsg == NULL) {
		splx(s); /* delivered in place by a fast sender */
		return MACH_MSG_SUCCESS;
	}
	if (mr == MACH_RCV_TOO_LARGE && kmsg == NULL) {
		splx(s);
		return rcv_report_size(msg, needed);
	}
	if (mr == MACH_RCV_TOO_LARGE) {
		ipc_kmsg_copyout_header_only(space, kmsg);
		splx(s);
		rcv_deliver(msg, kmsg, sizeof(mach_msg_header_t), mr);
		return MACH_RCV_TOO_LARGE;
	}
	if (mr != MACH_MSG_SUCCESS) {
		splx(s);
		return mr;
	}
	/* Looked up again: the receive right may have gone while we
	 * waited (then no request is made). */
	mr = ipc_kmsg_copyout(space, kmsg,
			      rcv_notify_port(space, option, notify));
	splx(s);
	return rcv_deliver(msg, kmsg, kmsg->hdr.size, mr);
}

static mach_msg_return_t
mach_msg_receive(struct ipc_space *space, uintptr_t msg,
		 mach_msg_option_t option, mach_msg_size_t rcv_size,
		 mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		 mach_port_name_t notify)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg;
	mach_msg_size_t needed = 0;
	spl_t s = splhigh();
	mach_msg_return_t mr;

	if ((option & MACH_RCV_NOTIFY) &&
	    rcv_notify_port(space, option, notify) == NULL) {
		splx(s);
		return MACH_RCV_INVALID_NOTIFY;
	}
	/* Armed while waiting: a fast sender may deliver in place, unless
	 * MACH_RCV_NOTIFY asks for more than the fast path does. */
	self->ipc_rcv.msg = (option & MACH_RCV_NOTIFY) ? 0 : msg;
	self->ipc_rcv.size = rcv_size;
	mr = ipc_mqueue_receive(space, rcv_name,
				msg_deadline(option, MACH_RCV_TIMEOUT, timeout),
				rcv_size, (option & MACH_RCV_LARGE) != 0, &kmsg,
				&needed);
	self->ipc_rcv.msg = 0;
	return rcv_finish(space, msg, option, notify, mr, kmsg, needed, s);
}

mach_msg_return_t ipc_mach_msg_receive_resume(struct ipc_space *space,
					      struct port *port, uintptr_t msg,
					      mach_msg_option_t option,
					      mach_msg_size_t rcv_size,
					      uint64_t deadline)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *kmsg;
	mach_msg_size_t needed = 0;
	spl_t s = splhigh();
	mach_msg_return_t mr;

	self->ipc_rcv.msg = msg;
	self->ipc_rcv.size = rcv_size;
	mr = ipc_mqueue_receive_resume(space, port, deadline, rcv_size,
				       (option & MACH_RCV_LARGE) != 0, &kmsg,
				       &needed);
	self->ipc_rcv.msg = 0;
	return rcv_finish(space, msg, option, MACH_PORT_NULL, mr, kmsg, needed,
			  s);
}

mach_msg_return_t
ipc_mach_msg(struct ipc_space *space, uintptr_t msg, mach_msg_option_t option,
	     mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	     mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	     mach_port_name_t notify)
{
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (option & MACH_SEND_MSG) {
		mr = mach_msg_send(space, msg, option, send_size, timeout,
				   notify);
		if (mr != MACH_MSG_SUCCESS && mr != MACH_SEND_WILL_NOTIFY)
			return mr;
	}
	if (option & MACH_RCV_MSG)
		mr = mach_msg_receive(space, msg, option, rcv_size, rcv_name,
				      timeout, notify);
	return mr;
}

mach_msg_return_t
ipc_trap_mach_msg_slow(uintptr_t msg, mach_msg_option_t option,
		       mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		       mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		       mach_port_name_t notify)
{
	struct task *task = current_task();
	struct ipc_space *space;
	mach_msg_return_t mr;
	spl_t s;

	s = splhigh();
	space = task != NULL ? task->space : NULL;
	if (space == NULL) {
		splx(s);
		return (option & MACH_SEND_MSG) ? MACH_SEND_INVALID_DEST
						: MACH_RCV_INVALID_NAME;
	}
	ipc_space_ref(space); /* the task may die while we block */
	splx(s);
	mr = ipc_mach_msg(space, msg, option, send_size, rcv_size, rcv_name,
			  timeout, notify);
	s = splhigh();
	ipc_space_unref(space);
	splx(s);
	return mr;
}
