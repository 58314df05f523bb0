/*
 * bootstrap/stress/stress.c - the stress task: argument parsing, the
 * counts and the baseline check, threads, and the table of tests
 * (stress.h). TEST "all" runs every test in turn
 * (bootstrap/stress/stress.boot).
 */
#include <stdlib.h>
#include <string.h>

#include "stress.h"
#include <mach5/thread_regs.h>

#define STACK_SIZE (64 * 1024)
/* How long stress_check waits for reaping before it fails. */
#define CHECK_TRIES    200
#define CHECK_SLEEP_MS 10
/* Free pages may stay lower by this many: page tables of this task that
 * the test made reach, which live as long as the task. */
#define FREE_PAGES_SLACK 64

mach_port_t stress_test_port;
mach_port_t stress_server;
unsigned int stress_scale = 1;

static mach5_test_counts_t baseline;
static mach_port_t sleep_port;
static volatile int mig_lock_word;

static const char *const count_names[MACH5_TEST_NR_COUNTS] = {
	[MACH5_TEST_PORTS] = "ports",
	[MACH5_TEST_PSETS] = "psets",
	[MACH5_TEST_KMSGS] = "kmsgs",
	[MACH5_TEST_ENTRIES] = "entries",
	[MACH5_TEST_SPACES] = "spaces",
	[MACH5_TEST_VM_OBJECTS] = "vm_objects",
	[MACH5_TEST_RESIDENT_PAGES] = "resident",
	[MACH5_TEST_WIRED_PAGES] = "wired",
	[MACH5_TEST_FREE_PAGES] = "free",
	[MACH5_TEST_TOTAL_PAGES] = "total",
	[MACH5_TEST_KMEM_OBJECTS] = "kmem",
	[MACH5_TEST_THREADS] = "threads",
	[MACH5_TEST_TASKS] = "tasks",
};

void stress_mig_lock(void)
{
	while (__atomic_exchange_n(&mig_lock_word, 1, __ATOMIC_ACQUIRE))
		swtch();
}

void stress_mig_unlock(void)
{
	__atomic_store_n(&mig_lock_word, 0, __ATOMIC_RELEASE);
}

void stress_counts(mach5_test_counts_t counts)
{
	stress_mig_lock();
	kern_return_t kr = mach5_test_counts(stress_test_port, counts);
	stress_mig_unlock();
	if (kr != KERN_SUCCESS)
		TEST_FAIL("mach5_test_counts: 0x%x", kr);
}

/* Must this count come back exactly? (Page counts move with page
 * tables and the kernel's caches: only free pages are bounded.) */
static int count_exact(int i)
{
	return i != MACH5_TEST_WIRED_PAGES && i != MACH5_TEST_FREE_PAGES &&
	       i != MACH5_TEST_TOTAL_PAGES;
}

/* Do the exact counts of a and b agree? */
static int counts_same(const mach5_test_counts_t a, const mach5_test_counts_t b)
{
	for (int i = 0; i < MACH5_TEST_NR_COUNTS; i++)
		if (count_exact(i) && a[i] != b[i])
			return 0;
	return 1;
}

static void counts_print(const char *test, const char *what,
			 const mach5_test_counts_t now)
{
	printf("STRESS %s %s", test, what);
	for (int i = 0; i < MACH5_TEST_NR_COUNTS; i++)
		printf(" %s %lu->%lu", count_names[i],
		       (unsigned long)baseline[i], (unsigned long)now[i]);
	printf("\n");
}

/* Threads and tasks that ended are reaped a little later: the baseline
 * is the first reading that did not change over CHECK_SLEEP_MS, nor by
 * its own printing (the first print may touch a stack or data page more:
 * resident). */
void stress_baseline(const char *test)
{
	mach5_test_counts_t before;

	/* test_sleep_ms makes its port on first use, which a join
	 * (TEST_WAIT_UNTIL) reaches only when a thread is slow to finish (on
	 * another processor, say): made now, it is in the baseline. */
	test_sleep_ms(1);
	stress_counts(before);
	for (int tries = 0; tries < CHECK_TRIES; tries++) {
		stress_sleep(CHECK_SLEEP_MS);
		stress_counts(baseline);
		if (counts_same(before, baseline)) {
			/* Same output path as the check's. */
			char what[48];
			snprintf(what, sizeof(what), "baseline %d", tries);
			counts_print(test, what, baseline);
			stress_counts(before);
			if (counts_same(before, baseline))
				return;
		}
		memcpy(before, baseline, sizeof(before));
	}
	TEST_FAIL("the counts do not settle for a baseline");
}

/* The first count that is not back to the baseline, or -1. */
static int counts_differ(const mach5_test_counts_t now)
{
	for (int i = 0; i < MACH5_TEST_NR_COUNTS; i++)
		if (count_exact(i) && now[i] != baseline[i])
			return i;
	if (now[MACH5_TEST_FREE_PAGES] + FREE_PAGES_SLACK <
	    baseline[MACH5_TEST_FREE_PAGES])
		return MACH5_TEST_FREE_PAGES;
	return -1;
}

