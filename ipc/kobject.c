/*
 * ipc/kobject.c - kernel-object ports and the dispatch to modules.
 *
 * Lock order: the kernel lock only (callers hold it). Module demux
 * functions run with it held.
 */
#include <stddef.h>
#include <stdint.h>
#include <base/debug.h>
#include <base/string.h>
#include <base/thread.h>
#include <mach/mig_errors.h>
#include <ipc/module.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/port.h>

/* The modules' no-senders hooks, by type. */
static ipc_kobject_no_senders_fn kobject_no_senders[KOBJ_NR_TYPES];

void ipc_kobject_set_no_senders(enum kobject_type type,
				ipc_kobject_no_senders_fn fn)
{
	assert(type > KOBJ_NONE && type < KOBJ_NR_TYPES);
	kobject_no_senders[type] = fn;
}

void ipc_kobject_no_senders(struct port *port)
{
	ipc_kobject_no_senders_fn fn = kobject_no_senders[port->kobject_type];

	if (fn != NULL)
		fn(port, port->mscount);
}

struct port *ipc_kobject_port_alloc(enum kobject_type type, void *obj)
{
	struct port *port = ipc_port_alloc();

	if (port == NULL)
		return NULL;
	port->kobject_type = type;
	port->kobject = obj;
	return port;
}

void ipc_kobject_port_destroy(struct port *port)
{
	port->kobject_type = KOBJ_NONE;
	port->kobject = NULL;
	ipc_port_destroy_receive(port);
}

static const mach_msg_type_t retcode_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/*
 * The reply scratch. A demux writes its reply into a MODULE_REPLY_MAX-byte
 * buffer that the calling thread keeps between its kernel calls
 * (thread->kobject_reply: made at its first call, freed with the thread by
 * ipc_kobject_thread_free); the reply then travels in a kmsg of its own
 * size, from a kalloc slab for most. A kept scratch is zero but for its
 * first thread->kobject_reply_dirty message bytes, cleared before it serves
 * again: what the last demux may have written (ipc/module.h, reply
 * extent). So every reply byte a demux does not write is zero, never a
 * byte of an earlier reply.
 *
 * A call that starts while the thread's scratch is in use (one sent during
 * a demux or by the notifications that follow it) finds none kept and
 * makes its own; when both are done one of them is kept, the other freed.
 */

/* The message bytes kobject_reply_init writes whole (the header, the
 * RetCode's type), rounded down to words: not cleared before it does. */
#define SCRATCH_INIT_BYTES                                                     \
	(offsetof(mig_reply_header_t, RetCode) & ~(sizeof(uint64_t) - 1))
/* A reply larger than this is cleared by memset, a smaller one by word
 * stores (cheaper than the call). */
#define SCRATCH_CLEAR_INLINE 256

typedef uint64_t __attribute__((may_alias)) scratch_word;

/* Clear the first dirty message bytes of scratch but those
 * kobject_reply_init writes, before it does (dirty <= MODULE_REPLY_MAX,
 * a multiple of 8). */
static inline void kobject_scratch_clear(struct ipc_kmsg *scratch, size_t dirty)
{
	scratch_word *w = (scratch_word *)&scratch->msg;

	if (dirty <= SCRATCH_INIT_BYTES)
		return;
	if (dirty > SCRATCH_CLEAR_INLINE) {
		memset((char *)w + SCRATCH_INIT_BYTES, 0,
		       dirty - SCRATCH_INIT_BYTES);
		return;
	}
	for (size_t i = SCRATCH_INIT_BYTES / sizeof(*w);
	     i < (dirty + sizeof(*w) - 1) / sizeof(*w); i++)
		w[i] = 0;
}

/* The scratch of self, its earlier reply cleared but for what
 * kobject_reply_init writes. */
static struct ipc_kmsg *kobject_scratch_take(struct thread *self)
{
	struct ipc_kmsg *scratch = self != NULL ? self->kobject_reply : NULL;

	if (scratch == NULL)
		return ipc_kmsg_spare_alloc(MODULE_REPLY_MAX); /* zeroed */
	self->kobject_reply = NULL;
	kobject_scratch_clear(scratch, self->kobject_reply_dirty);
	return scratch;
}

