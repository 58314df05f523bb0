/*
 * kern/kernel_rpc.h - the kernel as an IPC client: send a request in
 * internal format (ipc/kmsg.h) to a port and wait for its reply, as a
 * user task would with mach_msg(SEND|RCV) on a reply port.
 *
 * Used for exception_raise (kern/exception.c).
 *
 * Lock: callable with or without the kernel lock; blocks.
 */
#ifndef KERN_KERNEL_RPC_H
#define KERN_KERNEL_RPC_H

#include <mach/message.h>

struct ipc_kmsg;

/*
 * Deliver request (an INTERNAL kmsg: hdr.remote a right of the carried
 * type in MACH_MSGH_BITS_REMOTE, body complete; consumed in all cases)
 * with a new send-once right to a private reply port in hdr.local, then
 * wait for one message on that port. Returns MACH_MSG_SUCCESS with
 * *reply (INTERNAL; free it with kernel_rpc_reply_free), or
 * MACH_RCV_INTERRUPTED (the thread was aborted or is terminating: no
 * reply will come), MACH_RCV_TOO_LARGE (a reply over 4 KiB, dropped) or
 * MACH_SEND_NO_BUFFER (no port could be made).
 * A request that cannot be delivered (dead port) comes back as a
 * send-once notification (msgh_id MACH_NOTIFY_SEND_ONCE): the caller
 * checks the reply's id.
 */
mach_msg_return_t kernel_rpc(struct ipc_kmsg *request, struct ipc_kmsg **reply);

/* Free a reply of kernel_rpc with every right it carries. */
void kernel_rpc_reply_free(struct ipc_kmsg *reply);

#endif /* KERN_KERNEL_RPC_H */
