/*
 * tests/unit/ipc/test_ipc_smp.c - ipc/ run by several processors at once.
 *
 * Host threads play processors (hosted_cpu_enter), each with a kernel
 * thread of its own of the test task, and make traps side by side, all on
 * one port of one space: the mach_msg trap (ipc_trap_mach_msg: the fast
 * path, then the general one) as sends, receives and send-and-receive in
 * one call, and mach_port calls that make and destroy ports. Each trap
 * holds the kernel lock from entry to return, as the kernel's do
 * (base/lock.h). Every call polls (timeouts of 0), so no thread waits.
 *
 * Built with ThreadSanitizer (not ASan), which sees the lock's own atomic
 * operations: a byte of kernel state touched by two processors without
 * the lock's acquire and release between them is a reported race, and
 * the first one ends the test, failed (a release made relaxed fails it;
 * so does code run outside the lock). When locks finer than the one
 * kernel lock come, a trap here takes what the kernel's entry takes, and
 * the same test checks them. Then the counts: every message sent is
 * received once, none lost or made twice, and the object counts are back
 * to their baseline.
 */
#include <pthread.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/mach_port.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include "ipc_test.h"

#define NCPUS	   4
#define ROUNDS	   3000
#define MSG_ID	   7100
#define CPU_BUFFER 0x200 /* each processor's message buffer */

/* A message of a header and one integer: who sent it and its number. */
struct smp_msg {
	mach_msg_header_t h;
	mach_msg_type_t t;
	uint32_t value;
};

struct smp_cpu {
	pthread_t host;
	unsigned int index;
	struct thread *thread;
	unsigned long sent, received, selfs, ports;
	unsigned long seen[NCPUS]; /* messages received from each sender */
	int error;
};

static struct ipc_space *smp_space;
static mach_port_name_t smp_port;
static pthread_barrier_t smp_start;

static uintptr_t cpu_buffer(const struct smp_cpu *c)
{
	return UADDR(0x8000 + c->index * CPU_BUFFER);
}

/* A message to the port, from c: its number n. */
static void build(struct smp_cpu *c, uint32_t n)
{
	struct smp_msg *m = uptr(cpu_buffer(c));

	m->h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m->h.msgh_size = sizeof(*m);
	m->h.msgh_remote_port = smp_port;
	m->h.msgh_local_port = MACH_PORT_NULL;
	m->h.msgh_seqno = 0;
	m->h.msgh_id = MSG_ID + (mach_msg_id_t)(c->index - 1); /* 0... */
	m->t = (mach_msg_type_t){.msgt_name = MACH_MSG_TYPE_INTEGER_32,
				 .msgt_size = 32,
				 .msgt_number = 1,
				 .msgt_inline = 1};
	m->value = n;
}

/* A trap as the kernel runs one: the kernel lock taken at the entry,
 * released at the return (base/lock.h), interrupts enabled between. */
static mach_msg_return_t trap(struct smp_cpu *c, mach_msg_option_t option,
			      mach_msg_size_t send_size)
{
	mach_msg_return_t mr;

	kernel_lock_acquire();
	mr = ipc_trap_mach_msg(cpu_buffer(c), option, send_size, CPU_BUFFER,
			       smp_port, 0, MACH_PORT_NULL);
	kernel_lock_release();
	return mr;
}

/* A port made and destroyed by two kernel calls (two traps). */
static bool port_cycle(void)
{
	mach_port_name_t name;
	kern_return_t kr;

	kernel_lock_acquire();
	kr = mach_port_allocate(smp_space, MACH_PORT_RIGHT_RECEIVE, &name);
	kernel_lock_release();
	if (kr != KERN_SUCCESS)
		return false;
	kernel_lock_acquire();
	kr = mach_port_destroy(smp_space, name);
	kernel_lock_release();
	return kr == KERN_SUCCESS;
}

/* A received message: from one of the processors, counted. */
static void got(struct smp_cpu *c)
{
	const struct smp_msg *m = uptr(cpu_buffer(c));
	unsigned int from = (unsigned int)(m->h.msgh_id - MSG_ID);

	if (from >= NCPUS || m->h.msgh_size != sizeof(*m)) {
		c->error = 2;
		return;
	}
	c->seen[from]++;
	c->received++;
}

/* One round: a send, a receive, a send-and-receive, a port made and
 * destroyed. */
