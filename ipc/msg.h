/*
 * ipc/msg.h - the stages of the message path (DESIGN.md "The message
 * path"):
 *
 *	ipc_kmsg_get        copyin: user message -> kmsg (EXTERNAL), checked
 *	ipc_kmsg_translate  names -> referenced ports (INTERNAL), all or none
 *	ipc_msg_send        wait for room, translate, queue or serve
 *	ipc_mqueue_receive  dequeue (ipc/mqueue.h)
 *	ipc_kmsg_copyout    ports -> names in the receiver's space
 *	ipc_kmsg_put        copyout: kmsg -> user buffer
 *
 * Locks: ipc_kmsg_get and ipc_kmsg_put run without the kernel lock; the
 * others are called with it held.
 */
#ifndef IPC_MSG_H
#define IPC_MSG_H

#include <stdint.h>
#include <mach/message.h>

struct ipc_kmsg;
struct ipc_space;
struct port;

/*
 * Copy send_size bytes at user address umsg into a new kmsg and check it
 * (sizes, header dispositions, descriptors) and capture its OOL regions.
 * Returns MACH_MSG_SUCCESS with *kmsgp, or MACH_SEND_MSG_TOO_SMALL,
 * MACH_SEND_NO_BUFFER, MACH_SEND_INVALID_DATA, MACH_SEND_INVALID_HEADER,
 * MACH_SEND_INVALID_TYPE, MACH_SEND_INVALID_MEMORY.
 */
mach_msg_return_t ipc_kmsg_get(uintptr_t umsg, mach_msg_size_t send_size,
			       struct ipc_kmsg **kmsgp);

/*
 * Translate every right of an EXTERNAL kmsg from space's names, checking
 * them all before changing anything: on failure space is unchanged and
 * the kmsg still EXTERNAL. With accept != MACH_PORT_NULL also make a
 * send-once right from the receive right accept for a msg-accepted
 * notification. With cancel != MACH_PORT_NULL (MACH_SEND_CANCEL), cancel
 * must name a receive right; if the send takes the last right of the
 * destination name and that name has a dead-name request notifying
 * cancel's port, the request is dropped without a port-deleted
 * notification. Returns MACH_MSG_SUCCESS, MACH_SEND_INVALID_DEST,
 * MACH_SEND_INVALID_REPLY, MACH_SEND_INVALID_RIGHT or
 * MACH_SEND_INVALID_NOTIFY.
 */
mach_msg_return_t ipc_kmsg_translate(struct ipc_space *space,
				     struct ipc_kmsg *kmsg,
				     mach_port_name_t accept,
				     mach_port_name_t cancel);

/*
 * Send an EXTERNAL kmsg (consumed on success; on failure the caller still
 * owns it, EXTERNAL) from space: wait for room on a full queue per option
 * (MACH_SEND_TIMEOUT with deadline, MACH_SEND_NOTIFY and MACH_SEND_CANCEL
 * with notify), translate, then queue or serve. A message that could
 * never be received (it carries the receive right of its destination, or
 * of a port its destination is in transit to: ipc_port_circular) is
 * destroyed instead, and the send succeeds. Returns MACH_MSG_SUCCESS,
 * MACH_SEND_WILL_NOTIFY or a MACH_SEND_* error; MACH_SEND_NOTIFY on a
 * full queue adds MACH_SEND_NOTIFY_IN_PROGRESS (space already has a
 * msg-accepted request pending on that port: ipc_mqueue_accept_pending)
 * and MACH_SEND_NO_NOTIFY (no memory to reserve the notification).
 */
mach_msg_return_t ipc_msg_send(struct ipc_space *space, struct ipc_kmsg *kmsg,
			       mach_msg_option_t option, uint64_t deadline,
			       mach_port_name_t notify);

/*
 * Translate a dequeued INTERNAL kmsg into space (header swap of §3.3,
 * rights to names, OOL regions to new user memory); the kmsg becomes
 * EXTERNAL and holds no right. With rcv_notify (MACH_RCV_NOTIFY: a port
 * whose receive right space holds, or NULL), a reply right that gets a
 * new name also gets a dead-name request notifying rcv_notify. Returns
 * MACH_MSG_SUCCESS or MACH_RCV_HEADER_ERROR / MACH_RCV_BODY_ERROR with
 * MACH_MSG_IPC_SPACE / MACH_MSG_VM_SPACE bits (the message is still
 * delivered).
 */
mach_msg_return_t ipc_kmsg_copyout(struct ipc_space *space,
				   struct ipc_kmsg *kmsg,
				   struct port *rcv_notify);
/*
 * A message too large for the receiver: release the body and the reply
 * right, keep a header-only EXTERNAL kmsg naming the receive right.
 */
void ipc_kmsg_copyout_header_only(struct ipc_space *space,
				  struct ipc_kmsg *kmsg);

/* Copy size bytes of an EXTERNAL kmsg out to user address umsg;
 * MACH_RCV_INVALID_DATA if that faults. */
mach_msg_return_t ipc_kmsg_put(uintptr_t umsg, struct ipc_kmsg *kmsg,
			       mach_msg_size_t size);

/*
 * The receive of mach_msg, continued after the fast path's own wait on
 * port (a receive right of space, referenced by the caller) ended with
 * WAIT_AWAKENED and no delivery: as the slow path goes on after such a
 * wake (ipc/fastpath.c). Lock held; released while copying out.
 */
mach_msg_return_t ipc_mach_msg_receive_resume(struct ipc_space *space,
					      struct port *port, uintptr_t msg,
					      mach_msg_option_t option,
					      mach_msg_size_t rcv_size,
					      uint64_t deadline);

#endif /* IPC_MSG_H */