void stress_check(const char *test, unsigned long iterations)
{
	char what[48];

	mach5_test_counts_t now;
	int bad = -1;

	for (int tries = 0; tries < CHECK_TRIES; tries++) {
		stress_counts(now);
		bad = counts_differ(now);
		if (bad < 0)
			break;
		stress_sleep(CHECK_SLEEP_MS);
	}
	snprintf(what, sizeof(what), "iterations %lu", iterations);
	counts_print(test, what, now);
	if (bad >= 0)
		TEST_FAIL("%s: %s not back to baseline: %lu -> %lu", test,
			  count_names[bad], (unsigned long)baseline[bad],
			  (unsigned long)now[bad]);
}

void stress_sleep(unsigned int ms)
{
	mach_msg_header_t h;

	/* Only the main thread sleeps (a receive on one port); others use
	 * swtch. */
	mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h), sleep_port,
		 ms, MACH_PORT_NULL);
}

/* The first code a new thread runs: its one argument (TS_ARG0) is its
 * struct stress_thread. */
static void TS_ARG_FN __attribute__((noreturn))
thread_trampoline(struct stress_thread *t)
{
	t->fn(t->arg);
	stress_thread_exit(t);
}

void stress_thread_start(struct stress_thread *t, void (*fn)(void *), void *arg)
{
	mach_port_t self = mach_task_self();
	struct i386_thread_state state;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	t->fn = fn;
	t->arg = arg;
	t->done = 0;
	t->stack = 0;
	stress_mig_lock();
	EXPECT_OK(vm_allocate(self, &t->stack, STACK_SIZE, TRUE));
	EXPECT_OK(thread_create(self, &t->port));
	EXPECT_OK(thread_get_state(t->port, i386_THREAD_STATE,
				   (thread_state_t)&state, &count));
	state.TS_PC = (unsigned long)thread_trampoline;
	state.TS_ARG0 = (unsigned long)t;
	/* As after a call: sp + sizeof(void *) is 16-byte aligned. */
	state.TS_SP = t->stack + STACK_SIZE - sizeof(void *);
	EXPECT_OK(thread_set_state(t->port, i386_THREAD_STATE,
				   (thread_state_t)&state,
				   i386_THREAD_STATE_COUNT));
	EXPECT_OK(thread_resume(t->port));
	stress_mig_unlock();
}

void stress_thread_exit(struct stress_thread *t)
{
	__atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
	for (;;)
		swtch();
}

void stress_thread_join(struct stress_thread *t)
{
	/* Generous: a worker of the long run (scale 20) works for minutes. */
	TEST_WAIT_UNTIL(__atomic_load_n(&t->done, __ATOMIC_ACQUIRE), 900,
			"a thread did not finish in 900 s");
	stress_mig_lock();
	EXPECT_OK(thread_terminate(t->port));
	EXPECT_OK(mach_port_deallocate(mach_task_self(), t->port));
	EXPECT_OK(vm_deallocate(mach_task_self(), t->stack, STACK_SIZE));
	stress_mig_unlock();
}

mach_port_t stress_port_alloc(void)
{
	mach_port_t self = mach_task_self(), port;

	stress_mig_lock();
	EXPECT_OK(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port));
	EXPECT_OK(mach_port_insert_right(self, port, port,
					 MACH_MSG_TYPE_MAKE_SEND));
	stress_mig_unlock();
	return port;
}

void stress_port_destroy(mach_port_t port)
{
	stress_mig_lock();
	EXPECT_OK(mach_port_destroy(mach_task_self(), port));
	stress_mig_unlock();
}

/* in_all: run by "all" (pressure needs a default pager and a small
 * machine: its own boot files). */
static const struct {
	const char *name;
	void (*run)(void);
	int in_all;
} tests[] = {
	{"rpc", stress_rpc, 1},		  {"pset", stress_pset, 1},
	{"sonotify", stress_sonotify, 1}, {"ool", stress_ool, 1},
	{"task", stress_task, 1},	  {"vm", stress_vm, 1},
	{"pressure", stress_pressure, 0},
};

int main(int argc, char **argv, char **envp)
{
	if (argc < 4)
		TEST_FAIL("usage: stress HOST TEST-PORT TEST [SCALE] [SERVER]");
	stress_test_port = (mach_port_t)atoi(argv[2]);
	if (argc > 4)
		stress_scale = (unsigned int)atoi(argv[4]);
	if (argc > 5)
		stress_server = (mach_port_t)atoi(argv[5]);
	if (stress_scale == 0)
		stress_scale = 1;
	sleep_port = mach_reply_port();
	for (unsigned int i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (strcmp(argv[3], "all") == 0) {
			if (tests[i].in_all)
				tests[i].run();
			continue;
		}
		if (strcmp(argv[3], tests[i].name) == 0) {
			tests[i].run();
			TEST_SUCCESS();
		}
	}
	if (strcmp(argv[3], "all") == 0)
		TEST_SUCCESS();
	TEST_FAIL("unknown test %s", argv[3]);
}