static void round_once(struct smp_cpu *c, uint32_t n)
{
	mach_msg_return_t mr;

	build(c, n);
	mr = trap(c, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(struct smp_msg));
	if (mr == MACH_MSG_SUCCESS)
		c->sent++;
	else if (mr != MACH_SEND_TIMED_OUT)
		c->error = 1;

	mr = trap(c, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0);
	if (mr == MACH_MSG_SUCCESS)
		got(c);
	else if (mr != MACH_RCV_TIMED_OUT)
		c->error = 1;

	build(c, n);
	mr = trap(c,
		  MACH_SEND_MSG | MACH_SEND_TIMEOUT | MACH_RCV_MSG |
			  MACH_RCV_TIMEOUT,
		  sizeof(struct smp_msg));
	if (mr == MACH_MSG_SUCCESS) {
		c->sent++;
		c->selfs++;
		got(c);
	} else if (mr == MACH_RCV_TIMED_OUT) {
		c->sent++; /* sent; another processor took it first */
	} else if (mr != MACH_SEND_TIMED_OUT) {
		c->error = 1;
	}

	if (port_cycle())
		c->ports++;
	else
		c->error = 1;
}

static void *cpu_main(void *arg)
{
	struct smp_cpu *c = arg;

	hosted_cpu_enter(c->index, c->thread);
	pthread_barrier_wait(&smp_start);
	for (uint32_t n = 0; n < ROUNDS && !c->error; n++)
		round_once(c, n);
	return NULL;
}

/* Receive what is left on the port (the boot thread, alone again). */
static unsigned long drain(struct smp_cpu *c)
{
	unsigned long n = 0;

	while (trap(c, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0) ==
	       MACH_MSG_SUCCESS) {
		got(c);
		n++;
	}
	return n;
}

START_TEST(one_port_many_processors)
{
	struct smp_cpu cpus[NCPUS + 1] = {0}, *rest = &cpus[NCPUS];
	unsigned long sent = 0, received = 0, selfs = 0;
	unsigned long fast_selfs = ipc_fast_stats.selfs;

	smp_space = test_space();
	smp_port = test_port(smp_space);
	ck_assert_uint_eq(
		test_insert_send(smp_space, test_port_of(smp_space, smp_port)),
		smp_port); /* a send right under the same name */
	ipc_test_task()->space = smp_space;
	ck_assert_int_eq(pthread_barrier_init(&smp_start, NULL, NCPUS), 0);
	for (unsigned int i = 0; i < NCPUS; i++) {
		cpus[i].index = i + 1; /* processor 0 is the boot thread's */
		cpus[i].thread = ipc_test_cpu_thread();
		ck_assert_int_eq(
			pthread_create(&cpus[i].host, NULL, cpu_main, &cpus[i]),
			0);
	}
	for (unsigned int i = 0; i < NCPUS; i++)
		ck_assert_int_eq(pthread_join(cpus[i].host, NULL), 0);
	pthread_barrier_destroy(&smp_start);

	rest->index = 0;
	drain(rest);
	for (unsigned int i = 0; i <= NCPUS; i++) {
		ck_assert_msg(!cpus[i].error, "processor %u: error %d",
			      cpus[i].index, cpus[i].error);
		sent += cpus[i].sent;
		received += cpus[i].received;
		selfs += cpus[i].selfs;
	}
	for (unsigned int i = 0; i < NCPUS; i++) {
		unsigned long seen = 0;

		ck_assert_uint_eq(cpus[i].ports, ROUNDS);
		for (unsigned int j = 0; j <= NCPUS; j++)
			seen += cpus[j].seen[i];
		ck_assert_uint_eq(seen, cpus[i].sent); /* each one once */
	}
	ck_assert_uint_eq(received, sent);
	ck_assert_uint_gt(sent, ROUNDS); /* the port did carry messages */
	ck_assert_uint_gt(selfs, 0);
	ck_assert_uint_gt(ipc_fast_stats.selfs, fast_selfs); /* fast path */
	ck_assert_uint_eq(
		test_refs(smp_space, smp_port, MACH_PORT_RIGHT_RECEIVE), 1);
	ck_assert_uint_eq(test_refs(smp_space, smp_port, MACH_PORT_RIGHT_SEND),
			  1);
	ipc_test_task()->space = NULL;
	test_space_destroy(smp_space);
	for (unsigned int i = 0; i < NCPUS; i++)
		ipc_test_cpu_thread_end(cpus[i].thread);
}
END_TEST

/*
 * The kernel lock's shared mode (base/lock.h) on its own: processors take
 * it exclusive, shared, or shared then upgraded, side by side. What an
 * exclusive holder writes (plain) is read by shared holders (plain) and
 * what shared holders write under a spinlock of their own (a space's
 * fast_lock) is read by exclusive ones: ThreadSanitizer reports any
 * access the lock's acquires and releases do not order. Counted: no
 * exclusive holder ever overlaps another holder, every round's write
 * lands once, and the lock ends free.
 */
