/*
 * ipc/msg_send.c - stage 3 of a send: wait for room, translate, deliver.
 *
 * A sender blocks on a full queue before anything in its space changes,
 * and translates after it woke (its space may have changed meanwhile);
 * from the translation to the delivery nothing blocks, so the room it saw
 * is still there.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/msg.h>
#include <ipc/notify.h>
#include <ipc/port.h>
#include <ipc/space.h>

/* The port a send would block on: a full queue reached by a send right. */
static struct port *send_full_dest(struct ipc_space *space,
				   struct ipc_kmsg *kmsg)
{
	mach_msg_type_name_t disp = MACH_MSGH_BITS_REMOTE(kmsg->hdr.bits);
	struct ipc_entry *entry;
	struct port *port;

	if (disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	    disp == MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return NULL; /* send-once rights never block */
	entry = ipc_space_lookup_checked(space, kmsg->msg.msgh_remote_port);
	if (entry == NULL || !(entry->type & MACH_PORT_TYPE_SEND_RECEIVE))
		return NULL; /* translation will say why */
	port = entry->port;
	if (port->kobject_type != KOBJ_NONE && port->receiver == NULL)
		return NULL;
	return ipc_port_queue_full(port) ? port : NULL;
}

/*
 * MACH_SEND_NOTIFY takes over on the full port: unless space already has
 * a msg-accepted request pending there (MACH_SEND_NOTIFY_IN_PROGRESS).
 */
static mach_msg_return_t send_notify_instead(struct ipc_space *space,
					     struct port *port,
					     bool *notify_now)
{
	if (ipc_mqueue_accept_pending(port, space))
		return MACH_SEND_NOTIFY_IN_PROGRESS;
	*notify_now = true;
	return MACH_MSG_SUCCESS;
}

/* Wait until the queue has room; *notify_now set when MACH_SEND_NOTIFY
 * takes over instead. */
static mach_msg_return_t send_wait_room(struct ipc_space *space,
					struct ipc_kmsg *kmsg,
					mach_msg_option_t option,
					uint64_t deadline, bool *notify_now)
{
	struct port *port;

	*notify_now = false;
	while ((port = send_full_dest(space, kmsg)) != NULL) {
		mach_msg_return_t mr;
		if ((option & MACH_SEND_NOTIFY) &&
		    !(option & MACH_SEND_TIMEOUT))
			return send_notify_instead(space, port, notify_now);
		ipc_port_ref(port);
		mr = ipc_mqueue_wait_room(port, deadline);
		if (mr == MACH_SEND_TIMED_OUT && (option & MACH_SEND_NOTIFY))
			mr = send_notify_instead(space, port, notify_now);
		ipc_port_unref(port);
		if (mr != MACH_MSG_SUCCESS || *notify_now)
			return mr;
	}
	return MACH_MSG_SUCCESS;
}

/*
 * Translate; for MACH_SEND_NOTIFY (notify != MACH_PORT_NULL) reserve the
 * msg-accepted notification first and attach it with the request.
 */
static mach_msg_return_t send_translate(struct ipc_space *space,
					struct ipc_kmsg *kmsg,
					mach_port_name_t notify,
					mach_port_name_t cancel)
{
	struct ipc_kmsg *accept = NULL;
	mach_msg_return_t mr;

	if (notify != MACH_PORT_NULL) {
		accept = ipc_notify_msg_accepted_reserve();
		if (accept == NULL)
			return MACH_SEND_NO_NOTIFY;
	}
	mr = ipc_kmsg_translate(space, kmsg, notify, cancel);
	if (mr != MACH_MSG_SUCCESS) {
		if (accept != NULL)
			ipc_kmsg_free(accept);
		return mr;
	}
	if (accept != NULL) {
		kmsg->accept_msg = accept;
		kmsg->accept_space = ipc_space_ref(space);
	}
	return MACH_MSG_SUCCESS;
}

/* Is kmsg's destination (translated) a port the kernel serves? */
static bool send_to_kernel(const struct ipc_kmsg *kmsg)
{
	const struct port *port = kmsg->hdr.remote;

	return PORT_VALID(port) && port->active &&
	       port->kobject_type != KOBJ_NONE && port->receiver == NULL;
}

mach_msg_return_t ipc_msg_send(struct ipc_space *space, struct ipc_kmsg *kmsg,
			       mach_msg_option_t option, uint64_t deadline,
			       mach_port_name_t notify)
{
	bool will_notify;
	mach_msg_return_t mr =
		send_wait_room(space, kmsg, option, deadline, &will_notify);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (will_notify && !MACH_PORT_VALID(notify))
		return MACH_SEND_INVALID_NOTIFY;
	mr = send_translate(space, kmsg, will_notify ? notify : MACH_PORT_NULL,
			    (option & MACH_SEND_CANCEL) ? notify
							: MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (ipc_kmsg_circular(kmsg)) {
		ipc_kmsg_destroy(kmsg); /* its ports die, nothing leaks */
	} else if (send_to_kernel(kmsg)) {
		/* A kernel call the kernel could not take is not lost
		 * silently: the sender hears MACH_SEND_NO_BUFFER. */
		mr = ipc_kobject_server(kmsg);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	} else {
		ipc_kmsg_deliver(kmsg);
	}
	return will_notify ? MACH_SEND_WILL_NOTIFY : MACH_MSG_SUCCESS;
}
