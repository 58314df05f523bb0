/*
 * bootstrap/bench/vm_bench.c - virtual-memory benchmarks: a zero-fill
 * page fault, a copy-on-write fault (writing a page that vm_copy shares),
 * vm_allocate + touch + vm_deallocate of one page, and RPCs to
 * bench-server carrying 4 KiB, 64 KiB, 1 MiB and 64 MiB out of line
 * (resident, already-touched memory, not deallocated: the steady state
 * of a sender that keeps its buffer). bench-server keeps what it gets
 * (it answers anything with a bare reply): 64 MiB runs fewer iterations.
 * Then 64 KiB and 1 MiB moved (msgt_deallocate), a new region each time,
 * which the server checks and deallocates (ool_move_*: what
 * ipc_bench's ool_64k and ool_1m do, between two tasks).
 *
 * Boot line (after bench-server's):
 *   vm-bench ${host-port} ${server} [ITERATIONS [NEXT]] $(task-create)
 * $(task-resume) With NEXT (a task port: a benchmark created without
 * $(task-resume)), vm-bench resumes it when done and terminates, so that
 * benchmarks run one after the other and the last one reboots; without it,
 * vm-bench stops the server and reboots itself.
 */
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach5/libmach.h>
#include <mach5/test.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "bench_proto.h"

#define WARMUP 4
#define PAGE   4096UL

static struct bench b;
static mach_port_t service, reply_port;

/* One OOL byte array, long form (12 bytes on i386, 8 on x86_64). */
struct ool_request {
	mach_msg_header_t head;
	mach_msg_type_long_t type;
	vm_address_t addr;
};

static union {
	struct ool_request req;
	struct bench_buffer reply;
} msg;

static vm_address_t must_allocate(vm_size_t size)
{
	vm_address_t a = 0;
	kern_return_t kr = vm_allocate(mach_task_self(), &a, size, TRUE);

	if (kr != KERN_SUCCESS)
		TEST_FAIL("vm_allocate(%lu): %d", (unsigned long)size, kr);
	return a;
}

static void touch(vm_address_t a, vm_size_t size)
{
	for (vm_size_t off = 0; off < size; off += PAGE)
		((volatile char *)a)[off] = 1;
}

static void bench_zero_fill(unsigned int n)
{
	vm_address_t a = must_allocate((WARMUP + n) * PAGE);

	bench_start(&b, "vm_fault_zero_fill");
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		uint64_t t0 = bench_now();
		((volatile char *)a)[i * PAGE] = 1;
		uint64_t t1 = bench_now();
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
	vm_deallocate(mach_task_self(), a, (WARMUP + n) * PAGE);
}

static void bench_cow(unsigned int n)
{
	vm_size_t size = (WARMUP + n) * PAGE;
	vm_address_t src = must_allocate(size), dst = must_allocate(size);
	kern_return_t kr;

	touch(src, size);
	touch(dst, size);
	kr = vm_copy(mach_task_self(), src, size, dst);
	if (kr != KERN_SUCCESS)
		TEST_FAIL("vm_copy: %d", kr);
	bench_start(&b, "vm_fault_cow");
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		uint64_t t0 = bench_now();
		((volatile char *)dst)[i * PAGE] = 2;
		uint64_t t1 = bench_now();
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
	if (((volatile char *)src)[PAGE] != 1)
		TEST_FAIL("vm_fault_cow: the source changed");
	vm_deallocate(mach_task_self(), src, size);
	vm_deallocate(mach_task_self(), dst, size);
}

static void bench_alloc_touch_free(unsigned int n)
{
	bench_start(&b, "vm_allocate_touch_deallocate");
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		vm_address_t a = 0;
		uint64_t t0 = bench_now();
		kern_return_t kr =
			vm_allocate(mach_task_self(), &a, PAGE, TRUE);
		if (kr == KERN_SUCCESS) {
			((volatile char *)a)[0] = 1;
			kr = vm_deallocate(mach_task_self(), a, PAGE);
		}
		uint64_t t1 = bench_now();
		if (kr != KERN_SUCCESS)
			TEST_FAIL("vm_allocate_touch_deallocate: %d", kr);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
}

