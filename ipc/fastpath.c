/*
 * ipc/fastpath.c - mach_msg's fast path (ipc/fastpath.h).
 *
 * A send takes it when every one of these holds, checked before anything
 * changes (otherwise the slow path sends, with its own results):
 *  - the options are plain (no MACH_SEND_NOTIFY, MACH_SEND_CANCEL,
 *    MACH_SEND_ALWAYS), the size within [32, IPC_FAST_MAX_SIZE], a
 *    multiple of 8, and the message not complex - or, sent to a task,
 *    its body one out-of-line region with msgt_deallocate, which moves
 *    straight into the receiver's map (ipc_ool_fast_prepare);
 *  - the destination names a live port received by a task (not a kernel
 *    object, not in transit), in no port set, with no message queued,
 *    through a right its disposition allows, with no dead-name request on
 *    a right the send moves;
 *  - the reply is none, or MAKE_SEND_ONCE of a receive right;
 *  - the first thread waiting on the port waits in mach_msg's receive
 *    (armed), with room for the message in its buffer;
 *  - the sender's buffer and the receiver's are mapped (the receiver's
 *    writable) in their page tables right now, and the receiver's space
 *    has an entry to spare for the reply right.
 * Then the body is copied once from page to page, the header's rights
 * are taken from the sender and given to the receiver as the slow path
 * would (ipc_right_copyin, ipc_port_consume_dest, a send-once entry), the
 * received header written, the receiver woken with its receive complete,
 * and the CPU handed to it as soon as the sender blocks in its receive
 * (waitq_wait_handoff), without a trip through the run queue.
 *
 * A receive on one receive right (not a set, nothing queued, no
 * MACH_RCV_NOTIFY) waits armed on it and returns as soon as a fast sender
 * completed it; woken otherwise, it goes on as the slow path would.
 *
 * Lock order: the kernel lock, taken by ipc_fast_mach_msg; nothing here
 * faults (the sender's buffer is read without paging in, the receiver's
 * reached through its page tables) and nothing blocks but the receive.
 */
/* The fast path runs without frame pointers: a register more, and no
 * frame to build in each of its functions (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/boot.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <vm/vm_map.h>
#include <base/msg_layout.h>
#include <ipc/fastpath.h>
#include <ipc/fastpath_kcall.h>
#include <ipc/ipc_kernel.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/msg.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>

/* The small steps of a send, inlined into both of their callers (a call
 * costs more than most of them). */
#define FAST_INLINE static inline __attribute__((always_inline))

bool ipc_fastpath_enabled = true;
struct ipc_fast_stats ipc_fast_stats;

/* The options the fast path takes (not MACH_RCV_NOTIFY: it needs the
 * seventh argument, which only the general path reads). */
#define FAST_OPTIONS                                                           \
	(MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_TIMEOUT |                    \
	 MACH_SEND_INTERRUPT | MACH_RCV_TIMEOUT | MACH_RCV_INTERRUPT |         \
	 MACH_RCV_LARGE)
#define FAST_MAX_PAGES (IPC_FAST_MAX_SIZE / PAGE_SIZE + 2)

/* The receiver's buffer in another address space, reached through the
 * physmap page by page. */
struct span {
	uintptr_t va;
	unsigned int n;
	uint8_t *page[FAST_MAX_PAGES];
};

/* Every page of [va, va + len) in pmap, writable; false if one is not
 * mapped so now. */
static bool span_map(struct span *sp, struct pmap *pmap, uintptr_t va,
		     size_t len)
{
	uintptr_t end = va + len;

	sp->va = va;
	sp->n = 0;
	if (end < va)
		return false;
	for (uintptr_t p = va & ~PAGE_MASK; p < end; p += PAGE_SIZE) {
		uint8_t *k = pmap_user_kaddr(pmap, p, true);

		if (k == NULL)
			return false;
		sp->page[sp->n++] = k;
	}
	return true;
}

/* Copy len bytes at off of the span from the kernel buffer src, or from
 * the current user space at usrc (false if a page there is missing). */
static bool span_fill(const struct span *sp, size_t off, const void *src,
		      uintptr_t usrc, size_t len)
{
	if (sp->n == 0) /* the current address space */
		return (src != NULL ? copyout_nofault(
					      src, (void *)(sp->va + off), len)
				    : copy_user_nofault(sp->va + off,
							usrc + off, len)) == 0;
	while (len > 0) {
		uintptr_t a = sp->va + off;
		size_t room = PAGE_SIZE - (a & PAGE_MASK);
		size_t n = len < room ? len : room;
		uint8_t *d =
			sp->page[(a >> PAGE_SHIFT) - (sp->va >> PAGE_SHIFT)] +
			(a & PAGE_MASK);

		if (src != NULL)
			arch_copy(d, (const uint8_t *)src + off, n);
		else if (copyin_nofault((const void *)(usrc + off), d, n) != 0)
			return false;
		off += n;
		len -= n;
	}
	return true;
}

