/*
 * ipc/fastpath_kcall.h - kernel calls on the fast path, for
 * ipc/fastpath.c only.
 *
 * Lock order: the kernel lock, held by the caller, interrupts disabled.
 */
#ifndef IPC_FASTPATH_KCALL_H
#define IPC_FASTPATH_KCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <mach/message.h>

struct ipc_space;
struct port;

/* What ipc_fast_kcall did, when it did not end the call (it then
 * returns the call's mach_msg_return_t, a 32-bit value). */
#define IPC_FAST_KCALL_DECLINED                                                \
	(~(uint64_t)0) /* nothing: the slow path sends */
#define IPC_FAST_KCALL_SENT                                                    \
	(~(uint64_t)1) /* the request was served: the slow path receives */

/*
 * A kernel call (MACH_SEND_MSG | MACH_RCV_MSG, a copied send right to an
 * active kernel object and a send-once right made for the reply from the
 * receive right received on, in no set, nothing queued there), served in
 * place: h is the caller's header (already read), kport the port of its
 * send right named by the destination. Returns the call's result, or
 * IPC_FAST_KCALL_DECLINED or IPC_FAST_KCALL_SENT.
 */
uint64_t ipc_fast_kcall(struct ipc_space *space, const mach_msg_header_t *h,
			struct port *kport, uintptr_t msg,
			mach_msg_option_t option, mach_msg_size_t send_size,
			mach_msg_size_t rcv_size, mach_port_name_t rcv_name);

#endif /* IPC_FASTPATH_KCALL_H */
