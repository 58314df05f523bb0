/*
 * kern/kernel_rpc.c - the kernel as an IPC client (kern/kernel_rpc.h).
 *
 * The reply port is a fresh port whose receive right lives in the kernel
 * task's name space, so the ordinary receive path (ipc_mqueue_receive)
 * waits on it: interruptible, and torn down when the call ends.
 *
 * Lock order: the kernel lock, taken here; ipc/ functions run under it.
 */
#include <ipc/mig_kernel.h>
#include <kern/kernel_rpc.h>

#include <base/lock.h>
#include <base/string.h>
#include <base/task.h>
#include <base/waitq.h>
#include <ipc/kmsg.h>
#include <ipc/mqueue.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>

/* Largest reply accepted; larger ones are dequeued and dropped. */
#define KERNEL_RPC_REPLY_MAX 4096

/* A new port whose receive right the kernel space holds as *name. Lock
 * held. */
static struct port *reply_port_alloc(mach_port_name_t *name)
{
	struct ipc_space *space = kernel_task()->space;
	struct port *port = ipc_port_alloc();

	*name = MACH_PORT_NULL;
	if (port == NULL)
		return NULL;
	if (ipc_right_copyout(space, port, MACH_MSG_TYPE_PORT_RECEIVE, false,
			      name) != KERN_SUCCESS) {
		ipc_port_destroy_receive(port);
		return NULL;
	}
	return port;
}

/* Destroy the reply port's receive right. Lock held. */
static void reply_port_destroy(mach_port_name_t name)
{
	struct ipc_space *space = kernel_task()->space;
	struct ipc_entry *entry = ipc_space_lookup(space, name);

	if (entry != NULL)
		ipc_right_destroy(space, entry);
}

static void request_discard(struct ipc_kmsg *request)
{
	spl_t s = splhigh();

	ipc_kmsg_destroy(request);
	splx(s);
}

mach_msg_return_t kernel_rpc(struct ipc_kmsg *request, struct ipc_kmsg **reply)
{
	mach_port_name_t name;
	mach_msg_size_t needed;
	mach_msg_return_t mr;
	spl_t s = splhigh();
	struct port *port = reply_port_alloc(&name);

	*reply = NULL;
	if (port == NULL) {
		splx(s);
		request_discard(request);
		return MACH_SEND_NO_BUFFER;
	}
	request->hdr.local = ipc_port_make_send_once(port);
	request->hdr.bits = (request->hdr.bits & ~MACH_MSGH_BITS_LOCAL_MASK) |
			    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE);
	ipc_kmsg_deliver(request);
	mr = ipc_mqueue_receive(kernel_task()->space, name, WAITQ_FOREVER,
				KERNEL_RPC_REPLY_MAX, false, reply, &needed);
	if (mr != MACH_MSG_SUCCESS && *reply != NULL) {
		kernel_rpc_reply_free(*reply); /* too large */
		*reply = NULL;
	}
	reply_port_destroy(name);
	splx(s);
	return mr;
}

void kernel_rpc_reply_free(struct ipc_kmsg *reply)
{
	spl_t s = splhigh();

	/* The right the reply came through is used up, not destroyed. */
	ipc_port_consume_dest(reply->hdr.remote,
			      MACH_MSGH_BITS_REMOTE(reply->hdr.bits));
	reply->hdr.remote = NULL;
	reply->hdr.bits &= ~MACH_MSGH_BITS_REMOTE_MASK;
	ipc_kmsg_destroy(reply);
	splx(s);
}

/* The KernelUser stubs' routine call (ipc/mig_kernel.h). */
mach_msg_return_t mig_kernel_rpc(mach_msg_header_t *request,
				 mach_msg_header_t *reply, mach_msg_size_t size)
{
	struct ipc_kmsg *in =
		(struct ipc_kmsg *)((char *)request -
				    offsetof(struct ipc_kmsg, msg));
	struct ipc_kmsg *out;
	mach_msg_return_t mr = kernel_rpc(in, &out);

	if (mr != MACH_MSG_SUCCESS)
		return mr;
	if (out->hdr.size > size)
		mr = MACH_RCV_TOO_LARGE;
	else
		memcpy(reply, &out->msg, out->hdr.size);
	kernel_rpc_reply_free(out);
	return mr;
}
