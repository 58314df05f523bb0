/*
 * bootstrap/stress/stress_proto.h - the messages between the stress tests
 * and stress-server.
 */
#ifndef STRESS_PROTO_H
#define STRESS_PROTO_H

#include <mach/message.h>
#include <mach5/msg_body.h>

/* The service ports: receive rights named STRESS_SERVICE_FIRST + i in the
 * server, all in one port set its threads receive on. The server makes
 * them last (in order), once its threads run. */
#define STRESS_SERVICE_FIRST  2000
#define STRESS_NR_SERVICES    16
#define STRESS_SERVER_THREADS 4

/* Request ids; a reply's id is the request's + 100. */
#define STRESS_ID_RPC 8000 /* reply: the body as it came, rights too */
#define STRESS_ID_OOL                                                          \
	8001 /* OOL bytes: each page's first byte + 1, sent                    \
	      * back out-of-line (deallocated in the server) */

#define STRESS_MAX_INLINE 1024

/* STRESS_ID_RPC: inline bytes, then optionally one port right. */
struct stress_rpc_msg {
	mach_msg_header_t head;
	mach_msg_type_t data_type;
	char data[STRESS_MAX_INLINE];
	mach_msg_type_t port_type; /* right: after the data (msg_align) */
	mach_port_name_inlined_t port;
};

/* STRESS_ID_OOL: one out-of-line byte item. */
struct stress_ool_msg {
	mach_msg_header_t head;
	mach_msg_type_long_t data_type;
	void *data;
};

struct stress_buffer {
	union {
		mach_msg_header_t head;
		struct stress_rpc_msg rpc;
		struct stress_ool_msg ool;
	};
	char slack[256];
};

#endif /* STRESS_PROTO_H */
