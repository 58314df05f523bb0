/*
 * bootstrap/bench/mach_bench.c - the IPC operations a GNU Mach program
 * makes most, measured the way the outside ipc_bench binary measures them
 * (docs/bench.md): each benchmark runs a warm-up batch and then five timed
 * batches of N operations; a batch's figure is its rdtsc delta divided by
 * N, and the line reports the median and the minimum of the five:
 *
 *	BENCH <name> <N> <median> <min>
 *
 * Under qemu -icount shift=0 a figure is guest instructions per operation,
 * the user side (loop, MIG stub) included.
 *
 * Boot line:
 *   mach-bench ${host-port} [only=NAME] [scale=PERCENT] [profile]
 *       $(task-create) $(task-resume)
 * With profile, one batch of the named benchmark runs between two calls
 * of bench_profile_mark() (a function ./build.sh profile finds by its
 * symbol) after the warm-up, and nothing else is printed in between.
 */
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/task_info.h>
#include <mach/thread_status.h>
#include <mach5/libmach.h>
#include <mach5/msg_body.h>
#include <mach5/test.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/mach_test_util.h"

#define NBATCH	     5
#define INLINE_BYTES 4096
#define MAX_REGIONS  4096
#define PAGE	     4096UL

#define ID_NULL	     1000
#define ID_INLINE    1001
#define ID_OOL	     1002
#define ID_REPLY_OFF 100

/* The descriptor is short where INLINE_BYTES fits msgt_number (x86_64,
 * 8 bytes as the long form) and long where it does not (i386: 12 bytes). */
struct req_inline {
	mach_msg_header_t h;
	mach_msg_type_long_t t;
	char data[INLINE_BYTES];
};

struct req_ool {
	mach_msg_header_t h;
	mach_msg_type_long_t t;
	vm_offset_t addr;
};

union msgbuf {
	mach_msg_header_t h;
	struct req_inline in;
	struct req_ool ool;
	char space[8192];
};

static union msgbuf server_buf __attribute__((aligned(64)));
static union msgbuf client_buf __attribute__((aligned(64)));
static mach_port_t self_task, self_port, server_port, client_reply;
static mach_port_t server_thread;
static vm_address_t regions[MAX_REGIONS];
static vm_size_t ool_size;
static unsigned long scale = 100;
static mach_msg_type_long_t inline_type; /* rpc_inline_4k's, from setup() */