static mach_msg_return_t ool_rpc_as(vm_address_t a, vm_size_t size,
				    mach_msg_id_t id, int dealloc)
{
	mach_msg_header_t *h = &msg.req.head;

	h->msgh_bits = MACH_MSGH_BITS_COMPLEX |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = service;
	h->msgh_local_port = reply_port;
	h->msgh_id = id;
	memset(&msg.req.type, 0, sizeof(msg.req.type));
	msg.req.type.msgtl_header.msgt_longform = 1;
	msg.req.type.msgtl_header.msgt_deallocate = dealloc;
	msg.req.type.msgtl_name = MACH_MSG_TYPE_BYTE;
	msg.req.type.msgtl_size = 8;
	msg.req.type.msgtl_number = size;
	msg.req.addr = a;
	mach_msg_return_t mr =
		mach_msg(h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(msg.req),
			 sizeof(msg), reply_port, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && h->msgh_id != id + 100)
		return MIG_REPLY_MISMATCH;
	return mr;
}

static mach_msg_return_t ool_rpc(vm_address_t a, vm_size_t size)
{
	return ool_rpc_as(a, size, BENCH_ID_RPC, 0);
}

/* A region moved to the server (msgt_deallocate) each time, every page
 * written with its index + 1 before the clock starts; the server checks
 * the pages (all of them in the warm-up, the first and last when timed)
 * and deallocates the region (a reply id of + 101: a page was wrong). */
static void bench_ool_move(const char *name, vm_size_t size, unsigned int n)
{
	bench_start(&b, name);
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		vm_address_t a = must_allocate(size);

		for (vm_size_t p = 0; p < size / PAGE; p++)
			*(volatile uint64_t *)(a + p * PAGE) = p + 1;
		uint64_t t0 = bench_now();
		mach_msg_return_t mr =
			ool_rpc_as(a, size,
				   i < WARMUP ? BENCH_ID_OOL_MOVE_CHECK
					      : BENCH_ID_OOL_MOVE,
				   1);
		uint64_t t1 = bench_now();
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("%s: mach_msg returned %#x (reply id %d)",
				  name, mr, msg.req.head.msgh_id);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
}

static void bench_ool(const char *name, vm_size_t size, unsigned int n)
{
	vm_address_t a = must_allocate(size);

	touch(a, size);
	bench_start(&b, name);
	for (unsigned int i = 0; i < WARMUP + n; i++) {
		uint64_t t0 = bench_now();
		mach_msg_return_t mr = ool_rpc(a, size);
		uint64_t t1 = bench_now();
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("%s: mach_msg returned %#x", name, mr);
		if (i >= WARMUP)
			bench_record(&b, t1 - t0);
	}
	bench_report(&b);
	vm_deallocate(mach_task_self(), a, size);
}

int main(int argc, char **argv, char **envp)
{
	if (argc < 3)
		TEST_FAIL("usage: vm-bench HOST SERVER-TASK [ITERATIONS]");
	unsigned int n = argc > 3 ? (unsigned int)atoi(argv[3]) : 2000;
	if (n == 0 || n > BENCH_MAX_SAMPLES)
		n = BENCH_MAX_SAMPLES;

	service = bench_connect((mach_port_t)atoi(argv[2]));
	if (service == MACH_PORT_NULL)
		TEST_FAIL("cannot reach the bench server");
	reply_port = mach_reply_port();

	bench_zero_fill(n);
	bench_cow(n);
	bench_alloc_touch_free(n);
	bench_ool("ool_4k", 4 << 10, n);
	bench_ool("ool_64k", 64 << 10, n);
	bench_ool("ool_1m", 1 << 20, n);
	bench_ool("ool_64m", 64 << 20, n < 100 ? n : 100);
	bench_ool_move("ool_move_64k", 64 << 10, n);
	bench_ool_move("ool_move_1m", 1 << 20, n < 100 ? n : 100);

	if (argc > 4) {
		kern_return_t kr = task_resume((mach_port_t)atoi(argv[4]));
		if (kr != KERN_SUCCESS)
			TEST_FAIL("task_resume of the next benchmark: %d", kr);
		task_terminate(mach_task_self());
	}
	msg.req.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
						MACH_MSG_TYPE_MAKE_SEND_ONCE);
	msg.req.head.msgh_remote_port = service;
	msg.req.head.msgh_local_port = reply_port;
	msg.req.head.msgh_id = BENCH_ID_EXIT;
	mach_msg(&msg.req.head, MACH_SEND_MSG | MACH_RCV_MSG,
		 sizeof(mach_msg_header_t), sizeof(msg), reply_port, 0,
		 MACH_PORT_NULL);
	TEST_SUCCESS();
}