/* Keep scratch, whose first dirty message bytes may be non-zero. */
static void kobject_scratch_keep(struct thread *self, struct ipc_kmsg *scratch,
				 size_t dirty)
{
	if (self == NULL || self->kobject_reply != NULL) {
		ipc_kmsg_spare_free(scratch);
		return;
	}
	self->kobject_reply = scratch;
	self->kobject_reply_dirty = dirty;
}

void ipc_kobject_thread_free(struct thread *thread)
{
	ipc_kmsg_spare_free(thread->kobject_reply);
	thread->kobject_reply = NULL;
}

/* The message bytes of scratch the demux of sub may have written. */
static size_t kobject_reply_extent(const struct mig_subsystem *sub,
				   const struct ipc_kmsg *scratch)
{
	size_t extent = sizeof(mig_reply_header_t); /* kobject_reply_init */

	if (scratch->reply_bound != 0) { /* the stub's bound for this call */
		if (scratch->reply_bound > extent)
			extent = scratch->reply_bound;
	} else if (sub != NULL && sub->reply_extent > extent) {
		extent = sub->reply_extent;
	}
	if (scratch->hdr.size > extent)
		extent = scratch->hdr.size;
	return extent < MODULE_REPLY_MAX ? extent : MODULE_REPLY_MAX;
}

/* Write in scratch the reply as the demux finds it: MIG_BAD_ID to the
 * request's reply (every byte of the header and the RetCode's type, so
 * that kobject_scratch_clear leaves them). */
static void kobject_reply_init(struct ipc_kmsg *scratch,
			       struct ipc_kmsg *request)
{
	mig_reply_header_t *out = (mig_reply_header_t *)&scratch->msg;

	scratch->internal = true;
	scratch->reply_bound = 0; /* until the demux's stub says */
	scratch->hdr.bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(request->hdr.bits), 0);
	scratch->hdr.size = sizeof(mig_reply_header_t);
	scratch->hdr.remote = request->hdr.local;
	scratch->hdr.local = NULL;
	scratch->hdr.seqno = 0;
	scratch->hdr.id = request->hdr.id + 100;
	out->RetCodeType = retcode_type;
	out->RetCode = MIG_BAD_ID;
	/* The reply right now belongs to the reply. */
	request->hdr.local = NULL;
	request->hdr.bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
}

/*
 * The reply written in scratch, in a kmsg of its own size; scratch is kept
 * for the next call. When memory is short for that kmsg the reply goes in
 * scratch itself (the thread makes a new one at its next call): a served
 * request always gets its reply.
 */
static struct ipc_kmsg *
kobject_reply_copy(struct thread *self, struct ipc_kmsg *scratch, size_t dirty)
{
	mach_msg_size_t size = scratch->hdr.size;
	struct ipc_kmsg *reply;

	assert(size >= sizeof(mach_msg_header_t) && size <= MODULE_REPLY_MAX);
	/* No zero fill needed: the copy writes all size bytes. */
	reply = ipc_kmsg_alloc_uninit(size);
	if (reply == NULL) {
		ipc_kmsg_spare_use(scratch);
		return scratch;
	}
	reply->internal = true;
	memcpy(&reply->msg, &scratch->msg, size);
	kobject_scratch_keep(self, scratch, dirty);
	return reply;
}

/* Serve in with sub: its routine for the id if it gives one (what its
 * demux would call, ipc/module.h), else its demux. */
static inline void kobject_dispatch(const struct mig_subsystem *sub,
				    struct ipc_kmsg *in, struct ipc_kmsg *out)
{
	void (*routine)(mach_msg_header_t *, mach_msg_header_t *) =
		sub->routines != NULL ? sub->routines[in->hdr.id - sub->base]
				      : NULL;

	if (routine != NULL)
		routine(&in->msg, &out->msg);
	else
		sub->demux(&in->msg, &out->msg);
}

/* Free the request; its body rights are the server's after a success. */
static void kobject_request_done(struct ipc_kmsg *request, kern_return_t kr)
{
	if (kr == KERN_SUCCESS || kr == MIG_NO_REPLY) {
		ipc_port_release_right(
			request->hdr.remote,
			MACH_MSGH_BITS_REMOTE(request->hdr.bits));
		ipc_kmsg_free(request);
	} else {
		ipc_kmsg_destroy(request);
	}
}

