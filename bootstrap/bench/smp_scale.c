/*
 * bootstrap/bench/smp_scale.c - IPC scaling over processors (issue 16):
 * N independent client/server pairs, each pair two tasks of its own
 * (a server task that receives and replies, a client task that makes
 * null RPCs to it, each with one thread), for each N on the command line;
 * round trips per second of wall time, summed over the pairs, and the
 * ratio to the first N. The scheduler places the threads (one run queue;
 * a pair's client and server hand the processor to each other).
 *
 *   smp-scale ${host-port} [window=MS] pairs=N[,N...] $(task-create)
 *       $(task-resume)
 *
 * Meant for QEMU's multi-threaded TCG without -icount (./build.sh bench):
 * the guest clock (host_get_time) is then the host's, so the figures are
 * wall-clock rates, and they depend on the host (its load, its cores).
 * For each N, after a warm-up of WARMUP_MS, the pairs' round trips are
 * counted over three windows of window= ms (1000 by default) and the
 * median window's rate is reported:
 *
 *	SCALE pairs=<N> rtt_per_s=<rate> ratio=<rate / first rate>
 *	SCALE-PAIRS pairs=<N> <pair 0's round trips> <pair 1's> ...
 *
 * Every pair must have made round trips over the windows (a pair that
 * stalls fails the run; within one window a pair may not move: QEMU's
 * one-thread TCG runs a processor for up to 100 ms at a time). The child tasks
 *inherit this task's memory (task_create with inherit): their code, their stack
 *(made here before the task), and the counters' page, shared
 *(VM_INHERIT_SHARE); their ports are put into them under fixed names
 *(mach_port_insert_right) before their thread starts. They use traps only (no
 *MIG, whose reply port is this task's). Each N's tasks are terminated before
 *the next.
 */
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/thread_status.h>
#include <mach5/test.h>
#include <mach5/thread_regs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/mach_test_util.h"

#define MAX_PAIRS    8
#define MAX_NS	     8
#define NWINDOW	     3
#define WARMUP_MS    300
#define STACK_SIZE   TEST_STACK_SIZE /* task_thread_start's */
#define SERVER_NAME  ((mach_port_t)0x5e5)
#define REPLY_NAME   ((mach_port_t)0x5e7)
#define ID_NULL	     3000
#define ID_REPLY_OFF 100

/* One pair's counters, on a cache line of its own, in the shared page. */
struct pair_count {
	volatile unsigned long rtt; /* round trips made */
	volatile int error;	    /* the client's failing mach_msg code */
	char pad[64 - sizeof(unsigned long) - sizeof(int)];
};

_Static_assert(sizeof(struct pair_count) == 64, "one line a pair");

static struct pair_count *counts; /* MAX_PAIRS of them, shared */
static vm_address_t child_stack;  /* copied into every child */
static int child_pair;		  /* set before task_create */

static union {
	mach_msg_header_t h;
	char space[256];
} child_buf;

/* A server task's thread: receive on SERVER_NAME, reply, forever. */
static void server_main(void)
{
	mach_msg_header_t *h = &child_buf.h;
	mach_msg_return_t mr;

	mr = mach_msg_trap(h, MACH_RCV_MSG, 0, sizeof(child_buf), SERVER_NAME,
			   0, MACH_PORT_NULL);
	while (mr == MACH_MSG_SUCCESS) {
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		h->msgh_size = sizeof(*h);
		h->msgh_local_port = MACH_PORT_NULL;
		h->msgh_id += ID_REPLY_OFF;
		mr = mach_msg_trap(h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(*h),
				   sizeof(child_buf), SERVER_NAME, 0,
				   MACH_PORT_NULL);
	}
	counts[child_pair].error = mr ? (int)mr : -1;
	for (;;)
		swtch();
}