/* The most a message to another task may be staged in (on the kernel
 * stack) for one copy out through the receiver's page tables; a longer
 * one is copied page by page through the physmap (span_map). */
#define FAST_STAGE_MAX 512

/*
 * Write the message at msg (size bytes, header included) into t's receive
 * buffer with the header out in place of the sender's (whole: out holds
 * all size bytes, the body too). A receiver of the sender's own task
 * (same) is written through the current page tables (not if the two
 * buffers overlap: the slow path stages that through the kernel), another
 * through its own: loaded for one copy of a message staged here (as a
 * Hurd RPC's, short; with stay, left loaded if the copy succeeded: see
 * pmap_copyout_nofault), else walked for a long one. False if a page is
 * missing (the slow path copies; the receiver's buffer is its own until
 * its receive is done).
 */
static bool fast_copy(struct thread *t, uintptr_t msg, mach_msg_size_t size,
		      const mach_msg_header_t *out, bool whole, bool same,
		      bool stay)
{
	uintptr_t to = t->ipc_rcv.msg;
	size_t hs = whole ? size : sizeof(*out), body = size - hs;
	struct pmap *pmap;
	struct span sp;

	if (same) {
		if (to < msg + size && msg < to + size)
			return false;
		return (body == 0 ||
			copy_user_nofault(to + hs, msg + hs, body) == 0) &&
		       copyout_nofault(out, (void *)to, hs) == 0;
	}
	pmap = vm_map_pmap(t->task->map);
	if (body == 0)
		return pmap_copyout_nofault(pmap, out, to, size, stay) == 0;
	if (size <= FAST_STAGE_MAX) {
		uint64_t stage[FAST_STAGE_MAX / 8];

		arch_copy(stage, out, hs);
		return copyin_nofault((const void *)(msg + hs),
				      (uint8_t *)stage + hs, body) == 0 &&
		       pmap_copyout_nofault(pmap, stage, to, size, stay) == 0;
	}
	if (!span_map(&sp, pmap, to, size))
		return false;
	span_fill(&sp, 0, out, 0, hs);
	return span_fill(&sp, hs, NULL, msg, body);
}

/* What a fast send found and will change. */
struct fast_send {
	mach_msg_header_t h;	    /* the sender's header */
	struct ipc_entry *dest;	    /* sender's entry of the destination */
	struct ipc_entry *reply;    /* sender's receive right, or NULL */
	struct port *port;	    /* the destination */
	struct thread *receiver;    /* waiting on it */
	struct ipc_entry *so_entry; /* receiver's new entry for the reply */
};

/* Does entry hold the right disposition disp takes? */
FAST_INLINE bool fast_right_ok(const struct ipc_entry *entry,
			       mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_COPY_SEND:
		return (entry->type & MACH_PORT_TYPE_SEND) != 0;
	case MACH_MSG_TYPE_MOVE_SEND:
		return (entry->type & MACH_PORT_TYPE_SEND) != 0 &&
		       entry->dnreq == NULL;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		return (entry->type & MACH_PORT_TYPE_SEND_ONCE) != 0 &&
		       entry->dnreq == NULL;
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return (entry->type & MACH_PORT_TYPE_RECEIVE) != 0;
	default:
		return false;
	}
}

/* A thread waits on port (a fast send may find it armed). */
FAST_INLINE bool fast_waiting(struct port *port)
{
	return !waitq_empty(&port->rcv_waiters);
}

/* The destination: a live port a task receives on, nothing queued, a
 * thread waiting in an armed receive. */
static bool fast_dest(struct ipc_entry *entry, struct fast_send *fs)
{
	mach_msg_type_name_t disp = MACH_MSGH_BITS_REMOTE(fs->h.msgh_bits);
	struct port *port;
	struct thread *t;

	if (entry == NULL || !fast_right_ok(entry, disp))
		return false;
	port = entry->port;
	if (!port->active || port->receiver == NULL || port->pset != NULL ||
	    port->msgcount != 0 || waitq_empty(&port->rcv_waiters))
		return false;
	t = list_entry(list_first(&port->rcv_waiters.waiters), struct thread,
		       wait_node);
	if (!t->ipc_rcv.armed || t->task == NULL ||
	    t->task->space != port->receiver)
		return false;
	fs->dest = entry;
	fs->port = port;
	fs->receiver = t;
	return true;
}

/* The reply right: none, or a send-once right made from a receive
 * right. */