/* The same for a request that is not a kmsg of its own (the fast path's:
 * it lives on the caller's stack): its rights only. */
static void kobject_request_done_inplace(struct ipc_kmsg *request)
{
	if (MACH_MSGH_BITS_REMOTE(request->hdr.bits) == MACH_MSG_TYPE_PORT_SEND)
		ipc_port_release_send(request->hdr.remote);
	else
		ipc_port_release_right(
			request->hdr.remote,
			MACH_MSGH_BITS_REMOTE(request->hdr.bits));
	request->hdr.remote = NULL;
	if (request->hdr.local != NULL) /* the demux did not take it */
		ipc_port_release_right(request->hdr.local,
				       MACH_MSGH_BITS_LOCAL(request->hdr.bits));
	request->hdr.local = NULL;
}

/* Send a served request's reply (ipc_kobject_server). */
static void kobject_reply_send(struct ipc_kmsg *reply)
{
	if (reply->hdr.remote == NULL) {
		ipc_kmsg_destroy(reply); /* a simpleroutine: no one to tell */
	} else if (ipc_kmsg_circular(reply)) {
		/* As a user send (ipc/msg_send.c): a receive right that
		 * would travel to its own port (mach_port_extract_right of
		 * the reply port's receive right) dies with the reply. */
		ipc_kmsg_destroy(reply);
	} else {
		ipc_kmsg_deliver(reply);
	}
}

struct ipc_kmsg *ipc_kobject_call_inplace(struct ipc_kmsg *request,
					  const struct mig_subsystem *sub,
					  mach_msg_size_t max_size)
{
	struct thread *self = current_thread();
	struct ipc_kmsg *scratch = self->kobject_reply;
	kern_return_t kr;
	size_t dirty;

	self->kobject_reply = NULL;
	kobject_scratch_clear(scratch, self->kobject_reply_dirty);
	kobject_reply_init(scratch, request);
	kobject_dispatch(sub, request, scratch);
	dirty = kobject_reply_extent(sub, scratch);
	kr = ((mig_reply_header_t *)&scratch->msg)->RetCode;
	kobject_request_done_inplace(request);
	if (kr == MIG_NO_REPLY) {
		kobject_scratch_keep(self, scratch, dirty);
		return NULL;
	}
	if ((scratch->hdr.bits & MACH_MSGH_BITS_COMPLEX) ||
	    scratch->hdr.size > max_size || !PORT_VALID(scratch->hdr.remote)) {
		/* Not for the caller's buffer: sent as ipc_kobject_server
		 * sends it. */
		kobject_reply_send(kobject_reply_copy(self, scratch, dirty));
		return NULL;
	}
	self->kobject_reply_dirty = dirty;
	return scratch;
}

void ipc_kobject_reply_send_scratch(struct ipc_kmsg *reply)
{
	struct thread *self = current_thread();

	kobject_reply_send(
		kobject_reply_copy(self, reply, self->kobject_reply_dirty));
}

void ipc_kobject_reply_release(struct ipc_kmsg *reply)
{
	struct thread *self = current_thread();

	kobject_scratch_keep(self, reply, self->kobject_reply_dirty);
}

mach_msg_return_t ipc_kobject_server(struct ipc_kmsg *request)
{
	const struct mig_subsystem *sub =
		module_find_subsystem(request->hdr.id);
	struct thread *self = current_thread();
	struct ipc_kmsg *scratch = kobject_scratch_take(self);
	struct ipc_kmsg *reply;
	kern_return_t kr;
	size_t dirty;

	if (scratch == NULL)
		return MACH_SEND_NO_BUFFER; /* the caller has the request */
	kobject_reply_init(scratch, request);
	if (sub != NULL)
		kobject_dispatch(sub, request, scratch);
	dirty = kobject_reply_extent(sub, scratch);
	kr = ((mig_reply_header_t *)&scratch->msg)->RetCode;
	if (kr == MIG_NO_REPLY) {
		/* The server kept the reply right; no reply is sent. */
		kobject_scratch_keep(self, scratch, dirty);
		kobject_request_done(request, kr);
		return MACH_MSG_SUCCESS;
	}
	reply = kobject_reply_copy(self, scratch, dirty);
	kobject_request_done(request, kr);
	kobject_reply_send(reply);
	return MACH_MSG_SUCCESS;
}
