/*
 * bootstrap/bench/bench_server.c - the server side of the IPC benchmarks:
 * answers every request on its service port with a bare header, replying
 * and receiving the next request in one mach_msg call, as MIG servers do
 * (a BENCH_ID_OOL_MOVE request's region checked and deallocated first).
 *
 * Boot line: bench-server $(server=task-create) $(task-resume)
 */
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/mach_interface.h>
#include <mach5/libmach.h>
#include <mach5/msg_body.h>
#include <stdio.h>

#include "bench_proto.h"

static struct bench_buffer buf;

/* The server keeps the out-of-line regions it receives (its map grows as
 * a long-running server's does: docs/vm.md) up to a quarter of the
 * address space: never reached on x86_64; on i386 (3 GiB of user space)
 * the regions beyond 1 GiB are deallocated as they come, or vm-bench's
 * ool_1m and ool_64m would exhaust it. */
#define KEEP_MAX ((vm_size_t)-1 / 4)
static vm_size_t kept;

/* The request's out-of-line item, if any: kept, or deallocated when
 * keeping it would pass KEEP_MAX. */
static void bench_take_ool(void)
{
	const char *p = (const char *)&buf.req.data_type;
	struct msg_item item;
	vm_size_t size;

	if (!(buf.req.head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return;
	p += msg_get_type(p, &item);
	if (item.is_inline)
		return;
	size = (vm_size_t)item.number * item.bits / 8;
	if (size <= KEEP_MAX - kept) {
		kept += size;
		return;
	}
	vm_deallocate(mach_task_self(), msg_get_slot(p), size);
}

/* BENCH_ID_OOL_MOVE(_CHECK): the moved region's pages checked (the
 * first and last, or all), then the region deallocated; false if the
 * request or a page is wrong. */
static int bench_check_move(int all)
{
	const char *p = (const char *)&buf.req.data_type;
	struct msg_item item;
	vm_address_t at;
	vm_size_t size;
	int ok;

	if (!(buf.req.head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return 0;
	p += msg_get_type(p, &item);
	if (item.is_inline || !item.dealloc)
		return 0;
	size = (vm_size_t)item.number * item.bits / 8;
	at = msg_get_slot(p);
	ok = at != 0 && at % 4096 == 0;
	for (vm_size_t i = 0; ok && i < size / 4096; i++)
		if (all || i == 0 || i == size / 4096 - 1)
			ok = *(volatile uint64_t *)(at + i * 4096) == i + 1;
	return vm_deallocate(mach_task_self(), at, size) == KERN_SUCCESS && ok;
}

/* Turn the request in buf into its reply; false for the exit request. */
static int bench_make_reply(void)
{
	mach_msg_header_t *h = &buf.req.head;
	int more = h->msgh_id != BENCH_ID_EXIT;

	h->msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(h->msgh_bits), 0);
	h->msgh_size = sizeof(*h);
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_id += 100;
	return more;
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	kern_return_t kr = mach_port_allocate_name(
		self, MACH_PORT_RIGHT_RECEIVE, BENCH_SERVICE_NAME);

	if (kr != KERN_SUCCESS) {
		printf("bench-server: mach_port_allocate_name: %d\n", kr);
		return 1;
	}
	mach_msg_option_t opt = MACH_RCV_MSG;
	mach_msg_size_t send_size = 0;
	for (;;) {
		mach_msg_return_t mr =
			mach_msg(&buf.req.head, opt, send_size, sizeof(buf),
				 BENCH_SERVICE_NAME, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			printf("bench-server: mach_msg: %#x\n", mr);
			opt = MACH_RCV_MSG;
			continue;
		}
		mach_msg_id_t id = buf.req.head.msgh_id;
		int bad = 0;
		if (id == BENCH_ID_OOL_MOVE || id == BENCH_ID_OOL_MOVE_CHECK)
			bad = !bench_check_move(id == BENCH_ID_OOL_MOVE_CHECK);
		else
			bench_take_ool();
		int more = bench_make_reply();
		buf.req.head.msgh_id += bad;
		if (!more) {
			mach_msg(&buf.req.head, MACH_SEND_MSG,
				 sizeof(mach_msg_header_t), 0, MACH_PORT_NULL,
				 0, MACH_PORT_NULL);
			return 0;
		}
		opt = MACH_SEND_MSG | MACH_RCV_MSG;
		send_size = sizeof(mach_msg_header_t);
	}
}