static inline uint64_t ticks(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc\n\tlfence"
			 : "=a"(lo), "=d"(hi)
			 :
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/* ./build.sh profile counts the instructions between two calls. */
void __attribute__((noinline)) bench_profile_mark(void)
{
	__asm__ volatile("" ::: "memory");
}

/* ---- The server thread: receive, answer, reply-and-receive ------------ */

static kern_return_t serve(union msgbuf *m)
{
	if (m->h.msgh_id == ID_OOL) {
		vm_size_t size = m->ool.t.msgtl_number;

		if (!(m->h.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
		    m->ool.t.msgtl_header.msgt_inline)
			return KERN_INVALID_ARGUMENT;
		return vm_deallocate(self_task, m->ool.addr, size);
	}
	if (m->h.msgh_id == ID_INLINE &&
	    m->h.msgh_size != sizeof(struct req_inline))
		return KERN_INVALID_ARGUMENT;
	return KERN_SUCCESS;
}

static void server(void)
{
	union msgbuf *m = &server_buf;
	mach_msg_return_t mr;

	mr = mach_msg_trap(&m->h, MACH_RCV_MSG, 0, sizeof(*m), server_port, 0,
			   MACH_PORT_NULL);
	while (mr == MACH_MSG_SUCCESS) {
		mach_msg_id_t id = m->h.msgh_id;

		if (serve(m) != KERN_SUCCESS)
			id = -ID_REPLY_OFF; /* the client sees a mismatch */
		m->h.msgh_bits =
			MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m->h.msgh_size = sizeof(mach_msg_header_t);
		m->h.msgh_local_port = MACH_PORT_NULL;
		m->h.msgh_id = id + ID_REPLY_OFF;
		mr = mach_msg_trap(&m->h, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(mach_msg_header_t), sizeof(*m),
				   server_port, 0, MACH_PORT_NULL);
	}
	printf("mach-bench: server: mach_msg returned %#x\n", mr);
	for (;;)
		swtch();
}

/* ---- The operations --------------------------------------------------- */

static kern_return_t run_null_trap(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		(void)mach_task_self();
	return KERN_SUCCESS;
}

/* mach_task_self() adds a user reference each call: drop them, untimed. */
static void post_null_trap(unsigned long n)
{
	mach_port_mod_refs(self_task, self_task, MACH_PORT_RIGHT_SEND,
			   -(mach_port_delta_t)n);
}

static kern_return_t run_reply_port_cycle(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		mach_port_t p = mach_reply_port();
		kern_return_t kr;

		if (!MACH_PORT_VALID(p))
			return KERN_RESOURCE_SHORTAGE;
		kr = mach_port_mod_refs(self_task, p, MACH_PORT_RIGHT_RECEIVE,
					-1);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

static kern_return_t run_self_msg(unsigned long n)
{
	mach_msg_header_t *h = &client_buf.h;

	for (unsigned long i = 0; i < n; i++) {
		mach_msg_return_t mr;

		h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
		h->msgh_size = sizeof(*h);
		h->msgh_remote_port = self_port;
		h->msgh_local_port = MACH_PORT_NULL;
		h->msgh_seqno = 0;
		h->msgh_id = 4242;
		mr = mach_msg_trap(h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(*h),
				   sizeof(client_buf), self_port, 0,
				   MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		if (h->msgh_id != 4242)
			return KERN_FAILURE;
	}
	return KERN_SUCCESS;
}

static kern_return_t run_kernel_rpc(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		mach_port_type_t type;
		kern_return_t kr = mach_port_type(self_task, self_port, &type);

		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

static kern_return_t run_kernel_rpc_task_info(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct task_basic_info info;
		mach_msg_type_number_t count = TASK_BASIC_INFO_COUNT;
		kern_return_t kr = task_info(self_task, TASK_BASIC_INFO,
					     (task_info_t)&info, &count);

		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

static mach_msg_return_t rpc(mach_msg_id_t id, mach_msg_bits_t complex,
			     mach_msg_size_t size)
{
	mach_msg_header_t *h = &client_buf.h;
	mach_msg_return_t mr;

	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE) |
		       complex;
	h->msgh_size = size;
	h->msgh_remote_port = server_port;
	h->msgh_local_port = client_reply;
	h->msgh_seqno = 0;
	h->msgh_id = id;
	mr = mach_msg_trap(h, MACH_SEND_MSG | MACH_RCV_MSG, size,
			   sizeof(client_buf), client_reply, 0, MACH_PORT_NULL);
	if (mr == MACH_MSG_SUCCESS && h->msgh_id != id + ID_REPLY_OFF)
		return MIG_REPLY_MISMATCH;
	return mr;
}

static kern_return_t run_rpc_rtt(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		mach_msg_return_t mr =
			rpc(ID_NULL, 0, sizeof(mach_msg_header_t));
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	return KERN_SUCCESS;
}

#ifdef __x86_64__
/* rpc_rtt_tls: rpc_rtt with each thread's own fs base, as every thread
 * of a glibc program has (its TLS block): the client's and the server's
 * differ, and the switch between them loads them. */
static uint64_t tls_blocks[2][4];

static kern_return_t fs_base_set(mach_port_t thread, uint64_t *base)
{
	struct i386_fsgs_base_state fsgs = {.fs_base = (uintptr_t)base};

	return thread_set_state(thread, i386_FSGS_BASE_STATE,
				(thread_state_t)&fsgs,
				i386_FSGS_BASE_STATE_COUNT);
}

static kern_return_t prep_tls(unsigned long n)
{
	mach_port_t me = mach_thread_self();
	kern_return_t kr = fs_base_set(me, tls_blocks[0]);

	mach_port_deallocate(self_task, me);
	if (kr != KERN_SUCCESS)
		return kr;
	return fs_base_set(server_thread, tls_blocks[1]);
}

static void post_tls(unsigned long n)
{
	mach_port_t me = mach_thread_self();

	if (fs_base_set(me, NULL) != KERN_SUCCESS ||
	    fs_base_set(server_thread, NULL) != KERN_SUCCESS)
		TEST_FAIL("rpc_rtt_tls: cannot clear the fs bases");
	mach_port_deallocate(self_task, me);
}

/* rpc_rtt_names: rpc_rtt with the service port and the reply port under
 * names of a large space (a Hurd server's receive rights are often above
 * the forty names the kernel keeps in a direct table). */
#define NAME_SERVICE 0x1005
#define NAME_REPLY   0x1007
static mach_port_t small_service, small_reply;

static kern_return_t rename_ports(mach_port_t service, mach_port_t reply)
{
	kern_return_t kr = mach_port_rename(self_task, server_port, service);

	if (kr != KERN_SUCCESS)
		return kr;
	server_port = service;
	kr = mach_port_rename(self_task, client_reply, reply);
	if (kr == KERN_SUCCESS)
		client_reply = reply;
	return kr;
}

static kern_return_t prep_names(unsigned long n)
{
	small_service = server_port;
	small_reply = client_reply;
	return rename_ports(NAME_SERVICE, NAME_REPLY);
}

static void post_names(unsigned long n)
{
	if (rename_ports(small_service, small_reply) != KERN_SUCCESS)
		TEST_FAIL("rpc_rtt_names: cannot rename the ports back");
}

/* rpc_rtt_tasks: rpc_rtt to a server of another task (a Hurd server's
 * usual case), the same server() in a task that inherits this one's
 * memory, its service port's receive right moved there under the name
 * server_port has here (which its copy of server() reads); the client's
 * send right replaces server_port here for the batch. */
static vm_address_t task_stack;
static mach_port_t task_child, task_thread, task_saved_port;

static kern_return_t prep_tasks(unsigned long n)
{
	mach_port_t self = mach_task_self(), svc;

	if (task_stack == 0)
		EXPECT(vm_allocate(self, &task_stack, TEST_STACK_SIZE, TRUE),
		       KERN_SUCCESS);
	svc = port_alloc_with_send();
	EXPECT(task_create(self, TRUE, &task_child), KERN_SUCCESS);
	EXPECT(mach_port_insert_right(task_child, server_port, svc,
				      MACH_MSG_TYPE_MOVE_RECEIVE),
	       KERN_SUCCESS);
	task_thread = task_thread_start(task_child, server, task_stack);
	task_saved_port = server_port;
	server_port = svc;
	return KERN_SUCCESS;
}

static void post_tasks(unsigned long n)
{
	mach_port_t self = mach_task_self();

	EXPECT(task_terminate(task_child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, task_thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, task_child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, server_port), KERN_SUCCESS);
	server_port = task_saved_port;
}

/* rpc_rtt_fpu: rpc_rtt between two threads that have used the FPU (as
 * every thread of a glibc program has: its string functions use SSE), so
 * that each switch saves and loads its state: the client touches it, the
 * server gets its own state set back (which makes its FPU state its
 * own). The last benchmark: a thread never gives the FPU back. */
static kern_return_t prep_fpu(unsigned long n)
{
	struct i386_float_state fs;
	mach_msg_type_number_t count = i386_FLOAT_STATE_COUNT;
	uint32_t mxcsr;
	kern_return_t kr;

	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	kr = thread_get_state(server_thread, i386_FLOAT_STATE,
			      (thread_state_t)&fs, &count);
	if (kr != KERN_SUCCESS)
		return kr;
	return thread_set_state(server_thread, i386_FLOAT_STATE,
				(thread_state_t)&fs, count);
}
#endif

static kern_return_t run_rpc_inline_4k(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		mach_msg_return_t mr;

		client_buf.in.t = inline_type;
		mr = rpc(ID_INLINE, 0, sizeof(struct req_inline));
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	return KERN_SUCCESS;
}

/* Regions for a batch are made and touched before the clock starts. */
static kern_return_t prep_ool(unsigned long n)
{
	if (n > MAX_REGIONS)
		return KERN_INVALID_ARGUMENT;
	for (unsigned long i = 0; i < n; i++) {
		vm_address_t a = 0;
		kern_return_t kr = vm_allocate(self_task, &a, ool_size, TRUE);

		if (kr != KERN_SUCCESS)
			return kr;
		for (vm_size_t p = 0; p < ool_size / PAGE; p++)
			*(volatile uint64_t *)(a + p * PAGE) = p + 1;
		regions[i] = a;
	}
	return KERN_SUCCESS;
}

static kern_return_t run_ool(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct req_ool *r = &client_buf.ool;
		mach_msg_return_t mr;

		r->t.msgtl_header.msgt_name = MACH_MSG_TYPE_BYTE;
		r->t.msgtl_header.msgt_size = 8;
		r->t.msgtl_header.msgt_number = 0;
		r->t.msgtl_header.msgt_inline = FALSE;
		r->t.msgtl_header.msgt_longform = TRUE;
		r->t.msgtl_header.msgt_deallocate = TRUE;
		r->t.msgtl_header.msgt_unused = 0;
		r->t.msgtl_name = MACH_MSG_TYPE_BYTE;
		r->t.msgtl_size = 8;
		r->t.msgtl_number = (mach_msg_type_number_t)ool_size;
		r->addr = regions[i];
		mr = rpc(ID_OOL, MACH_MSGH_BITS_COMPLEX, sizeof(*r));
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		regions[i] = 0;
	}
	return KERN_SUCCESS;
}

/* ---- The harness ------------------------------------------------------ */

struct benchmark {
	const char *name;
	unsigned long iters; /* per batch, at scale 100 */
	vm_size_t ool_size;
	kern_return_t (*prep)(unsigned long n);
	kern_return_t (*run)(unsigned long n);
	void (*post)(unsigned long n);
};

static const struct benchmark benchmarks[] = {
	{"null_trap", 20000, 0, NULL, run_null_trap, post_null_trap},
	{"reply_port_cycle", 4000, 0, NULL, run_reply_port_cycle, NULL},
	{"self_msg", 10000, 0, NULL, run_self_msg, NULL},
	{"kernel_rpc", 5000, 0, NULL, run_kernel_rpc, NULL},
	{"kernel_rpc_task_info", 5000, 0, NULL, run_kernel_rpc_task_info, NULL},
	{"rpc_rtt", 5000, 0, NULL, run_rpc_rtt, NULL},
#ifdef __x86_64__
	{"rpc_rtt_tls", 5000, 0, prep_tls, run_rpc_rtt, post_tls},
	{"rpc_rtt_names", 5000, 0, prep_names, run_rpc_rtt, post_names},
	{"rpc_rtt_tasks", 5000, 0, prep_tasks, run_rpc_rtt, post_tasks},
#endif
	{"rpc_inline_4k", 2000, 0, NULL, run_rpc_inline_4k, NULL},
	{"ool_64k", 400, 64 * 1024, prep_ool, run_ool, NULL},
	{"ool_1m", 40, 1024 * 1024, prep_ool, run_ool, NULL},
#ifdef __x86_64__
	{"rpc_rtt_fpu", 5000, 0, prep_fpu, run_rpc_rtt, NULL}, /* last */
#endif
};

/* One batch of n: its cost per operation, or fails the test. */
static uint64_t batch(const struct benchmark *b, unsigned long n, bool mark)
{
	kern_return_t kr = b->prep != NULL ? b->prep(n) : KERN_SUCCESS;
	uint64_t t0, t1;

	if (kr != KERN_SUCCESS)
		TEST_FAIL("%s: preparing a batch: %#x", b->name, kr);
	if (mark)
		bench_profile_mark();
	t0 = ticks();
	kr = b->run(n);
	t1 = ticks();
	if (mark)
		bench_profile_mark();
	if (kr != KERN_SUCCESS)
		TEST_FAIL("%s: %#x", b->name, kr);
	if (b->post != NULL)
		b->post(n);
	return (t1 - t0) / n;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
}

static void run(const struct benchmark *b, bool profile)
{
	unsigned long n = b->iters * scale / 100;
	uint64_t v[NBATCH];

	if (n == 0)
		n = 1;
	ool_size = b->ool_size;
	batch(b, n / 4 + 1, false); /* warm-up */
	if (profile) {
		batch(b, n, true);
		printf("PROFILE %s %lu\n", b->name, n);
		return;
	}
	for (int i = 0; i < NBATCH; i++)
		v[i] = batch(b, n, false);
	sort(v, NBATCH);
	printf("BENCH %s %lu %lu %lu\n", b->name, n,
	       (unsigned long)v[NBATCH / 2], (unsigned long)v[0]);
}

static void setup(void)
{
	const struct msg_item item = {
		.name = MACH_MSG_TYPE_BYTE,
		.bits = 8,
		.number = INLINE_BYTES,
		.is_inline = TRUE,
		.longform = INLINE_BYTES > MSG_SHORT_NUMBER_MAX,
	};

	self_task = mach_task_self();
	self_port = port_alloc_with_send();
	server_port = port_alloc_with_send();
	if (mach_port_allocate(self_task, MACH_PORT_RIGHT_RECEIVE,
			       &client_reply) != KERN_SUCCESS)
		TEST_FAIL("cannot allocate the ports");
	server_thread = start_thread(server);
	msg_put_type(&inline_type, &item);
	memset(client_buf.in.data, 'a', INLINE_BYTES);
}

int main(int argc, char **argv, char **envp)
{
	const char *only = NULL;
	bool profile = false, found = false;

	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], "only=", 5) == 0)
			only = argv[i] + 5;
		else if (strncmp(argv[i], "scale=", 6) == 0)
			scale = (unsigned long)atoi(argv[i] + 6);
		else if (strcmp(argv[i], "profile") == 0)
			profile = true;
	}
	setup();
	for (unsigned int i = 0; i < sizeof(benchmarks) / sizeof(*benchmarks);
	     i++) {
		if (only != NULL && strcmp(only, benchmarks[i].name) != 0)
			continue;
		found = true;
		run(&benchmarks[i], profile);
	}
	if (!found)
		TEST_FAIL("no benchmark named %s", only);
	printf("BENCH-DONE\n");
	TEST_SUCCESS();
}