FAST_INLINE bool fast_reply(struct ipc_space *space, struct fast_send *fs)
{
	mach_msg_type_name_t disp = MACH_MSGH_BITS_LOCAL(fs->h.msgh_bits);

	fs->reply = NULL;
	if (disp == 0)
		return fs->h.msgh_local_port == MACH_PORT_NULL;
	if (disp != MACH_MSG_TYPE_MAKE_SEND_ONCE)
		return false;
	fs->reply = ipc_space_lookup_inline(space, fs->h.msgh_local_port);
	return fs->reply != NULL &&
	       (fs->reply->type & MACH_PORT_TYPE_RECEIVE) != 0;
}

/* The header the receiver of a message with bits and id sent to port
 * will get, its reply right so (or none), the destination right of
 * carried type ltype; nothing changes. */
FAST_INLINE void fast_header(const struct port *port, mach_msg_bits_t bits,
			     mach_msg_type_name_t ltype, mach_msg_id_t id,
			     const struct ipc_entry *so, mach_msg_size_t size,
			     mach_msg_header_t *out)
{
	uint64_t lvalue = port->receiver_name;

	if (port->has_payload) {
		ltype = MACH_MSG_TYPE_PROTECTED_PAYLOAD;
		lvalue = port->payload;
	}
	out->msgh_bits =
		(bits & MACH_MSGH_BITS_COMPLEX) |
		MACH_MSGH_BITS(so != NULL ? MACH_MSG_TYPE_PORT_SEND_ONCE : 0,
			       ltype);
	out->msgh_size = size;
	out->msgh_remote_port_do_not_use =
		so != NULL ? so->name : MACH_PORT_NULL;
	out->msgh_protected_payload = lvalue;
	out->msgh_seqno = port->seqno;
	out->msgh_id = id;
}

/* A send-once right alone in entry (no dead-name request) moved and
 * consumed by the delivery: the entry freed, the right's reference to
 * port dropped (not its last: its receive right holds one). */
FAST_INLINE void fast_take_send_once(struct ipc_space *space,
				     struct ipc_entry *entry, struct port *port)
{
	entry->type = 0;
	entry->port = NULL;
	ipc_space_entry_free_known(space, entry);
	port->sorights--;
	ipc_port_unref_held(port); /* the right's */
}

/* The destination right of disposition rdisp taken from the sender's
 * entry and consumed by the delivery, in one step: what
 * ipc_right_copyin then ipc_port_consume_dest do. */
FAST_INLINE void fast_take_dest(struct ipc_space *space,
				struct ipc_entry *entry,
				mach_msg_type_name_t rdisp)
{
	struct port *port = entry->port;

	switch (rdisp) {
	case MACH_MSG_TYPE_COPY_SEND:
		/* A send right made and consumed: the entry's right stays,
		 * and with it a send right, so no no-senders either. */
		break;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		/* The right leaves the entry (a send-once right is alone in
		 * its entry, with no dead-name request: fast_right_ok), its
		 * reference with it, and the delivery ends the right. */
		if (entry->type == MACH_PORT_TYPE_SEND_ONCE) {
			fast_take_send_once(space, entry, port);
			break;
		}
		entry->type &= ~MACH_PORT_TYPE_SEND_ONCE;
		ipc_space_entry_update_port_map(space, entry);
		port->sorights--; /* the entry's other rights keep port */
		break;
	default:
		ipc_port_consume_dest(ipc_right_copyin(space, entry, rdisp),
				      ipc_right_carried_type(rdisp));
	}
}

/*
 * Take the header's rights from the sender and give them to the receiver
 * (what ipc_kmsg_translate and ipc_kmsg_copyout do for a simple message),
 * as fast_header announced them.
 */
FAST_INLINE void fast_translate(struct ipc_space *space, struct fast_send *fs)
{
	struct port *reply;

	if (fs->reply != NULL) { /* a send-once right made, given */
		reply = fs->reply->port;
		reply->sorights++;
		ipc_port_ref_held(reply);
		fs->so_entry->port = reply;
		fs->so_entry->urefs = 1;
		fs->so_entry->type = MACH_PORT_TYPE_SEND_ONCE;
	}
	fs->port->seqno++;
	fast_take_dest(space, fs->dest, MACH_MSGH_BITS_REMOTE(fs->h.msgh_bits));
}

/* Give back the reply entry made for a send that does not happen. */
static void fast_unalloc(struct ipc_space *space, struct fast_send *fs)
{
	if (fs->so_entry != NULL)
		ipc_space_entry_free(space, fs->so_entry);
}

/* The message as the receiver gets it: the header, and the body of a
 * complex one. */
struct fast_out {
	mach_msg_header_t h;
	uint64_t body[IPC_OOL_FAST_BODY / sizeof(uint64_t)];
};

/* A complex message: one out-of-line region that moves to t's task
 * (ipc/ool.h), the body read into out with the receiver's address. */
