/*
 * ipc/mqueue.c - message queues of ports and port sets.
 *
 * A message is queued on its port even when the port is in a set; a
 * receive on the set takes the oldest message of its members (stamps give
 * the arrival order). Receivers and senders block on the port's or set's
 * wait queues and look again when woken.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/debug.h>
#include <base/thread.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/notify.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/space.h>

static uint64_t mqueue_stamp;

void ipc_mqueue_enqueue(struct port *port, struct ipc_kmsg *kmsg)
{
	kmsg->stamp = ++mqueue_stamp;
	ipc_kmsg_set_destination(kmsg, port);
	list_insert_tail(&port->messages, &kmsg->node);
	port->msgcount++;
	if (port->pset != NULL)
		waitq_wakeup_one(&port->pset->rcv_waiters, WAIT_AWAKENED);
	else
		waitq_wakeup_one(&port->rcv_waiters, WAIT_AWAKENED);
}

void ipc_kmsg_deliver(struct ipc_kmsg *kmsg)
{
	struct port *port = kmsg->hdr.remote;

	assert(kmsg->internal);
	if (!PORT_VALID(port) || !port->active) {
		ipc_kmsg_destroy(kmsg);
		return;
	}
	if (port->kobject_type != KOBJ_NONE && port->receiver == NULL) {
		if (ipc_kobject_server(kmsg) != MACH_MSG_SUCCESS)
			ipc_kmsg_destroy(kmsg); /* no one to tell */
		return;
	}
	ipc_mqueue_enqueue(port, kmsg);
}

/* Take the first message of port; a blocked sender may go on. */
static struct ipc_kmsg *mqueue_dequeue(struct port *port)
{
	struct ipc_kmsg *kmsg = list_entry(list_pop_head(&port->messages),
					   struct ipc_kmsg, node);

	port->msgcount--;
	kmsg->hdr.seqno = port->seqno++;
	waitq_wakeup_one(&port->snd_waiters, WAIT_AWAKENED);
	if (kmsg->accept_notify != NULL) {
		ipc_notify_msg_accepted(kmsg->accept_msg, kmsg->accept_notify,
					kmsg->accept_name);
		ipc_space_unref(kmsg->accept_space);
		kmsg->accept_notify = NULL;
		kmsg->accept_msg = NULL;
		kmsg->accept_space = NULL;
	}
	return kmsg;
}

bool ipc_mqueue_accept_pending(const struct port *port,
			       const struct ipc_space *space)
{
	struct list *node;

	list_for_each (&port->messages, node) {
		const struct ipc_kmsg *kmsg =
			list_entry(node, struct ipc_kmsg, node);
		if (kmsg->accept_notify != NULL && kmsg->accept_space == space)
			return true;
	}
	return false;
}

mach_msg_return_t ipc_mqueue_wait_room(struct port *port, uint64_t deadline)
{
	switch (waitq_wait(&port->snd_waiters, deadline)) {
	case WAIT_TIMED_OUT:
		return MACH_SEND_TIMED_OUT;
	case WAIT_INTERRUPTED:
		return MACH_SEND_INTERRUPTED;
	default:
		return port->active ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_DEST;
	}
}

/* What a receive waits on: a port or a set, with a reference. */
struct rcv_source {
	struct port *port;
	struct pset *pset;
};

static mach_msg_return_t rcv_source_lookup(struct ipc_space *space,
					   mach_port_name_t name,
					   struct rcv_source *src)
{
	struct ipc_entry *entry = ipc_space_lookup_checked(space, name);

	src->port = NULL;
	src->pset = NULL;
	if (entry == NULL)
		return MACH_RCV_INVALID_NAME;
	if (entry->type & MACH_PORT_TYPE_PORT_SET) {
		src->pset = ipc_pset_ref(entry->pset);
		return MACH_MSG_SUCCESS;
	}
	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return MACH_RCV_INVALID_NAME;
	if (entry->port->pset != NULL)
		return MACH_RCV_IN_SET;
	src->port = ipc_port_ref(entry->port);
	return MACH_MSG_SUCCESS;
}

