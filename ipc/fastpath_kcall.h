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

struct ipc_entry;
struct ipc_space;

/*
 * A kernel call (MACH_SEND_MSG | MACH_RCV_MSG, a copied send right to an
 * active kernel object and a send-once right made for the reply from the
 * receive right received on, in no set, nothing queued there), served in
 * place: h is the caller's header (already read), dentry its entry of the
 * destination (a send right). Returns true with *mrp when the call is
 * over; false with *sent when the slow path must receive (the request was
 * served); false alone when nothing happened.
 */
bool ipc_fast_kcall(struct ipc_space *space, const mach_msg_header_t *h,
		    struct ipc_entry *dentry, uintptr_t msg,
		    mach_msg_option_t option, mach_msg_size_t send_size,
		    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
		    bool *sent, mach_msg_return_t *mrp);

#endif /* IPC_FASTPATH_KCALL_H */
