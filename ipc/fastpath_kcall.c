/*
 * ipc/fastpath_kcall.c - the fast path's kernel calls (ipc/fastpath_kcall.h).
 *
 * A kernel call is a message to a kernel-object port whose caller waits
 * for the reply on the receive right it made the reply send-once right
 * from: what every MIG client stub of a kernel interface sends. It is
 * served in place: the request's body copied once onto the kernel stack,
 * served there by the subsystem's routine (called as ipc/kobject.c's
 * ipc_kobject_server calls it), and its simple reply written once from
 * the thread's reply scratch into the caller's receive buffer.
 *
 * Lock order: the kernel lock, held by the caller (ipc/fastpath.c);
 * nothing here blocks; the request is read without paging in.
 */
/* Built without frame pointers, as ipc/fastpath.c (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/thread.h>
#include <base/arch.h>
#include <ipc/fastpath.h>
#include <ipc/fastpath_kcall.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/kobject_scratch.h>
#include <ipc/module.h>
#include <ipc/msg.h>
#include <ipc/port.h>
#include <ipc/space.h>

/* The small steps, inlined (a call costs more than most of them). */
#define FAST_INLINE static inline __attribute__((always_inline))

/* A request to a kernel object, on the caller's stack: not a kmsg (the
 * demux sees its message only). */
#define FAST_KCALL_MAX 1024
struct kcall_request {
	union {
		struct ipc_kmsg_header hdr;
		mach_msg_header_t msg;
	} __attribute__((aligned(8)));
	uint8_t body[FAST_KCALL_MAX - sizeof(mach_msg_header_t)];
};

/* The request every MIG client stub sends: a copy of a send right to the
 * object, a send-once right made for the reply. */
#define FAST_KCALL_BITS                                                        \
	MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE)
/* Its reply as the demux leaves it when it can be written in place: a
 * simple message to the send-once right. */
#define FAST_KCALL_REPLY_BITS MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0)

/*
 * The routines found last, by msgh_id (direct-mapped): a routine table's
 * entry never changes (the subsystems are linked in), so an entry whose
 * id matches gives its routine. Under the kernel lock.
 */
#define KCALL_ROUTES 64
static struct kcall_route {
	mach_msg_id_t id;
	mig_routine_t routine; /* NULL: an empty slot */
} kcall_routes[KCALL_ROUTES];

/* The routine serving id (ipc/kobject_scratch.h, kobject_routine), or
 * NULL: its subsystem's demux serves it, or none does. */
static __attribute__((noinline)) mig_routine_t
kcall_route_fill(mach_msg_id_t id)
{
	const struct mig_subsystem *sub = module_find_subsystem(id);
	mig_routine_t routine = sub != NULL ? kobject_routine(sub, id) : NULL;
	struct kcall_route *r = &kcall_routes[(uint32_t)id % KCALL_ROUTES];

	if (routine != NULL) {
		r->id = id;
		r->routine = routine;
	}
	return routine;
}

FAST_INLINE mig_routine_t kcall_route(mach_msg_id_t id)
{
	const struct kcall_route *r =
		&kcall_routes[(uint32_t)id % KCALL_ROUTES];

	if (r->id == id && r->routine != NULL)
		return r->routine;
	return kcall_route_fill(id);
}

/* Release the served request's header rights (ipc_kobject_server's
 * kobject_request_done for a simple request; its body is plain data): the
 * send right made from the caller's (ipc_port_release_send of a port known
 * valid, its send right known counted). The header is as ipc_fast_kcall
 * wrote it: a routine does not change its request's header (ipc/module.h),
 * nor puts a right in its local slot. */
FAST_INLINE void kcall_request_done(struct port *kport)
{
	if (--kport->srights == 0)
		ipc_port_check_no_senders(kport);
	ipc_port_unref_held(kport); /* taken by ipc_fast_kcall */
}

/*
 * Hand the reply in scratch to the caller (what the queue and the slow
 * receive would do with it): its header in the receiver's terms, copied
 * out once: the receive's result. Returns IPC_FAST_KCALL_SENT, the reply
 * untouched, if it is not for the caller's buffer (complex, over rcv_size
 * bytes, not to a send-once right for rport) or rport has changed
 * meanwhile (dead, moved, renamed from rcv_name, in a set, something
 * queued): the slow receive on rcv_name then gives the slow path's result.
 */
