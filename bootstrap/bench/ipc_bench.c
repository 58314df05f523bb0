/*
 * bootstrap/bench/ipc_bench.c - IPC benchmarks (issue: IPC core):
 * a null RPC round trip to another task's thread, RPCs carrying inline
 * payloads of 64, 1024 and 4096 bytes, and port allocate + destroy.
 *
 * Boot line (after bench-server's):
 *   ipc-bench ${host-port} ${server} [ITERATIONS] $(task-create) $(task-resume)
 * where ${server} is a send right to the server's task port: the client
 * takes a send right to the service port with mach_port_extract_right.
 */
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach5/libmach.h>
#include <mach5/test.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "bench_proto.h"

#define WARMUP 16

static struct bench_buffer buf;
static struct bench b;
static mach_port_t service, reply_port;

/* One RPC with payload bytes of inline data; the reply is a bare header. */
static mach_msg_return_t bench_rpc(unsigned int payload, mach_msg_id_t id)
{
	mach_msg_header_t *h = &buf.req.head;
	mach_msg_size_t size = sizeof(*h);

	if (payload > 0) {
		buf.req.data_type = (mach_msg_type_t){
			.msgt_name = MACH_MSG_TYPE_BYTE,
			.msgt_size = 8,
			.msgt_number = payload,
			.msgt_inline = 1,
		};
		size += sizeof(mach_msg_type_t) + ((payload + 7) & ~7u);
	}
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = service;
	h->msgh_local_port = reply_port;
	h->msgh_id = id;
	mach_msg_return_t mr =
		mach_msg(h, MACH_SEND_MSG | MACH_RCV_MSG, size, sizeof(buf),
			 reply_port, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && h->msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	return mr;
}

static void bench_rpc_run(const char *name, unsigned int payload,
			  unsigned int iterations)
{
	bench_start(&b, name);
	for (unsigned int i = 0; i < WARMUP + iterations; i++) {
		uint64_t t0 = bench_now();
		mach_msg_return_t mr = bench_rpc(payload, BENCH_ID_RPC);
		uint64_t t1 = bench_now();
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("%s: mach_msg returned %#x", name, mr);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
}

static void bench_ports_run(unsigned int iterations)
{
	mach_port_t self = mach_task_self();

	bench_start(&b, "port_allocate_destroy");
	for (unsigned int i = 0; i < WARMUP + iterations; i++) {
		mach_port_t name;
		uint64_t t0 = bench_now();
		kern_return_t kr = mach_port_allocate(
			self, MACH_PORT_RIGHT_RECEIVE, &name);
		if (kr == KERN_SUCCESS)
			kr = mach_port_destroy(self, name);
		uint64_t t1 = bench_now();
		if (kr != KERN_SUCCESS)
			TEST_FAIL("port_allocate_destroy: %d", kr);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
}

int main(int argc, char **argv, char **envp)
{
	if (argc < 3)
		TEST_FAIL("usage: ipc-bench HOST SERVER-TASK [ITERATIONS]");
	unsigned int n = argc > 3 ? (unsigned int)atoi(argv[3]) : 2000;
	if (n == 0 || n > BENCH_MAX_SAMPLES)
		n = BENCH_MAX_SAMPLES;

	service = bench_connect((mach_port_t)atoi(argv[2]));
	if (service == MACH_PORT_NULL)
		TEST_FAIL("cannot reach the bench server");
	reply_port = mach_reply_port();

	bench_rpc_run("null_rpc", 0, n);
	bench_rpc_run("rpc_inline_64", 64, n);
	bench_rpc_run("rpc_inline_1k", 1024, n);
	bench_rpc_run("rpc_inline_4k", 4096, n);
	bench_ports_run(n);

	bench_rpc(0, BENCH_ID_EXIT);
	TEST_SUCCESS();
}