static void rcv_source_release(struct rcv_source *src)
{
	if (src->port != NULL)
		ipc_port_unref(src->port);
	if (src->pset != NULL)
		ipc_pset_unref(src->pset);
}

/* Is the source still ours to receive from? */
static mach_msg_return_t rcv_source_check(struct ipc_space *space,
					  struct rcv_source *src)
{
	if (src->pset != NULL)
		return src->pset->active ? MACH_MSG_SUCCESS
					 : MACH_RCV_PORT_DIED;
	if (!src->port->active || src->port->receiver != space)
		return MACH_RCV_PORT_DIED;
	if (src->port->pset != NULL)
		return MACH_RCV_PORT_CHANGED;
	return MACH_MSG_SUCCESS;
}

/*
 * Wait for a message. A receive on one port whose caller gave a buffer
 * (thread->ipc_rcv.msg) is armed meanwhile: a fast sender may complete it
 * in place (ipc/fastpath.c) and set ipc_rcv.done.
 */
static mach_msg_return_t rcv_wait(struct rcv_source *src, uint64_t deadline)
{
	struct thread *self = current_thread();
	struct waitq *wq = src->pset != NULL ? &src->pset->rcv_waiters
					     : &src->port->rcv_waiters;
	enum wait_result r;

	self->ipc_rcv.done = false;
	self->ipc_rcv.armed = src->port != NULL && self->ipc_rcv.msg != 0;
	r = waitq_wait(wq, deadline);
	self->ipc_rcv.armed = false;
	switch (r) {
	case WAIT_TIMED_OUT:
		return MACH_RCV_TIMED_OUT;
	case WAIT_INTERRUPTED:
		return MACH_RCV_INTERRUPTED;
	default:
		return MACH_MSG_SUCCESS;
	}
}

/* Receive from src (referenced; released here) until a message, an
 * error or a delivery in place; check first if woken. */
static mach_msg_return_t
mqueue_receive_from(struct ipc_space *space, struct rcv_source *src, bool woken,
		    uint64_t deadline, mach_msg_size_t max_size, bool large,
		    struct ipc_kmsg **kmsgp, mach_msg_size_t *needed)
{
	mach_msg_return_t mr =
		woken ? rcv_source_check(space, src) : MACH_MSG_SUCCESS;

	*kmsgp = NULL;
	while (mr == MACH_MSG_SUCCESS) {
		struct port *port =
			src->pset != NULL
				? ipc_pset_oldest(src->pset)
				: (src->port->msgcount > 0 ? src->port : NULL);

		if (port == NULL) {
			mr = rcv_wait(src, deadline);
			if (mr == MACH_MSG_SUCCESS &&
			    current_thread()->ipc_rcv.done)
				break; /* delivered in place: no kmsg */
			if (mr == MACH_MSG_SUCCESS)
				mr = rcv_source_check(space, src);
			continue;
		}
		*needed = list_entry(list_first(&port->messages),
				     struct ipc_kmsg, node)
				  ->hdr.size;
		if (*needed > max_size) {
			mr = MACH_RCV_TOO_LARGE;
			if (large)
				break;
		}
		*kmsgp = mqueue_dequeue(port);
		break;
	}
	rcv_source_release(src);
	return mr;
}

mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name, uint64_t deadline,
				     mach_msg_size_t max_size, bool large,
				     struct ipc_kmsg **kmsgp,
				     mach_msg_size_t *needed)
{
	struct rcv_source src;
	mach_msg_return_t mr = rcv_source_lookup(space, name, &src);

	*kmsgp = NULL;
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	return mqueue_receive_from(space, &src, false, deadline, max_size,
				   large, kmsgp, needed);
}

mach_msg_return_t ipc_mqueue_receive_resume(struct ipc_space *space,
					    struct port *port,
					    uint64_t deadline,
					    mach_msg_size_t max_size,
					    bool large, struct ipc_kmsg **kmsgp,
					    mach_msg_size_t *needed)
{
	struct rcv_source src = {.port = ipc_port_ref(port)};

	return mqueue_receive_from(space, &src, true, deadline, max_size, large,
				   kmsgp, needed);
}