/* A client task's thread: null RPCs to SERVER_NAME, counted, forever. */
static void client_main(void)
{
	mach_msg_header_t *h = &child_buf.h;
	struct pair_count *c = &counts[child_pair];
	mach_msg_return_t mr;

	for (;;) {
		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE);
		h->msgh_size = sizeof(*h);
		h->msgh_remote_port = SERVER_NAME;
		h->msgh_local_port = REPLY_NAME;
		h->msgh_seqno = 0;
		h->msgh_id = ID_NULL;
		mr = mach_msg_trap(h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(*h),
				   sizeof(child_buf), REPLY_NAME, 0,
				   MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS &&
		    h->msgh_id != ID_NULL + ID_REPLY_OFF)
			mr = MIG_REPLY_MISMATCH;
		if (mr != MACH_MSG_SUCCESS)
			break;
		c->rtt = c->rtt + 1; /* only this thread writes it */
	}
	c->error = (int)mr;
	for (;;)
		swtch();
}

/* A task inheriting this one's memory, with pair's number in it. */
static mach_port_t child_task(int pair)
{
	mach_port_t task;

	child_pair = pair;
	EXPECT(task_create(mach_task_self(), TRUE, &task), KERN_SUCCESS);
	return task;
}

/* Start task's thread at fn, on the stack it inherited. */
static mach_port_t child_start(mach_port_t task, void (*fn)(void))
{
	return task_thread_start(task, fn, child_stack);
}

struct pair {
	mach_port_t server, client, server_thread, client_thread;
};

/* Pair i's two tasks, their ports in place, their threads running. */
static void pair_start(struct pair *p, int i)
{
	mach_port_t self = mach_task_self(), service, reply;

	counts[i].rtt = 0;
	counts[i].error = 0;
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &service),
	       KERN_SUCCESS);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply),
	       KERN_SUCCESS);
	p->server = child_task(i);
	p->client = child_task(i);
	EXPECT(mach_port_insert_right(p->client, SERVER_NAME, service,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(p->server, SERVER_NAME, service,
				      MACH_MSG_TYPE_MOVE_RECEIVE),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(p->client, REPLY_NAME, reply,
				      MACH_MSG_TYPE_MOVE_RECEIVE),
	       KERN_SUCCESS);
	p->server_thread = child_start(p->server, server_main);
	p->client_thread = child_start(p->client, client_main);
}

static void pair_stop(struct pair *p)
{
	mach_port_t self = mach_task_self();

	EXPECT(task_terminate(p->client), KERN_SUCCESS);
	EXPECT(task_terminate(p->server), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, p->client_thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, p->server_thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, p->client), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, p->server), KERN_SUCCESS);
}

/* Wall-clock microseconds (the guest clock, the host's without -icount);
 * 64 bits, as on i386 a long holds only 35 minutes of them. */
static long long now_us(void)
{
	time_value_t tv;

	EXPECT(host_get_time(test_host_priv(), &tv), KERN_SUCCESS);
	return (long long)tv.seconds * 1000000LL + tv.microseconds;
}

static void check_errors(int n)
{
	for (int i = 0; i < n; i++)
		if (counts[i].error != 0)
			TEST_FAIL("pair %d: mach_msg returned %#x", i,
				  counts[i].error);
}

/* One window: round trips per second over window_ms; each pair's count
 * in per_pair. */
static unsigned long window_rate(int n, unsigned int window_ms,
				 unsigned long *per_pair)
{
	unsigned long before[MAX_PAIRS], total = 0;
	long long t0, t1;

	for (int i = 0; i < n; i++)
		before[i] = counts[i].rtt;
	t0 = now_us();
	test_sleep_ms(window_ms);
	t1 = now_us();
	for (int i = 0; i < n; i++) {
		per_pair[i] = counts[i].rtt - before[i];
		total += per_pair[i];
	}
	check_errors(n);
	CHECK(t1 > t0);
	/* 64-bit: total * 10^6 overflows a 32-bit long past 4294 trips. */
	return (unsigned long)((unsigned long long)total * 1000000ULL /
			       (unsigned long long)(t1 - t0));
}

