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
#include <ipc/kobject_scratch.h>
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
const mach_msg_type_t *const ipc_kobject_retcode_type = &retcode_type;

/* The scratch of self (ipc/kobject_scratch.h), with its reply_bound. */
static struct ipc_kmsg *kobject_scratch_take(struct thread *self)
{
	struct ipc_kmsg *scratch = self != NULL ? self->kobject_reply : NULL;

	if (scratch == NULL) {
		scratch = ipc_kmsg_spare_alloc(MODULE_REPLY_MAX); /* zeroed */
		if (scratch != NULL)
			scratch->internal = true; /* for good */
		return scratch;
	}
	self->kobject_reply = NULL;
	return scratch;
}

void ipc_kobject_thread_free(struct thread *thread)
{
	ipc_kmsg_spare_free(thread->kobject_reply);
	thread->kobject_reply = NULL;
}

/* kobject_reply_init for request, whose reply right now belongs to the
 * reply. */
static void kobject_reply_init_request(struct ipc_kmsg *scratch,
				       struct ipc_kmsg *request)
{
	kobject_reply_init(scratch, request->hdr.local,
			   MACH_MSGH_BITS_LOCAL(request->hdr.bits),
			   request->hdr.id);
	request->hdr.local = NULL;
	request->hdr.bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
}

/*
 * The reply written in scratch, in a kmsg of its own size; scratch is kept
 * for the next call. When memory is short for that kmsg the reply goes in
 * scratch itself (the thread makes a new one at its next call): a served
 * request always gets its reply.
 */
static struct ipc_kmsg *kobject_reply_copy(struct thread *self,
					   struct ipc_kmsg *scratch)
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
	kobject_scratch_keep(self, scratch);
	return reply;
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

void ipc_kobject_scratch_send(struct thread *self, struct ipc_kmsg *scratch)
{
	kobject_reply_send(kobject_reply_copy(self, scratch));
}

mach_msg_return_t ipc_kobject_server(struct ipc_kmsg *request)
{
	const struct mig_subsystem *sub =
		module_find_subsystem(request->hdr.id);
	struct thread *self = current_thread();
	struct ipc_kmsg *scratch = kobject_scratch_take(self);
	mig_routine_t routine =
		sub != NULL ? kobject_routine(sub, request->hdr.id) : NULL;
	struct ipc_kmsg *reply;
	kern_return_t kr;

	if (scratch == NULL)
		return MACH_SEND_NO_BUFFER; /* the caller has the request */
	if (routine == NULL) /* a routine clears what it writes */
		kobject_scratch_clear_all(scratch);
	kobject_reply_init_request(scratch, request);
	if (routine != NULL) {
		routine(&request->msg, &scratch->msg);
	} else {
		if (sub != NULL)
			sub->demux(&request->msg, &scratch->msg);
		kobject_reply_extent(sub, scratch);
	}
	kr = ((mig_reply_header_t *)&scratch->msg)->RetCode;
	if (kr == MIG_NO_REPLY) {
		/* The server kept the reply right; no reply is sent. */
		kobject_scratch_keep(self, scratch);
		kobject_request_done(request, kr);
		return MACH_MSG_SUCCESS;
	}
	reply = kobject_reply_copy(self, scratch);
	kobject_request_done(request, kr);
	kobject_reply_send(reply);
	return MACH_MSG_SUCCESS;
}
