/*
 * ipc/mqueue.h - message queues: enqueue, dequeue, blocking, delivery.
 *
 * Kernel lock held on entry and exit; the wait functions block (the
 * section resumes when the thread runs again).
 */
#ifndef IPC_MQUEUE_H
#define IPC_MQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <mach/message.h>

struct ipc_kmsg;
struct ipc_space;
struct port;

/*
 * Deliver an internal kmsg (consumed) to the port of its header remote
 * right: hand it to the kernel server of a kernel-object port, else queue
 * it (ignoring the queue limit) and wake a receiver. A message to a dead
 * port is destroyed. Never blocks.
 */
void ipc_kmsg_deliver(struct ipc_kmsg *kmsg);

/* Append kmsg to port's queue and wake a receiver of the port or its set. */
void ipc_mqueue_enqueue(struct port *port, struct ipc_kmsg *kmsg);

/*
 * Has space a msg-accepted request pending on port (MACH_SEND_NOTIFY)?
 * A request is pending while the message that made it is queued on port:
 * it ends when that message is dequeued (the notification is sent) or
 * destroyed. One scan of the queue.
 */
bool ipc_mqueue_accept_pending(const struct port *port,
			       const struct ipc_space *space);

/*
 * Block until port's queue has room, port dies, deadline passes or the
 * wait is interrupted. The caller holds a reference on port. Returns
 * MACH_MSG_SUCCESS (room now, or the caller should look again),
 * MACH_SEND_INVALID_DEST, MACH_SEND_TIMED_OUT or MACH_SEND_INTERRUPTED.
 */
mach_msg_return_t ipc_mqueue_wait_room(struct port *port, uint64_t deadline);

/*
 * Receive from the receive right or port set name of space: wait (until
 * deadline) for a message and dequeue it into *kmsgp. A message larger
 * than max_size gives MACH_RCV_TOO_LARGE: with large it stays queued and
 * *kmsgp is NULL; without, it is dequeued all the same. *needed is the
 * size of the message found. Errors: MACH_RCV_INVALID_NAME,
 * MACH_RCV_IN_SET, MACH_RCV_TIMED_OUT, MACH_RCV_INTERRUPTED,
 * MACH_RCV_PORT_DIED, MACH_RCV_PORT_CHANGED. MACH_MSG_SUCCESS with *kmsgp
 * NULL: a fast sender delivered the message into the buffer the calling
 * thread armed (thread->ipc_rcv, ipc/fastpath.h) while it waited.
 */
mach_msg_return_t ipc_mqueue_receive(struct ipc_space *space,
				     mach_port_name_t name, uint64_t deadline,
				     mach_msg_size_t max_size, bool large,
				     struct ipc_kmsg **kmsgp,
				     mach_msg_size_t *needed);

/*
 * The same, on port (a receive right of space the caller holds a
 * reference on, kept) after a wait of its own on port->rcv_waiters ended
 * with WAIT_AWAKENED: as if ipc_mqueue_receive had been woken there
 * (ipc/fastpath.c).
 */
mach_msg_return_t ipc_mqueue_receive_resume(struct ipc_space *space,
					    struct port *port,
					    uint64_t deadline,
					    mach_msg_size_t max_size,
					    bool large, struct ipc_kmsg **kmsgp,
					    mach_msg_size_t *needed);

#endif /* IPC_MQUEUE_H */