/* The index of the median of NWINDOW rates. */
static int median_index(const unsigned long *rate)
{
	int idx[NWINDOW];

	for (int w = 0; w < NWINDOW; w++) {
		int k = w;

		for (; k > 0 && rate[idx[k - 1]] > rate[w]; k--)
			idx[k] = idx[k - 1];
		idx[k] = w;
	}
	return idx[NWINDOW / 2];
}

/* N pairs: the median of NWINDOW windows' rates, printed with its ratio
 * to base (0: this is the base). */
static unsigned long measure(int n, unsigned int window_ms, unsigned long base)
{
	struct pair pairs[MAX_PAIRS];
	unsigned long per_pair[NWINDOW][MAX_PAIRS], rate[NWINDOW], pct;
	unsigned long start[MAX_PAIRS];
	int mid;

	for (int i = 0; i < n; i++)
		pair_start(&pairs[i], i);
	for (int i = 0; i < n; i++)
		TEST_WAIT_UNTIL(counts[i].rtt > 0 || counts[i].error, 30,
				"pair %d never made a round trip (30 s)", i);
	check_errors(n);
	test_sleep_ms(WARMUP_MS);
	for (int i = 0; i < n; i++)
		start[i] = counts[i].rtt;
	for (int w = 0; w < NWINDOW; w++)
		rate[w] = window_rate(n, window_ms, per_pair[w]);
	for (int i = 0; i < n; i++)
		if (counts[i].rtt == start[i])
			TEST_FAIL("pair %d made no round trip in %d windows of "
				  "%u ms",
				  i, NWINDOW, window_ms);
	for (int i = 0; i < n; i++)
		pair_stop(&pairs[i]);
	mid = median_index(rate);
	CHECK(rate[mid] > 0);
	pct = base > 0 ? (rate[mid] * 100 + base / 2) / base : 100;
	printf("SCALE pairs=%d rtt_per_s=%lu ratio=%lu.%02lu\n", n, rate[mid],
	       pct / 100, pct % 100);
	printf("SCALE-PAIRS pairs=%d", n);
	for (int i = 0; i < n; i++)
		printf(" %lu", per_pair[mid][i]);
	printf("\n");
	return rate[mid];
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	unsigned int window_ms = 1000;
	int ns[MAX_NS], nn = 0;
	vm_address_t page = 0;
	unsigned long base = 0;

	(void)envp;
	for (int i = 2; i < argc; i++) { /* argv[1]: the host port */
		if (strncmp(argv[i], "window=", 7) == 0) {
			window_ms = (unsigned int)atoi(argv[i] + 7);
		} else if (strncmp(argv[i], "pairs=", 6) == 0) {
			for (const char *p = argv[i] + 6;
			     *p != '\0' && nn < MAX_NS; nn++) {
				ns[nn] = atoi(p);
				CHECK(ns[nn] >= 1 && ns[nn] <= MAX_PAIRS);
				while (*p >= '0' && *p <= '9')
					p++;
				if (*p == ',')
					p++;
			}
		} else {
			TEST_FAIL("unknown argument %s", argv[i]);
		}
	}
	CHECK(nn > 0 && window_ms >= 10);
	EXPECT(vm_allocate(self, &page, 4096, TRUE), KERN_SUCCESS);
	EXPECT(vm_inherit(self, page, 4096, VM_INHERIT_SHARE), KERN_SUCCESS);
	counts = (struct pair_count *)page;
	EXPECT(vm_allocate(self, &child_stack, STACK_SIZE, TRUE), KERN_SUCCESS);
	for (int k = 0; k < nn; k++) {
		unsigned long r = measure(ns[k], window_ms, base);

		if (k == 0)
			base = r;
	}
	printf("SCALE-DONE\n");
	TEST_SUCCESS();
}
