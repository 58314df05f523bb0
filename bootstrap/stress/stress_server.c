/*
 * bootstrap/stress/stress_server.c - the server task of the two-task
 * stress tests (rpc, ool): STRESS_SERVER_THREADS threads receive on a port
 * set of STRESS_NR_SERVICES service ports and answer (stress_proto.h).
 * The threads use only mach_msg, so no MIG call races the main thread's.
 *
 * Boot line: stress-server $(server=task-create) $(task-resume)
 */
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>
#include <mach5/libmach.h>
#include <stdio.h>
#include <string.h>

#include "stress_proto.h"
#include <mach5/thread_regs.h>

#define STACK_SIZE (64 * 1024)
#define PAGE	   4096UL

static mach_port_t service_set;
static struct stress_buffer buffers[STRESS_SERVER_THREADS];

/* STRESS_ID_OOL: write to the received copy (a copy-on-write break on
 * this side only) and send it back, deallocated from this task. */
static void serve_ool(struct stress_ool_msg *m)
{
	unsigned char *p = m->data;
	unsigned long size = m->data_type.msgtl_number;

	for (unsigned long off = 0; off < size; off += PAGE)
		p[off]++;
	m->data_type.msgtl_header.msgt_deallocate = 1;
}

/* Turn the request in b into its reply in place; the body's rights go
 * back as they came (a received right's type is its move type). */
static void serve(struct stress_buffer *b)
{
	mach_msg_header_t *h = &b->head;

	if (h->msgh_id == STRESS_ID_OOL)
		serve_ool(&b->ool);
	h->msgh_bits = (h->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(h->msgh_bits), 0);
	/* remote: the reply right, as received */
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_id += 100;
}

static void TS_ARG_FN __attribute__((noreturn))
server_thread(struct stress_buffer *b)
{
	mach_msg_option_t opt = MACH_RCV_MSG;
	mach_msg_size_t send_size = 0;

	for (;;) {
		mach_msg_return_t mr =
			mach_msg(&b->head, opt, send_size, sizeof(*b),
				 service_set, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			printf("stress-server: mach_msg: %#x\n", mr);
			opt = MACH_RCV_MSG;
			continue;
		}
		serve(b);
		opt = MACH_SEND_MSG | MACH_RCV_MSG;
		send_size = b->head.msgh_size;
	}
}

static kern_return_t start_thread(struct stress_buffer *b)
{
	mach_port_t self = mach_task_self(), thread;
	vm_address_t stack = 0;
	struct i386_thread_state state;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	kern_return_t kr;

	if ((kr = vm_allocate(self, &stack, STACK_SIZE, TRUE)) ||
	    (kr = thread_create(self, &thread)) ||
	    (kr = thread_get_state(thread, i386_THREAD_STATE,
				   (thread_state_t)&state, &count)))
		return kr;
	state.TS_PC = (unsigned long)server_thread;
	state.TS_ARG0 = (unsigned long)b;
	state.TS_SP = stack + STACK_SIZE - sizeof(void *);
	if ((kr = thread_set_state(thread, i386_THREAD_STATE,
				   (thread_state_t)&state,
				   i386_THREAD_STATE_COUNT)))
		return kr;
	return thread_resume(thread);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	kern_return_t kr;

	kr = mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &service_set);
	for (int i = 0; kr == KERN_SUCCESS && i < STRESS_SERVER_THREADS; i++)
		kr = start_thread(&buffers[i]);
	for (int i = 0; kr == KERN_SUCCESS && i < STRESS_NR_SERVICES; i++) {
		mach_port_t name = STRESS_SERVICE_FIRST + i;
		kr = mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE,
					     name);
		if (kr == KERN_SUCCESS)
			kr = mach_port_move_member(self, name, service_set);
	}
	if (kr != KERN_SUCCESS) {
		printf("stress-server: setup failed: %#x\n", kr);
		return 1;
	}
	/* The threads serve; this one has nothing more to do. */
	mach_port_t idle = mach_reply_port();
	for (;;) {
		mach_msg_header_t h;
		mach_msg(&h, MACH_RCV_MSG, 0, sizeof(h), idle, 0,
			 MACH_PORT_NULL);
	}
}