#define LOCK_ROUNDS 20000

static unsigned long lock_excl_value, lock_shared_value, lock_seen;
static struct spinlock lock_leaf;
static int lock_inside, lock_overlap; /* atomics */
static pthread_barrier_t lock_start;

struct lock_cpu {
	pthread_t host;
	unsigned int index;
	struct thread *thread;
	unsigned long excl, shared;
	unsigned long last_seen; /* the exclusive holders' value, read */
};

/* An exclusive section: alone, it changes what shared ones read. */
static void lock_exclusive_body(struct lock_cpu *c)
{
	if (__atomic_fetch_add(&lock_inside, 1000, __ATOMIC_RELAXED) != 0)
		__atomic_store_n(&lock_overlap, 1, __ATOMIC_RELAXED);
	/* Long enough for the others to try the lock meanwhile. */
	for (unsigned int i = 0; i < 64; i++)
		lock_seen += lock_shared_value; /* written by shared holders */
	lock_excl_value++;
	c->excl++;
	__atomic_fetch_sub(&lock_inside, 1000, __ATOMIC_RELAXED);
}

/* A shared section: reads the exclusive holders' value, writes its own
 * under the leaf lock. */
static void lock_shared_body(struct lock_cpu *c)
{
	unsigned long v;

	if (__atomic_add_fetch(&lock_inside, 1, __ATOMIC_RELAXED) >= 1000)
		__atomic_store_n(&lock_overlap, 1, __ATOMIC_RELAXED);
	v = lock_excl_value; /* read: written by exclusive holders */
	spin_lock(&lock_leaf);
	lock_shared_value++;
	spin_unlock(&lock_leaf);
	c->shared++;
	c->last_seen = v;
	__atomic_fetch_sub(&lock_inside, 1, __ATOMIC_RELAXED);
}

static void *lock_cpu_main(void *arg)
{
	struct lock_cpu *c = arg;

	hosted_cpu_enter(c->index, c->thread);
	pthread_barrier_wait(&lock_start);
	for (unsigned int n = 0; n < LOCK_ROUNDS; n++) {
		switch ((n + c->index) % 5) {
		case 0: /* exclusive */
			kernel_lock_acquire();
			lock_exclusive_body(c);
			kernel_lock_release();
			break;
		case 1: /* shared, then upgraded (as after a shared switch) */
			kernel_lock_acquire_shared();
			lock_shared_body(c);
			kernel_lock_upgrade();
			lock_exclusive_body(c);
			kernel_lock_release();
			break;
		default:
			kernel_lock_acquire_shared();
			lock_shared_body(c);
			kernel_lock_release_shared();
		}
	}
	return NULL;
}

START_TEST(kernel_lock_shared_and_exclusive)
{
	struct lock_cpu cpus[NCPUS] = {0};
	unsigned long excl = 0, shared = 0;

	kernel_lock_allow_shared(NCPUS + 1); /* processors 1 .. NCPUS */
	ck_assert_int_eq(pthread_barrier_init(&lock_start, NULL, NCPUS), 0);
	for (unsigned int i = 0; i < NCPUS; i++) {
		cpus[i].index = i + 1;
		cpus[i].thread = ipc_test_cpu_thread();
		ck_assert_int_eq(pthread_create(&cpus[i].host, NULL,
						lock_cpu_main, &cpus[i]),
				 0);
	}
	for (unsigned int i = 0; i < NCPUS; i++) {
		ck_assert_int_eq(pthread_join(cpus[i].host, NULL), 0);
		excl += cpus[i].excl;
		shared += cpus[i].shared;
	}
	pthread_barrier_destroy(&lock_start);
	ck_assert_int_eq(lock_overlap, 0);
	ck_assert_uint_eq(lock_excl_value, excl);
	ck_assert_uint_eq(lock_shared_value, shared);
	ck_assert_uint_eq(excl + shared, NCPUS * LOCK_ROUNDS * 6 / 5);
	ck_assert_uint_eq(__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED),
			  0);
	for (unsigned int i = 0; i < NCPUS; i++)
		ipc_test_cpu_thread_end(cpus[i].thread);
}
END_TEST

static Suite *ipc_smp_suite(void)
{
	Suite *s = suite_create("ipc_smp");
	TCase *tc = tcase_create("smp");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, one_port_many_processors);
	tcase_add_test(tc, kernel_lock_shared_and_exclusive);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_smp_suite());
}
