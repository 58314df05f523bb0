/*
 * <mach5/msg_server.h> - the server loop of MIG servers (libmach.a),
 * as GNU Mach's libmach and glibc provide it.
 */
#ifndef _MACH5_MSG_SERVER_H_
#define _MACH5_MSG_SERVER_H_

#include <mach/boolean.h>
#include <mach/message.h>

/* A MIG demux: <subsystem>_server(in, out). */
typedef boolean_t (*mach_msg_demux_t)(mach_msg_header_t *in,
				      mach_msg_header_t *out);

/*
 * Receive requests of at most max_size bytes on rcv_name (a port or a
 * port set), hand each to demux and send its reply, forever. Returns only
 * when a receive fails (the error: MACH_RCV_INVALID_NAME when the port
 * or set goes, ...). A reply whose RetCode is MIG_NO_REPLY, or that has
 * no destination, is not sent; a reply that cannot be delivered at once
 * (a client's full or dead reply port) is dropped with its rights.
 */
mach_msg_return_t mach_msg_server(mach_msg_demux_t demux,
				  mach_msg_size_t max_size,
				  mach_port_t rcv_name);

/*
 * The same, with extra receive options (MACH_RCV_TIMEOUT with timeout in
 * ms: returns MACH_RCV_TIMED_OUT once no request came for that long).
 */
mach_msg_return_t mach_msg_server_timeout(mach_msg_demux_t demux,
					  mach_msg_size_t max_size,
					  mach_port_t rcv_name,
					  mach_msg_option_t option,
					  mach_msg_timeout_t timeout);

#endif /* _MACH5_MSG_SERVER_H_ */
