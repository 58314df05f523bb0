/*
 * bootstrap/bench/ipc_bench_threads.c - the null RPC of ipc_bench.c
 * between two threads of the same task: the client (main thread) sends a
 * bare header with COPY_SEND on the service port and a MAKE_SEND_ONCE
 * reply port and receives in the same trap; a server thread replies
 * through the send-once right and receives the next request in the same
 * trap.
 *
 * Boot line:
 *   ipc-bench-threads ${host-port} [ITERATIONS [NEXT-TASK]]
 *       $(task-create) $(task-resume)
 * Prints `BENCH null_rpc_threads N median min`. With NEXT-TASK (a task
 * port name, e.g. ${ipcbench} of a task created suspended) it resumes
 * that task when done instead of rebooting, as vm-bench does.
 */
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>
#include <mach5/libmach.h>
#include <mach5/test.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include <mach5/thread_regs.h>

#define WARMUP	   16
#define ID_RPC	   5000
#define ID_EXIT	   5001
#define STACK_SIZE (64 * 1024)

static struct bench b;
static mach_port_t service, reply_port;

/* The server thread: reply, then wait for the next request, in one trap. */
static void server(void)
{
	union {
		mach_msg_header_t head;
		char space[256];
	} buf;
	mach_msg_return_t mr;

	mr = mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), service, 0,
			   MACH_PORT_NULL);
	while (mr == MACH_MSG_SUCCESS && buf.head.msgh_id == ID_RPC) {
		buf.head.msgh_bits = MACH_MSGH_BITS(
			MACH_MSGH_BITS_REMOTE(buf.head.msgh_bits), 0);
		buf.head.msgh_local_port = MACH_PORT_NULL;
		buf.head.msgh_id = ID_RPC + 100;
		mr = mach_msg_trap(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(buf.head), sizeof(buf), service, 0,
				   MACH_PORT_NULL);
	}
	if (mr != MACH_MSG_SUCCESS)
		printf("ipc-bench-threads: server: mach_msg returned %#x\n",
		       mr);
	for (;;)
		swtch();
}

static mach_msg_return_t null_rpc(mach_msg_id_t id)
{
	union {
		mach_msg_header_t head;
		char space[256];
	} buf;

	buf.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE);
	buf.head.msgh_remote_port = service;
	buf.head.msgh_local_port = reply_port;
	buf.head.msgh_id = id;
	mach_msg_return_t mr = mach_msg_trap(
		&buf.head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(buf.head),
		sizeof(buf), reply_port, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && buf.head.msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	return mr;
}

/* A one-way message that ends the server's loop. */
static void stop_server(void)
{
	mach_msg_header_t head = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_remote_port = service,
		.msgh_id = ID_EXIT,
	};

	mach_msg_trap(&head, MACH_SEND_MSG, sizeof(head), 0, MACH_PORT_NULL, 0,
		      MACH_PORT_NULL);
}

static void start_server(void)
{
	mach_port_t self = mach_task_self(), thread;
	vm_address_t stack = 0;
	struct i386_thread_state state;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	if (vm_allocate(self, &stack, STACK_SIZE, TRUE) != KERN_SUCCESS ||
	    thread_create(self, &thread) != KERN_SUCCESS ||
	    thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&state,
			     &count) != KERN_SUCCESS)
		TEST_FAIL("cannot create the server thread");
	state.TS_PC = (unsigned long)server;
	state.TS_SP = stack + STACK_SIZE - sizeof(void *);
	if (thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&state,
			     i386_THREAD_STATE_COUNT) != KERN_SUCCESS ||
	    thread_resume(thread) != KERN_SUCCESS)
		TEST_FAIL("cannot start the server thread");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	unsigned int n = argc > 2 ? (unsigned int)atoi(argv[2]) : 2000;

	if (n == 0 || n > BENCH_MAX_SAMPLES)
		n = BENCH_MAX_SAMPLES;
	if (mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &service) !=
		    KERN_SUCCESS ||
	    mach_port_insert_right(self, service, service,
				   MACH_MSG_TYPE_MAKE_SEND) != KERN_SUCCESS ||
	    mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply_port) !=
		    KERN_SUCCESS)
		TEST_FAIL("cannot allocate the ports");
	start_server();

	bench_start(&b, "null_rpc_threads");
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		uint64_t t0 = bench_now();
		mach_msg_return_t mr = null_rpc(ID_RPC);
		uint64_t t1 = bench_now();
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("null_rpc_threads: mach_msg returned %#x",
				  mr);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
	stop_server();

	if (argc > 3) {
		kern_return_t kr = task_resume((mach_port_t)atoi(argv[3]));
		if (kr != KERN_SUCCESS)
			TEST_FAIL("task_resume of the next benchmark: %d", kr);
		task_terminate(self);
	}
	TEST_SUCCESS();
}
