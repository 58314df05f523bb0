/*
 * bootstrap/libmach/mach_msg_server.c - the MIG server loop
 * (<mach5/msg_server.h>).
 *
 * The request and reply buffers are allocated once per call with
 * mig_allocate (max_size each, plus room for the reply's trailer of
 * MIG_BAD_ID answers) and freed on return.
 */
#include <mach5/libmach.h>
#include <mach5/msg_server.h>
#include <mach5/traps.h>

/* A reply has room for an error reply even if max_size is smaller. */
static mach_msg_size_t server_buffer_size(mach_msg_size_t max_size)
{
	mach_msg_size_t size = max_size < sizeof(mig_reply_header_t)
				       ? sizeof(mig_reply_header_t)
				       : max_size;

	return (size + 7) & ~(mach_msg_size_t)7;
}

/* Send the reply of one request, unless there is none to send. */
static void server_reply(mig_reply_header_t *reply)
{
	mach_msg_return_t mr;

	if (reply->RetCode == MIG_NO_REPLY ||
	    reply->Head.msgh_remote_port == MACH_PORT_NULL)
		return;
	/* A client that does not wait for its reply must not stop the
	 * server: do not block on a full queue. */
	mr = mach_msg(&reply->Head, MACH_SEND_MSG | MACH_SEND_TIMEOUT,
		      reply->Head.msgh_size, 0, MACH_PORT_NULL, 0,
		      MACH_PORT_NULL);
	(void)mr; /* an undeliverable reply is dropped */
}

mach_msg_return_t mach_msg_server_timeout(mach_msg_demux_t demux,
					  mach_msg_size_t max_size,
					  mach_port_t rcv_name,
					  mach_msg_option_t option,
					  mach_msg_timeout_t timeout)
{
	mach_msg_size_t size = server_buffer_size(max_size);
	vm_address_t in_addr, out_addr;
	mach_msg_header_t *in;
	mig_reply_header_t *out;
	mach_msg_return_t mr;

	mig_allocate(&in_addr, size);
	mig_allocate(&out_addr, size);
	if (in_addr == 0 || out_addr == 0) {
		if (in_addr != 0)
			mig_deallocate(in_addr, size);
		if (out_addr != 0)
			mig_deallocate(out_addr, size);
		return MACH_RCV_TOO_LARGE;
	}
	in = (mach_msg_header_t *)in_addr;
	out = (mig_reply_header_t *)out_addr;
	for (;;) {
		mr = mach_msg(in, MACH_RCV_MSG | option, 0, size, rcv_name,
			      timeout, MACH_PORT_NULL);
		if (mr == MACH_RCV_TOO_LARGE)
			continue; /* that request is gone; serve the next */
		if (mr != MACH_MSG_SUCCESS)
			break;
		(void)demux(in, &out->Head); /* MIG_BAD_ID is a reply too */
		server_reply(out);
	}
	mig_deallocate(in_addr, size);
	mig_deallocate(out_addr, size);
	return mr;
}

mach_msg_return_t mach_msg_server(mach_msg_demux_t demux,
				  mach_msg_size_t max_size,
				  mach_port_t rcv_name)
{
	return mach_msg_server_timeout(demux, max_size, rcv_name, 0, 0);
}
