/*
 * ipc/kobject.c - kernel-object ports and the dispatch to modules.
 *
 * Lock order: the kernel lock only (callers hold it). Module demux
 * functions run with it held.
 */
#include <kern/debug.h>
#include <kern/string.h>
#include <mach/mig_errors.h>
#include <modules/module.h>
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
	struct port *port = port_alloc();

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
	port_destroy_receive(port);
}

void *ipc_kobject_port_object(struct port *port, enum kobject_type type)
{
	if (!PORT_VALID(port) || !port->active || port->kobject_type != type)
		return NULL;
	return port->kobject;
}

static const mach_msg_type_t retcode_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* The reply as the demux finds it: MIG_BAD_ID to the request's reply. */
static struct ipc_kmsg *kobject_reply_alloc(struct ipc_kmsg *request)
{
	struct ipc_kmsg *reply = ipc_kmsg_alloc(MODULE_REPLY_MAX);
	mig_reply_header_t *out;

	if (reply == NULL)
		return NULL;
	reply->internal = true;
	out = (mig_reply_header_t *)&reply->msg;
	reply->hdr.bits =
		MACH_MSGH_BITS(MACH_MSGH_BITS_LOCAL(request->hdr.bits), 0);
	reply->hdr.size = sizeof(mig_reply_header_t);
	reply->hdr.remote = request->hdr.local;
	reply->hdr.id = request->hdr.id + 100;
	out->RetCodeType = retcode_type;
	out->RetCode = MIG_BAD_ID;
	/* The reply right now belongs to the reply. */
	request->hdr.local = NULL;
	request->hdr.bits &= ~MACH_MSGH_BITS_LOCAL_MASK;
	return reply;
}

/* Free the request; its body rights are the server's after a success. */
static void kobject_request_done(struct ipc_kmsg *request, kern_return_t kr)
{
	if (kr == KERN_SUCCESS || kr == MIG_NO_REPLY) {
		port_release_right(request->hdr.remote,
				   MACH_MSGH_BITS_REMOTE(request->hdr.bits));
		ipc_kmsg_free(request);
	} else {
		ipc_kmsg_destroy(request);
	}
}

mach_msg_return_t ipc_kobject_server(struct ipc_kmsg *request)
{
	const struct mig_subsystem *sub =
		module_find_subsystem(request->hdr.id);
	struct ipc_kmsg *reply = kobject_reply_alloc(request);
	kern_return_t kr;

	if (reply == NULL)
		return MACH_SEND_NO_BUFFER; /* the caller has the request */
	if (sub != NULL)
		sub->demux(&request->msg, &reply->msg);
	kr = ((mig_reply_header_t *)&reply->msg)->RetCode;
	kobject_request_done(request, kr);
	if (kr == MIG_NO_REPLY) {
		/* The server kept the reply right; the reply carries nothing. */
		ipc_kmsg_free(reply);
	} else if (reply->hdr.remote == NULL) {
		ipc_kmsg_destroy(reply); /* a simpleroutine: no one to tell */
	} else if (ipc_kmsg_circular(reply)) {
		/* As a user send (ipc/msg_send.c): a receive right that
		 * would travel to its own port (mach_port_extract_right of
		 * the reply port's receive right) dies with the reply. */
		ipc_kmsg_destroy(reply);
	} else {
		ipc_kmsg_deliver(reply);
	}
	return MACH_MSG_SUCCESS;
}
