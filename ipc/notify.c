/*
 * ipc/notify.c - kernel-generated notifications (ABI sheet §6), built and
 * sent by the KernelUser stubs mig/ generates from notify.defs
 * (ipc/gen/notifyUser.c).
 *
 * Each is made in the stub's two steps, NAME_alloc and NAME_pack
 * (<ipc/mig_kernel.h>), not by the one-call NAME, because a notification
 * handles its failures its own way: when memory is short the send-once
 * right is dropped quietly (releasing it would send a send-once
 * notification, which needs memory too) and a port-destroyed's receive
 * right is destroyed; msg-accepted's buffer is taken when MACH_SEND_NOTIFY
 * is accepted, so that sending it cannot fail; and a port-destroyed
 * notification that could never be received is destroyed, not sent.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <ipc/mig_kernel.h>

#include <base/debug.h>
#include <ipc/gen/notifyUser.h>
#include <ipc/kmsg.h>
#include <ipc/notify.h>
#include <ipc/port.h>

/*
 * The buffer that alloc (a stub's NAME_alloc) gives for a notification to
 * so; NULL if so is NULL or memory is short (then so is dropped quietly).
 */
static mach_msg_header_t *notify_alloc(struct port *so,
				       mach_msg_header_t *(*alloc)(void))
{
	mach_msg_header_t *request;

	if (so == NULL)
		return NULL;
	request = alloc();
	if (request == NULL)
		ipc_port_discard_send_once(so);
	return request;
}

/* Deliver a request packed with result kr: a notification carries no
 * array, so its packing cannot fail. */
static void notify_send(mach_msg_header_t *request, kern_return_t kr)
{
	assert(kr == KERN_SUCCESS);
	(void)mig_kernel_send(request);
}

void ipc_notify_port_deleted(struct port *so, mach_port_name_t name)
{
	mach_msg_header_t *rq =
		notify_alloc(so, mach_notify_port_deleted_alloc);

	if (rq != NULL)
		notify_send(rq, mach_notify_port_deleted_pack(rq, so, name));
}

struct ipc_kmsg *ipc_notify_msg_accepted_reserve(void)
{
	mach_msg_header_t *rq = mach_notify_msg_accepted_alloc();

	return rq != NULL ? ipc_kmsg_of_msg(rq) : NULL;
}

void ipc_notify_msg_accepted(struct ipc_kmsg *reserved, struct port *so,
			     mach_port_name_t name)
{
	mach_msg_header_t *rq = &reserved->msg;

	notify_send(rq, mach_notify_msg_accepted_pack(rq, so, name));
}

void ipc_notify_port_destroyed(struct port *so, struct port *port)
{
	mach_msg_header_t *rq =
		notify_alloc(so, mach_notify_port_destroyed_alloc);
	kern_return_t kr;

	if (rq == NULL) {
		/* No notification: the receive right is destroyed. */
		ipc_port_destroy_receive(port);
		return;
	}
	kr = mach_notify_port_destroyed_pack(rq, so, port,
					     MACH_MSG_TYPE_MOVE_RECEIVE);
	if (ipc_port_circular(port, so)) {
		/* Sent to itself (or into its own transit chain): it could
		 * never be received, so the port dies instead. */
		mig_kernel_request_destroy(rq);
		return;
	}
	notify_send(rq, kr);
}

void ipc_notify_no_senders(struct port *so, mach_port_mscount_t mscount)
{
	mach_msg_header_t *rq = notify_alloc(so, mach_notify_no_senders_alloc);

	if (rq != NULL)
		notify_send(rq, mach_notify_no_senders_pack(rq, so, mscount));
}

void ipc_notify_send_once(struct port *so)
{
	mach_msg_header_t *rq = notify_alloc(so, mach_notify_send_once_alloc);

	if (rq != NULL)
		notify_send(rq, mach_notify_send_once_pack(rq, so));
}

void ipc_notify_dead_name(struct port *so, mach_port_name_t name)
{
	mach_msg_header_t *rq = notify_alloc(so, mach_notify_dead_name_alloc);

	if (rq != NULL)
		notify_send(rq, mach_notify_dead_name_pack(rq, so, name));
}