static __attribute__((noinline)) bool fast_ool(struct thread *t, uintptr_t msg,
					       mach_msg_size_t size,
					       struct fast_out *out,
					       struct ipc_ool_fast *ool)
{
	size_t len = size - sizeof(out->h);

	return len <= sizeof(out->body) &&
	       copyin_nofault((const void *)(msg + sizeof(out->h)), out->body,
			      len) == 0 &&
	       ipc_ool_fast_prepare((uint8_t *)out->body, len, t->task->map,
				    t->ipc_rcv.msg, size, ool);
}

/*
 * The rest of the receive of t, completed: what its fast receive does when
 * it wakes (fast_receive), done here so that t has nothing left to do but
 * return to user mode (thread->resume_user; the arch may switch to it
 * straight there). A receive of the general path (port NULL) does its
 * own.
 */
FAST_INLINE void fast_complete(struct thread *t)
{
	struct port *port = t->ipc_rcv.port;

	if (port == NULL)
		return;
	t->ipc_rcv.port = NULL;
	t->ipc_rcv.msg = 0;
	t->resume_value = MACH_MSG_SUCCESS;
	t->resume_user = true;
	ipc_port_unref_held(port); /* the receive's reference */
}

/* The send half; false if the slow path must send (nothing changed). */
static bool fast_send(struct ipc_space *space, const mach_msg_header_t *h,
		      struct ipc_entry *dest, uintptr_t msg,
		      mach_msg_size_t send_size, struct ipc_entry **rcv_hint,
		      struct thread **woken)
{
	bool complex = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0;
	struct ipc_ool_fast ool;
	struct fast_send fs;
	struct fast_out out;
	struct thread *t;

	fs.h = *h;
	if (!fast_dest(dest, &fs) || !fast_reply(space, &fs))
		return false;
	t = fs.receiver;
	if (t->ipc_rcv.size < send_size)
		return false;
	if (complex && !fast_ool(t, msg, send_size, &out, &ool))
		return false;
	fs.so_entry = NULL;
	if (fs.reply != NULL && (fs.so_entry = ipc_space_entry_alloc_reply(
					 fs.port->receiver)) == NULL)
		return false;
	fast_header(
		fs.port, fs.h.msgh_bits,
		ipc_right_carried_type(MACH_MSGH_BITS_REMOTE(fs.h.msgh_bits)),
		fs.h.msgh_id, fs.so_entry, send_size, &out.h);
	if (!fast_copy(t, msg, send_size, &out.h, complex,
		       t->task == current_thread()->task, false)) {
		fast_unalloc(fs.port->receiver, &fs);
		return false;
	}

	/* From here on nothing fails. */
	t->ipc_rcv.state = thread_rcv_state(false, true);
	waitq_unwait(t, WAIT_AWAKENED); /* the caller runs it or readies it */
	*woken = t;
	fast_translate(space, &fs);
	if (complex)
		ipc_ool_fast_commit(&ool);
	*rcv_hint = fs.reply; /* still there: it holds a receive right */
	fast_complete(t);
	space->fast_sends++;
	return true;
}

/*
 * A message to the port the sender then receives on, with nothing queued
 * and no other thread waiting: the slow path would queue it and take it
 * back at once. Here it is delivered in place: the body already is where
 * the receive would put it (one buffer for both), only the header is
 * rewritten. False if the case is not this one (nothing changed).
 */
