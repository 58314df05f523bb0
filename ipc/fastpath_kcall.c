/*
 * ipc/fastpath_kcall.c - the fast path's kernel calls (ipc/fastpath_kcall.h).
 *
 * A kernel call is a message to a kernel-object port whose caller waits
 * for the reply on the receive right it made the reply send-once right
 * from: what every MIG client stub of a kernel interface sends. It is
 * served in place: the request copied once onto the kernel stack, served
 * there by the subsystem's routine (ipc/kobject.c), and its simple reply
 * written once into the caller's receive buffer.
 *
 * Lock order: the kernel lock, held by the caller (ipc/fastpath.c);
 * nothing here blocks; the request is read without paging in.
 */
#include <base/thread.h>
#include <base/arch.h>
#include <ipc/fastpath.h>
#include <ipc/fastpath_kcall.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/module.h>
#include <ipc/msg.h>
#include <ipc/port.h>
#include <ipc/space.h>

/* The small steps, inlined (a call costs more than most of them). */
#define FAST_INLINE static inline __attribute__((always_inline))

/* A request to a kernel object, on the caller's stack. */
#define FAST_KCALL_MAX 1024
struct kcall_buf {
	struct ipc_kmsg k;
	uint8_t body[FAST_KCALL_MAX - sizeof(mach_msg_header_t)];
};

/* The request every MIG client stub sends: a copy of a send right to the
 * object, a send-once right made for the reply. */
#define FAST_KCALL_BITS                                                        \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)

/*
 * Hand the in-place reply to the caller (what the queue and the slow
 * receive would do with it): its header in the receiver's terms, copied
 * out once. Returns false, and sends it the slow way, if its port has
 * changed meanwhile (dead, moved, in a set, something queued).
 */
FAST_INLINE bool kcall_deliver(struct ipc_space *space, struct ipc_kmsg *reply,
			       uintptr_t msg, mach_msg_return_t *mrp)
{
	struct port *port = reply->hdr.remote;
	mach_msg_header_t *h = &reply->msg;
	mach_msg_type_name_t ltype = MACH_MSG_TYPE_PORT_SEND_ONCE;
	uint64_t lvalue;

	if (!port->active || port->receiver != space || port->pset != NULL ||
	    port->msgcount != 0 || reply->hdr.local != NULL) {
		ipc_kobject_reply_send_scratch(reply);
		return false;
	}
	lvalue = port->receiver_name;
	if (port->has_payload) {
		ltype = MACH_MSG_TYPE_PROTECTED_PAYLOAD;
		lvalue = port->payload;
	}
	h->msgh_seqno = port->seqno++;
	h->msgh_bits = MACH_MSGH_BITS(0, ltype);
	ipc_port_discard_send_once(port); /* consumed by the delivery */
	h->msgh_remote_port_do_not_use = MACH_PORT_NULL;
	h->msgh_protected_payload = lvalue;
	*mrp = copyout(h, (void *)msg, h->msgh_size) == 0
		       ? MACH_MSG_SUCCESS
		       : MACH_RCV_INVALID_DATA;
	ipc_kobject_reply_release(reply);
	ipc_fast_stats.kcalls++;
	return true;
}

/*
 * A kernel call (MACH_SEND_MSG | MACH_RCV_MSG, FAST_KCALL_BITS, to an
 * active kernel object, its reply to the receive right received on, in no
 * set, nothing queued there), served in place: the request copied once
 * onto the stack, served there, the reply written once into the caller's
 * buffer. The rights are made and consumed as the slow path does, without
 * touching the caller's entries. Returns true with *mrp when the call is
 * over; false with *sent when the slow path must receive (the request was
 * served); false alone when nothing happened.
 */
bool ipc_fast_kcall(struct ipc_space *space, const mach_msg_header_t *h,
		    struct ipc_entry *dentry, uintptr_t msg,
		    mach_msg_option_t option, mach_msg_size_t send_size,
		    mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
		    bool *sent, mach_msg_return_t *mrp)
{
	struct port *kport = dentry->port, *rport;
	const struct mig_subsystem *sub;
	struct ipc_entry *rentry;
	struct ipc_kmsg *reply;
	struct kcall_buf b;
	bool done;

	*sent = false;
	if (h->msgh_bits != FAST_KCALL_BITS || h->msgh_local_port != rcv_name ||
	    !(option & MACH_RCV_MSG) || send_size > FAST_KCALL_MAX ||
	    !kport->active || kport->kobject_type == KOBJ_NONE ||
	    (sub = ipc_kobject_inplace_ready(h->msgh_id)) == NULL)
		return false;
	rentry = ipc_space_lookup(space, rcv_name);
	if (rentry == NULL || !(rentry->type & MACH_PORT_TYPE_RECEIVE))
		return false;
	rport = rentry->port;
	if (rport->pset != NULL || rport->msgcount != 0 ||
	    copyin_nofault((const void *)(msg + sizeof(*h)), b.body,
			   send_size - sizeof(*h)) != 0)
		return false;

	/* From here on nothing fails: the request is served. */
	b.k.internal = true;
	b.k.accept_notify = NULL;
	b.k.accept_msg = NULL;
	b.k.accept_space = NULL;
	b.k.ool_src = NULL;
	b.k.ool_src_count = 0;
	b.k.hdr.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND,
				      MACH_MSG_TYPE_PORT_SEND_ONCE);
	b.k.hdr.size = send_size;
	b.k.hdr.remote = ipc_port_copy_send(kport);
	b.k.hdr.local = ipc_port_make_send_once(rport);
	b.k.hdr.seqno = h->msgh_seqno;
	b.k.hdr.id = h->msgh_id;
	/* The call may end the task and free its space: kcall_deliver then
	 * finds the reply port dead before it compares space. */
	reply = ipc_kobject_call_inplace(&b.k, sub, rcv_size);
	done = reply != NULL && kcall_deliver(space, reply, msg, mrp);
	*sent = !done;
	return done;
}