FAST_INLINE uint64_t kcall_deliver(struct ipc_space *space,
				   struct ipc_kmsg *scratch, struct port *rport,
				   uintptr_t msg, mach_msg_size_t rcv_size,
				   mach_port_name_t rcv_name)
{
	struct port *port = scratch->hdr.remote;
	mach_msg_header_t *h = &scratch->msg;
	mach_msg_type_name_t ltype = MACH_MSG_TYPE_PORT_SEND_ONCE;
	uint64_t lvalue;

	if (h->msgh_bits != FAST_KCALL_REPLY_BITS || h->msgh_size > rcv_size ||
	    port != rport || scratch->hdr.local != NULL || !port->active ||
	    port->receiver != space || port->receiver_name != rcv_name ||
	    port->pset != NULL || port->msgcount != 0)
		return IPC_FAST_KCALL_SENT;
	lvalue = rcv_name;
	if (port->has_payload) {
		ltype = MACH_MSG_TYPE_PROTECTED_PAYLOAD;
		lvalue = port->payload;
	}
	h->msgh_seqno = port->seqno++;
	h->msgh_bits = MACH_MSGH_BITS(0, ltype);
	/* The right is consumed by the delivery (ipc_port_discard_send_once
	 * of the right ipc_fast_kcall made: its count and reference held). */
	port->sorights--;
	ipc_port_unref_held(port);
	h->msgh_remote_port_do_not_use = MACH_PORT_NULL;
	h->msgh_protected_payload = lvalue;
	/* Written without paging in (inline), else the checked way (which
	 * pages the buffer in, as the slow receive's copyout does). */
	return copyout_nofault(h, (void *)msg, h->msgh_size) == 0 ||
			       copyout(h, (void *)msg, h->msgh_size) == 0
		       ? MACH_MSG_SUCCESS
		       : MACH_RCV_INVALID_DATA;
}

/*
 * ipc_fast_kcall (ipc/fastpath_kcall.h), in one step: the checks; the
 * request's body copied once onto the stack; the request's header and the
 * reply's written as ipc_kobject_server writes them (the reply in the
 * thread's reply scratch, ipc/kobject_scratch.h); the routine called (a
 * KernelServer stub, which clears the scratch as far as it writes: a
 * call its subsystem's demux serves goes the slow way); the reply
 * delivered from the scratch into the caller's buffer, or sent the slow
 * way. The rights are made and consumed as the slow path does, without
 * touching the caller's entries.
 */
uint64_t ipc_fast_kcall(struct ipc_space *space, const mach_msg_header_t *h,
			struct port *kport, uintptr_t msg,
			mach_msg_option_t option, mach_msg_size_t send_size,
			mach_msg_size_t rcv_size, mach_port_name_t rcv_name)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *scratch = self->kobject_reply;
	struct kcall_request rq;
	struct ipc_entry *rentry;
	mig_routine_t routine;
	struct port *rport;
	kern_return_t kr;
	uint64_t mr;

	if (h->msgh_bits != FAST_KCALL_BITS || h->msgh_local_port != rcv_name ||
	    !(option & MACH_RCV_MSG) || send_size > FAST_KCALL_MAX ||
	    !kport->active || kport->kobject_type == KOBJ_NONE ||
	    scratch == NULL || (routine = kcall_route(h->msgh_id)) == NULL)
		return IPC_FAST_KCALL_DECLINED;
	/* The request as ipc_kobject_server's routine sees it (its reply
	 * right moved to the reply), written ahead: fewer values live across
	 * the copy's call; its body. */
	rq.hdr.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	rq.hdr.size = send_size;
	rq.hdr.local = NULL;
	rq.hdr.seqno = h->msgh_seqno;
	rq.hdr.id = h->msgh_id;
	if (copyin_nofault((const void *)(msg + sizeof(*h)), rq.body,
			   send_size - sizeof(*h)) != 0)
		return IPC_FAST_KCALL_DECLINED;
	rentry = ipc_space_lookup(space, rcv_name);
	if (rentry == NULL || !(rentry->type & MACH_PORT_TYPE_RECEIVE))
		return IPC_FAST_KCALL_DECLINED;
	rport = rentry->port;
	if (rport->pset != NULL || rport->msgcount != 0)
		return IPC_FAST_KCALL_DECLINED;

	/* From here on nothing fails: the request is served. */
	/* ipc_port_copy_send and ipc_port_make_send_once of ports the
	 * caller's entries hold references to. */
	kport->srights++;
	rq.hdr.remote = ipc_port_ref_held(kport);
	self->kobject_reply = NULL; /* a call the routine makes needs its own */
	rport->sorights++;
	kobject_reply_init(scratch, ipc_port_ref_held(rport),
			   MACH_MSG_TYPE_PORT_SEND_ONCE, rq.hdr.id);
	routine(&rq.msg, &scratch->msg);
	kr = ((mig_reply_header_t *)&scratch->msg)->RetCode;
	kcall_request_done(kport);
	if (kr == MIG_NO_REPLY) { /* the routine kept the reply right */
		kobject_scratch_keep(self, scratch);
		return IPC_FAST_KCALL_SENT;
	}
	/* The call may end the task and free its space: kcall_deliver then
	 * finds the reply port dead before it compares space. */
	mr = kcall_deliver(space, scratch, rport, msg, rcv_size, rcv_name);
	if (mr == IPC_FAST_KCALL_SENT) {
		ipc_kobject_scratch_send(self, scratch);
		return IPC_FAST_KCALL_SENT;
	}
	kobject_scratch_keep(self, scratch);
	ipc_fast_stats.kcalls++;
	return mr;
}
