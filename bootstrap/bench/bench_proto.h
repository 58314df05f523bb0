/*
 * bootstrap/bench/bench_proto.h - the messages between ipc-bench and
 * bench-server.
 */
#ifndef BENCH_PROTO_H
#define BENCH_PROTO_H

#include <mach/message.h>

/* The server's receive right has this name in the server task. */
#define BENCH_SERVICE_NAME 1000

#define BENCH_ID_RPC  7000 /* reply with a bare header */
#define BENCH_ID_EXIT 7001 /* reply, then exit */
/* One out-of-line region moved (msgt_deallocate) whose pages hold their
 * index + 1 in their first 8 bytes: the server checks its first and last
 * page (every page for _CHECK), deallocates the region and replies with
 * the id + 100, or the id + 101 if a page is wrong. */
#define BENCH_ID_OOL_MOVE	7002
#define BENCH_ID_OOL_MOVE_CHECK 7003

#define BENCH_MAX_PAYLOAD 4096

struct bench_request {
	mach_msg_header_t head;
	mach_msg_type_t data_type; /* BYTE, inline: the payload */
	char data[BENCH_MAX_PAYLOAD];
};

struct bench_buffer {
	struct bench_request req;
	char slack[64];
};

#endif /* BENCH_PROTO_H */