static bool fast_self(struct ipc_space *space, const mach_msg_header_t *h,
		      uintptr_t msg, mach_msg_option_t option,
		      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		      mach_port_name_t rcv_name)
{
	mach_msg_type_name_t rdisp = MACH_MSGH_BITS_REMOTE(h->msgh_bits);
	struct ipc_entry *rcv = ipc_space_lookup_inline(space, rcv_name);
	mach_msg_header_t out;
	struct fast_send fs;

	if (!(option & MACH_RCV_MSG) || rcv_size < send_size || rcv == NULL ||
	    !(rcv->type & MACH_PORT_TYPE_RECEIVE) ||
	    (h->msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return false;
	fs.h = *h;
	fs.port = rcv->port;
	fs.dest = ipc_space_lookup_inline(space, h->msgh_remote_port);
	fs.receiver = NULL;
	if (fs.dest == NULL || fs.dest->port != fs.port ||
	    !fast_right_ok(fs.dest, rdisp) || fs.port->pset != NULL ||
	    fs.port->msgcount != 0 || !waitq_empty(&fs.port->rcv_waiters) ||
	    !fast_reply(space, &fs))
		return false;
	/* The header is written in place: its pages must be writable
	 * (rewritten as they are, since the slow path may still read it). */
	if (copy_user_nofault(msg, msg, sizeof(out)) != 0)
		return false;
	fs.so_entry = NULL;
	if (fs.reply != NULL &&
	    (fs.so_entry = ipc_space_entry_alloc_reply(space)) == NULL)
		return false;
	fast_header(
		fs.port, fs.h.msgh_bits,
		ipc_right_carried_type(MACH_MSGH_BITS_REMOTE(fs.h.msgh_bits)),
		fs.h.msgh_id, fs.so_entry, send_size, &out);
	fast_translate(space, &fs);
	copyout_nofault(&out, (void *)msg, sizeof(out));
	ipc_fast_stats.selfs++;
	return true;
}

/*
 * The end of a fast receive on port, woken with r: done by a fast sender,
 * or what the general receive makes of it. Drops the receive's reference
 * to port. Lock held (exclusive), interrupts disabled.
 */
static mach_msg_return_t
fast_receive_end(struct ipc_space *space, struct port *port, uintptr_t msg,
		 mach_msg_option_t option, mach_msg_size_t rcv_size,
		 uint64_t deadline, enum wait_result r, unsigned long on)
{
	struct thread *self = current_thread();
	mach_msg_return_t mr;

	if (self->ipc_rcv.done) {
		/* The sender did the rest (fast_complete). */
		self->resume_user = false;
		return MACH_MSG_SUCCESS;
	}
	self->ipc_rcv.armed = false;
	self->ipc_rcv.msg = 0;
	self->ipc_rcv.port = NULL;
	if (r == WAIT_TIMED_OUT) {
		mr = MACH_RCV_TIMED_OUT;
	} else if (r == WAIT_INTERRUPTED) {
		mr = MACH_RCV_INTERRUPTED;
	} else if (space == NULL || self->task->space != space) {
		/* The task ended meanwhile (its space may be gone): the
		 * thread does not return to user mode. */
		mr = MACH_RCV_PORT_DIED;
	} else { /* a message was queued, or the right changed */
		arch_intr_restore(on);
		mr = ipc_mach_msg_receive_resume(space, port, msg, option,
						 rcv_size, deadline);
		arch_intr_save();
	}
	ipc_port_unref(port);
	return mr;
}

/* self's receive on port, armed for a fast sender (its buffer at msg,
 * rcv_size bytes), before it waits. */
FAST_INLINE void fast_arm(struct thread *self, struct port *port, uintptr_t msg,
			  mach_msg_size_t rcv_size)
{
	ipc_port_ref_held(port); /* its receive right may go while we wait */
	self->ipc_rcv.port = port;
	self->ipc_rcv.msg = msg;
	self->ipc_rcv.size = rcv_size;
	self->ipc_rcv.state = thread_rcv_state(true, false);
}

/*
 * The receive half: wait on the receive right rcv_name, armed, for a fast
 * sender. Returns true with *mrp when the receive is over; false if the
 * slow path must receive (nothing changed). Lock held and interrupts
 * disabled on entry and on return (on: the token of interrupts enabled,
 * for the general receive).
 */
static bool fast_receive(struct ipc_space *space, uintptr_t msg,
			 mach_msg_option_t option, mach_msg_size_t rcv_size,
			 mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			 struct ipc_entry *hint, struct thread *woken,
			 unsigned long on, mach_msg_return_t *mrp)
{
	struct thread *self = current_thread();
	struct ipc_entry *entry =
		hint != NULL && hint->name == rcv_name
			? hint
			: ipc_space_lookup_inline(space, rcv_name);
	uint64_t deadline = WAITQ_FOREVER;
	struct port *port;
	enum wait_result r;

	if (entry == NULL || !(entry->type & MACH_PORT_TYPE_RECEIVE) ||
	    entry->port->pset != NULL || entry->port->msgcount != 0) {
		if (woken != NULL)
			sched_make_ready(woken);
		return false;
	}
	port = entry->port;
	if (option & MACH_RCV_TIMEOUT)
		deadline = deadline_after_ms(timeout);
	fast_arm(self, port, msg, rcv_size);
	r = waitq_wait_handoff(&port->rcv_waiters, deadline, woken);
	*mrp = fast_receive_end(space, port, msg, option, rcv_size, deadline, r,
				on);
	return true;
}

/* The options of an RPC under the kernel lock shared: a send and a
 * receive, no timeout (the clock's timers are the exclusive holder's). */
#define FAST_SHARED_OPTIONS                                                    \
	(MACH_SEND_MSG | MACH_RCV_MSG | MACH_SEND_INTERRUPT |                  \
	 MACH_RCV_INTERRUPT | MACH_RCV_LARGE)

/*
 * The sender, its message sent to woken, waits on port (its receive
 * right, checked by fast_rpc) armed for a fast sender and hands the
 * processor to woken: fast_receive's wait without its checks, made before
 * the send. Queued under the space locks the caller holds (none under the
 * lock exclusive), which it releases after this.
 */
FAST_INLINE void fast_rpc_queue(struct thread *self, struct port *port,
				uintptr_t msg, mach_msg_size_t rcv_size)
{
	fast_arm(self, port, msg, rcv_size);
	waitq_enqueue(self, &port->rcv_waiters, WAITQ_FOREVER);
}

/*
 * An RPC (a send and a receive without timeout), flat: every check of
 * fast_send and of fast_rpc_queue's wait in the order the common case
 * meets them, nothing changed until all of them passed (then nothing
 * fails), the sender queued on its receive right and the processor handed
 * to the receiver. False, nothing done, when it is not that case: a body
 * beyond the header goes too (the receiver's buffer mapped now), no right
 * in it; the destination a copied send right or a moved send-once right,
 * the reply none or a made send-once right; a thread waits on the
 * destination (fast_waiting).
 *
 * Under the lock exclusive (shared false), or, shared, under the lock
 * shared and the two spaces' locks, which it releases before the switch
 * when it returns true (ipc_fast_mach_msg_shared): then the send and the
 * handoff need nothing more, not the heap (the reply right in the
 * receiver's own entry, a moved send-once right only from the sender's
 * own), no body to translate, no notification, none of the clock's
 * timers, none of the run queues (the receiver not suspended nor
 * outranked by a READY thread: sched_switch_to's slow case).
 */
FAST_INLINE bool fast_rpc(struct ipc_space *space, const mach_msg_header_t *h,
			  struct ipc_entry *dest, uintptr_t msg,
			  mach_msg_option_t opt, mach_msg_size_t send_size,
			  mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
			  unsigned long on, mach_msg_return_t *mrp, bool shared,
			  bool drop)
{
	struct thread *self = current_thread(), *t;
	mach_msg_bits_t bits = h->msgh_bits;
	mach_msg_type_name_t rdisp = MACH_MSGH_BITS_REMOTE(bits), ltype;
	struct port *port = dest->port, *rport, *reply = NULL;
	struct ipc_entry *rcv, *so = NULL;
	struct ipc_space *rspace = port->receiver;
	uint64_t ready = sched_ready_prios;
	mach_msg_header_t out;

	/* The destination, and the thread that waits on it. */
	if (self->should_exit)
		return false;
	if (rdisp == MACH_MSG_TYPE_COPY_SEND) {
		if (!(dest->type & MACH_PORT_TYPE_SEND))
			return false;
		ltype = MACH_MSG_TYPE_PORT_SEND;
	} else { /* a send-once right alone in its entry (shared: the
		  * space's own, freed without the heap) */
		if (rdisp != MACH_MSG_TYPE_MOVE_SEND_ONCE ||
		    dest->type != MACH_PORT_TYPE_SEND_ONCE ||
		    dest->dnreq != NULL ||
		    (shared && dest != &space->inline_entry))
			return false;
		ltype = MACH_MSG_TYPE_PORT_SEND_ONCE;
	}
	if (!port->active || port->pset != NULL || port->msgcount != 0)
		return false;
	t = list_entry(list_first(&port->rcv_waiters.waiters), struct thread,
		       wait_node);
	if (!t->ipc_rcv.armed || t->ipc_rcv.size < send_size ||
	    t->task == NULL || t->task->space != rspace ||
	    !list_node_unlinked(&t->deadline_node) || t->suspend_count != 0 ||
	    (ready != 0 && __builtin_ctzll(ready) < t->priority))
		return false;

	/* The sender's receive right, and the reply right. */
	rcv = ipc_space_lookup_inline(space, rcv_name);
	if (rcv == NULL || !(rcv->type & MACH_PORT_TYPE_RECEIVE))
		return false;
	switch (MACH_MSGH_BITS_LOCAL(bits)) {
	case 0:
		if (h->msgh_local_port != MACH_PORT_NULL)
			return false;
		break;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE: /* most often made of rcv */
		if (h->msgh_local_port == rcv_name) {
			reply = rcv->port;
		} else {
			struct ipc_entry *r = ipc_space_lookup_inline(
				space, h->msgh_local_port);

			if (r == NULL || !(r->type & MACH_PORT_TYPE_RECEIVE))
				return false;
			reply = r->port;
		}
		break;
	default:
		return false;
	}
	rport = rcv->port;
	if (rport->pset != NULL || rport->msgcount != 0)
		return false;
	if (reply != NULL && (so = ipc_space_entry_alloc_send_once_inline(
				      rspace, reply)) == NULL)
		return false;

	/* The header the receiver gets, and the copy (another task's page
	 * tables left loaded: the switch to t comes next, and nothing before
	 * it reads this task's user memory). */
	fast_header(port, bits, ltype, h->msgh_id, so, send_size, &out);
	if (!fast_copy(t, msg, send_size, &out, false, rspace == space,
		       true)) { /* a space per task */
		if (so != NULL) {
			ipc_entry_fill(so, 0, NULL);
			ipc_space_entry_free(rspace, so);
		}
		return false;
	}

	/* From here on nothing fails: the rights, the receiver done. */
	if (so != NULL) { /* the right in so made */
		reply->sorights++;
		ipc_port_ref_held(reply); /* its receive right holds one */
	}
	port->seqno++;
	if (rdisp == MACH_MSG_TYPE_MOVE_SEND_ONCE) /* alone in dest */
		fast_take_send_once(space, dest, port);
	t->ipc_rcv.state = thread_rcv_state(false, true);
	waitq_unwait_untimed(t, WAIT_AWAKENED); /* it waits, no deadline */
	fast_complete(t);
	space->fast_sends++;

	/* The sender waits for the reply; the receiver runs. */
	fast_rpc_queue(self, rport, msg, rcv_size);
	if (shared) { /* the locks released, then the switch */
		self->switching_out = 1; /* until its context is saved */
		if (rspace != space)
			spin_unlock(&rspace->fast_lock);
		spin_unlock(&space->fast_lock);
		sched_switch_now_shared(self, t); /* returns exclusive */
	} else if (drop) { /* resumed here, or in ipc_fast_rpc_resume */
		self->ipc_rcv.option = opt;
		sched_switch_now_drop(self, t);
	} else {
		sched_switch_now(self, t);
	}
	*mrp = fast_receive_end(space, rport, msg, opt, rcv_size, WAITQ_FOREVER,
				self->wait_result, on);
	return true;
}

/* ipc_fast_mach_msg, lock held, interrupts disabled (on: see there). */
FAST_INLINE bool
fast_mach_msg(struct ipc_space *space, uintptr_t msg, mach_msg_option_t *option,
	      mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	      mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	      unsigned long on, bool drop, mach_msg_return_t *mrp)
{
	mach_msg_option_t opt = *option;

	struct ipc_entry *dest, *hint = NULL;
	struct thread *woken = NULL;
	mach_msg_header_t h;

	if ((opt & ~FAST_OPTIONS) != 0)
		return false;
	if (opt & MACH_SEND_MSG) {
		if (send_size < sizeof(h) || send_size > IPC_FAST_MAX_SIZE ||
		    send_size % IPC_MSG_ALIGN != 0 ||
		    copyin_nofault((const void *)msg, &h, sizeof(h)) != 0)
			return false;
		dest = ipc_space_lookup_inline(space, h.msgh_remote_port);
		if (dest == NULL || !(dest->type & MACH_PORT_TYPE_SEND_RIGHTS))
			return false;
		if (dest->port->receiver == NULL) { /* a kernel object? */
			uint64_t k =
				ipc_fast_kcall(space, &h, dest->port, msg, opt,
					       send_size, rcv_size, rcv_name);

			if (k != IPC_FAST_KCALL_SENT) {
				*mrp = (mach_msg_return_t)k;
				return k != IPC_FAST_KCALL_DECLINED;
			}
		} else if (fast_waiting(dest->port)) {
			/* The RPC in one straight path, else the send here and
			 * the receive below. */
			if ((opt & ~FAST_SHARED_OPTIONS) == 0 &&
			    (opt & MACH_RCV_MSG) &&
			    !(h.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
			    fast_rpc(space, &h, dest, msg, opt, send_size,
				     rcv_size, rcv_name, on, mrp, false, drop))
				return true;
			if (!fast_send(space, &h, dest, msg, send_size, &hint,
				       &woken))
				return false;
		} else { /* nobody waits: maybe a message to oneself */
			if (!fast_self(space, &h, msg, opt, send_size, rcv_size,
				       rcv_name))
				return false;
			*mrp = MACH_MSG_SUCCESS;
			return true;
		}
		*option = opt & ~MACH_SEND_MSG;
		*mrp = MACH_MSG_SUCCESS;
	}
	if (!(opt & MACH_RCV_MSG)) {
		if (woken != NULL)
			sched_make_ready(woken);
		return true;
	}
	/* The receiver woken by the send runs when this thread blocks. */
	return fast_receive(space, msg, opt, rcv_size, rcv_name, timeout, hint,
			    woken, on, mrp);
}

/* ipc_fast_mach_msg, inlined into its two callers. */
FAST_INLINE uint64_t fast_trap(uintptr_t msg, mach_msg_option_t option,
			       mach_msg_size_t send_size,
			       mach_msg_size_t rcv_size,
			       mach_port_name_t rcv_name,
			       mach_msg_timeout_t timeout, unsigned long on,
			       bool drop)
{
	mach_msg_option_t left = option;
	struct task *task = current_thread()->task;
	struct ipc_space *space = task != NULL ? task->space : NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (space != NULL &&
	    fast_mach_msg(space, msg, &left, send_size, rcv_size, rcv_name,
			  timeout, on, drop, &mr))
		return mr;
	if (left == option)
		return IPC_FAST_DECLINED;
	/* Sent: the general path receives (no MACH_RCV_NOTIFY here). */
	arch_intr_restore(on);
	mr = ipc_trap_mach_msg_slow(msg, left, send_size, rcv_size, rcv_name,
				    timeout, MACH_PORT_NULL);
	arch_intr_save();
	return mr;
}

/* flatten: the whole path in one function, whatever the inliner's budget
 * for the file (ipc_fast_mach_msg_trap and ipc_fast_mach_msg_shared make
 * more users of it). */
__attribute__((flatten)) uint64_t
ipc_fast_mach_msg(uintptr_t msg, mach_msg_option_t option,
		  mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		  mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		  unsigned long on)
{
	return fast_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
			 on, false);
}

/* The trap's own: its six arguments in registers, on a constant, and the
 * RPC's sender blocked without its kernel frames (arch_thread_switch_drop:
 * nothing but the trap's end is above). */
__attribute__((flatten)) uint64_t
ipc_fast_mach_msg_trap(uintptr_t msg, mach_msg_option_t option,
		       mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		       mach_port_name_t rcv_name, mach_msg_timeout_t timeout)
{
	if (!ipc_fastpath_enabled)
		return IPC_FAST_DECLINED;
	return fast_trap(msg, option, send_size, rcv_size, rcv_name, timeout,
			 ARCH_INTR_ON, true);
}

/* The rest of fast_rpc's receive after sched_switch_now_drop, its kernel
 * frames dropped: its arguments from the thread's receive (the space is
 * the task's, or NULL once the task ended: fast_receive_end). */
uint64_t ipc_fast_rpc_resume(void)
{
	struct thread *self = current_thread();

	thread_reap_pending(); /* sched_switch_now_drop's end */
	return fast_receive_end(self->task->space, self->ipc_rcv.port,
				self->ipc_rcv.msg, self->ipc_rcv.option,
				self->ipc_rcv.size, WAITQ_FOREVER,
				self->wait_result, ARCH_INTR_ON);
}

/*
 * The send and receive of an RPC between two tasks under the kernel lock
 * shared (see ipc/fastpath.h): the sender's space locked, then the
 * receiver's if it is free (else the exclusive path runs the call), then
 * fast_rpc, which checks everything the send and the wait will need
 * first, so that once the send is done nothing is left that needs the
 * lock exclusive. The sender then waits on its receive right's port,
 * queued under its space's lock, the locks released before it hands the
 * processor to the receiver (which the switch waits for to be off any
 * other processor: arch_thread_switch_shared).
 */
__attribute__((flatten)) uint64_t
ipc_fast_mach_msg_shared(uintptr_t msg, mach_msg_option_t option,
			 mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			 mach_port_name_t rcv_name, unsigned long on)
{
	struct task *task = current_thread()->task;
	struct ipc_space *space, *rspace;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_entry *dest;
	mach_msg_header_t h;

	if ((option & ~FAST_SHARED_OPTIONS) != 0 ||
	    (option & (MACH_SEND_MSG | MACH_RCV_MSG)) !=
		    (MACH_SEND_MSG | MACH_RCV_MSG) ||
	    task == NULL || (space = task->space) == NULL ||
	    send_size < sizeof(h) || send_size > IPC_FAST_MAX_SIZE ||
	    send_size % IPC_MSG_ALIGN != 0 ||
	    copyin_nofault((const void *)msg, &h, sizeof(h)) != 0 ||
	    (h.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return IPC_FAST_DECLINED;
	spin_lock(&space->fast_lock);
	dest = ipc_space_lookup_inline(space, h.msgh_remote_port);
	if (dest == NULL || !(dest->type & MACH_PORT_TYPE_SEND_RIGHTS) ||
	    (rspace = dest->port->receiver) == NULL ||
	    !fast_waiting(dest->port))
		goto unlock;
	if (rspace != space && !spin_trylock(&rspace->fast_lock))
		goto unlock;
	/* Sent, the locks released, the receiver run: the lock exclusive. */
	if (fast_rpc(space, &h, dest, msg, option, send_size, rcv_size,
		     rcv_name, on, &mr, true, false))
		return mr;
	if (rspace != space)
		spin_unlock(&rspace->fast_lock);
unlock:
	spin_unlock(&space->fast_lock);
	return IPC_FAST_DECLINED;
}
