/*
 * Boot test host-pcsample: PC sampling (mach4.defs 4000-4005,
 * base/pc_sample.h).
 *
 *  - codes: a port of another kind (the host port for a task, the task
 *    port for a thread) and a bad or refused flavor: KERN_INVALID_ARGUMENT;
 *    disable or get while off, enable twice: KERN_FAILURE; a dead thread
 *    port and MACH_PORT_NULL: MACH_SEND_INVALID_DEST;
 *  - thread sampling of a thread spinning in spin_loop: tick is the clock
 *    tick in microseconds; every sample's pc lies in spin_loop, with one
 *    nonzero id and sampletype SAMPLED_PC_PERIODIC; the seqno advances
 *    and a get returns only newer samples; after the ring overflowed, a
 *    get returns the oldest retained ones and the seqno tells the loss,
 *    the next get the rest without loss; disable counts every sample and
 *    turns sampling off;
 *  - task sampling: the spinner's samples (same id) land in the task's
 *    ring while the thread's own sampling is off;
 *  - a thread and a child task that die while sampling: the kernel's
 *    object counts (test port, argv[3]) come back to their baseline.
 */
#include <stdlib.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/mach5_test_types.h>
#include <mach/pc_sample.h>
#include <test/mach5_test.h>

#include "mach4.h"
#include "bootstrap/tests/mach_test_util.h"
#include <mach5/thread_regs.h>

#define TICK_USEC 10000 /* 1000000 / CLOCK_HZ (100) */
#define RING	  512	/* mach4.defs' sampled_pc_array_t bound */

/* The spinner's code: a loop the samples must fall in. */
extern char spin_loop[], spin_loop_end[];
__asm__(".text\n"
	".globl spin_loop\n"
	"spin_loop:\n"
	"1:	pause\n"
	"	jmp 1b\n"
	".globl spin_loop_end\n"
	"spin_loop_end:\n");

static mach_port_t self, sleep_port, test_port;
static sampled_pc_t pcs[RING];

static void sleep_ms(unsigned int ms)
{
	mach_msg_header_t h;

	EXPECT(mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h),
			sleep_port, ms, MACH_PORT_NULL),
	       MACH_RCV_TIMED_OUT);
}

/* A suspended thread that will spin in spin_loop; *stack gets its stack. */
static mach_port_t make_spinner(vm_address_t *stack)
{
	struct i386_thread_state st;
	mach_port_t t = make_thread((void (*)(void))spin_loop, &st);

	*stack = st.TS_SP + sizeof(void *) - TEST_STACK_SIZE;
	return t;
}

static void kill_spinner(mach_port_t t, vm_address_t stack)
{
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, t), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, stack, TEST_STACK_SIZE), KERN_SUCCESS);
}

static int in_spin(const sampled_pc_t *s)
{
	return s->pc >= (rpc_vm_offset_t)spin_loop &&
	       s->pc < (rpc_vm_offset_t)spin_loop_end;
}

/* Every sample in spin_loop, periodic, with id *id (set if 0). */
static void check_spin_samples(unsigned int n, rpc_vm_offset_t *id,
			       const char *what)
{
	for (unsigned int i = 0; i < n; i++) {
		if (!in_spin(&pcs[i]))
			TEST_FAIL("%s: sample %u pc 0x%lx outside spin_loop "
				  "[%p, %p)",
				  what, i, (unsigned long)pcs[i].pc,
				  (void *)spin_loop, (void *)spin_loop_end);
		CHECK(pcs[i].sampletype == SAMPLED_PC_PERIODIC);
		if (*id == 0)
			*id = pcs[i].id;
		CHECK(*id != 0 && pcs[i].id == *id);
	}
}

static void check_codes(void)
{
	mach_port_t host = mach_host_self(), dead;
	sampled_pc_seqno_t seqno = 0;
	mach_msg_type_number_t n = RING;
	vm_address_t stack;
	int tick = 0, cnt = 0;
	kern_return_t kr;

	/* Ports of another kind. */
	EXPECT(task_enable_pc_sampling(host, &tick, SAMPLED_PC_PERIODIC),
	       KERN_INVALID_ARGUMENT);
	EXPECT(task_get_sampled_pcs(host, &seqno, pcs, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_enable_pc_sampling(self, &tick, SAMPLED_PC_PERIODIC),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_disable_pc_sampling(self, &cnt), KERN_INVALID_ARGUMENT);
	EXPECT(task_disable_pc_sampling(MACH_PORT_NULL, &cnt),
	       MACH_SEND_INVALID_DEST);
	/* Off. */
	EXPECT(task_disable_pc_sampling(self, &cnt), KERN_FAILURE);
	n = RING;
	EXPECT(task_get_sampled_pcs(self, &seqno, pcs, &n), KERN_FAILURE);
	EXPECT(thread_disable_pc_sampling(mach_thread_self(), &cnt),
	       KERN_FAILURE);
	/* Flavors: unknown bits, fault sampling. */
	EXPECT(task_enable_pc_sampling(self, &tick, 0x2),
	       KERN_INVALID_ARGUMENT);
	EXPECT(task_enable_pc_sampling(self, &tick, SAMPLED_PC_VM_FAULTS),
	       KERN_INVALID_ARGUMENT);
	EXPECT(task_disable_pc_sampling(self, &cnt), KERN_FAILURE);
	/* Twice. */
	EXPECT(task_enable_pc_sampling(self, &tick, 0), KERN_SUCCESS);
	CHECK(tick == TICK_USEC);
	EXPECT(task_enable_pc_sampling(self, &tick, SAMPLED_PC_PERIODIC),
	       KERN_FAILURE);
	EXPECT(task_disable_pc_sampling(self, &cnt), KERN_SUCCESS);
	CHECK(cnt >= 0);
	/* A dead thread's port. */
	dead = make_spinner(&stack);
	EXPECT(thread_enable_pc_sampling(dead, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	EXPECT(thread_terminate(dead), KERN_SUCCESS);
	/* Until it is gone, enabling again is KERN_FAILURE (already on). */
	TEST_WAIT_UNTIL((kr = thread_enable_pc_sampling(dead, &tick,
							SAMPLED_PC_PERIODIC)) !=
				KERN_FAILURE,
			10, "the terminated thread is still there after 10 s");
	CHECK_EQ(kr, MACH_SEND_INVALID_DEST);
	n = RING;
	EXPECT(thread_get_sampled_pcs(dead, &seqno, pcs, &n),
	       MACH_SEND_INVALID_DEST);
	EXPECT(mach_port_deallocate(self, dead), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, stack, TEST_STACK_SIZE), KERN_SUCCESS);
	printf("host-pcsample: codes ok\n");
}

/*
 * Return once more than `ticks` ticks have sampled the spinner (id) since
 * the call, counted by the task's own sampling (the task ring, drained
 * every 200 ms, never overflows; the spinner's samples carry its id).
 * Ticks, not time: QEMU skips the periods of the guest's periodic timer
 * that a busy host made it miss, so a second of guest time can hold far
 * fewer than its 100 ticks (188 of 662 once, the host loaded 12 deep).
 * Fails after 60 s of guest time. The task's sampling is off again on
 * return.
 */
static void wait_spinner_ticks(rpc_vm_offset_t id, unsigned int ticks)
{
	sampled_pc_seqno_t seqno = 0;
	mach_msg_type_number_t n;
	unsigned int seen = 0, waited = 0;
	int tick = 0, cnt = 0;

	EXPECT(task_enable_pc_sampling(self, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	while (seen <= ticks) {
		if (waited >= 60000)
			TEST_FAIL("the spinner got %u ticks in 60 s, not %u",
				  seen, ticks + 1);
		sleep_ms(200);
		waited += 200;
		n = RING;
		EXPECT(task_get_sampled_pcs(self, &seqno, pcs, &n),
		       KERN_SUCCESS);
		for (unsigned int i = 0; i < n; i++)
			seen += pcs[i].id == id;
	}
	EXPECT(task_disable_pc_sampling(self, &cnt), KERN_SUCCESS);
}

/* Thread sampling of a spinner; returns its sample id. */
static rpc_vm_offset_t check_thread(mach_port_t spinner)
{
	sampled_pc_seqno_t seqno = 0, old;
	mach_msg_type_number_t n = RING, n2;
	rpc_vm_offset_t id = 0;
	int tick = 0, cnt = 0;

	EXPECT(thread_enable_pc_sampling(spinner, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	CHECK(tick == TICK_USEC);
	EXPECT(thread_enable_pc_sampling(spinner, &tick, SAMPLED_PC_PERIODIC),
	       KERN_FAILURE);
	/* Suspended from birth: nothing sampled yet. */
	sleep_ms(50);
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n), KERN_SUCCESS);
	CHECK(n == 0 && seqno == 0);
	EXPECT(thread_resume(spinner), KERN_SUCCESS);
	sleep_ms(200);
	n = RING;
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n), KERN_SUCCESS);
	if (n == 0 || seqno != n)
		TEST_FAIL("first get: %u samples, seqno %u", n, seqno);
	check_spin_samples(n, &id, "first get");
	printf("host-pcsample: %u samples in spin_loop\n", n);
	/* Newer ones only. */
	old = seqno;
	sleep_ms(100);
	n = RING;
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n), KERN_SUCCESS);
	if (n == 0 || seqno != old + n)
		TEST_FAIL("second get: %u samples, seqno %u -> %u", n, old,
			  seqno);
	check_spin_samples(n, &id, "second get");
	printf("host-pcsample: seqno advances ok\n");
	/* Overflow: over RING ticks of spinning. */
	old = seqno;
	wait_spinner_ticks(id, RING + 50);
	n = RING;
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n), KERN_SUCCESS);
	if (n == 0 || n > RING || seqno - old - n == 0)
		TEST_FAIL("overflow get: %u samples, seqno %u -> %u", n, old,
			  seqno);
	check_spin_samples(n, &id, "overflow get");
	printf("host-pcsample: overflow: %u lost, %u returned\n",
	       seqno - old - n, n);
	old = seqno;
	n2 = RING;
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n2), KERN_SUCCESS);
	if (n + n2 < RING || seqno != old + n2)
		TEST_FAIL("after overflow: %u + %u samples, seqno %u -> %u", n,
			  n2, old, seqno);
	check_spin_samples(n2, &id, "after overflow");
	printf("host-pcsample: oldest retained first, rest without loss ok\n");
	/* Disable counts every sample and stops sampling. */
	EXPECT(thread_disable_pc_sampling(spinner, &cnt), KERN_SUCCESS);
	CHECK((sampled_pc_seqno_t)cnt >= seqno);
	EXPECT(thread_disable_pc_sampling(spinner, &cnt), KERN_FAILURE);
	n = RING;
	EXPECT(thread_get_sampled_pcs(spinner, &seqno, pcs, &n), KERN_FAILURE);
	printf("host-pcsample: thread sampling ok\n");
	return id;
}

/* Task sampling while the spinner (id) spins with its own sampling off. */
static void check_task(mach_port_t spinner, rpc_vm_offset_t id)
{
	sampled_pc_seqno_t seqno = 0, first;
	mach_msg_type_number_t n = RING, total;
	unsigned int spin = 0;
	int tick = 0, cnt = 0;

	EXPECT(task_enable_pc_sampling(self, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	CHECK(tick == TICK_USEC);
	sleep_ms(200);
	EXPECT(task_get_sampled_pcs(self, &seqno, pcs, &n), KERN_SUCCESS);
	CHECK(seqno == n);
	for (unsigned int i = 0; i < n; i++) {
		CHECK(pcs[i].sampletype == SAMPLED_PC_PERIODIC);
		/* The spinner's samples, and only those, are in spin_loop
		 * (the main thread samples elsewhere). */
		CHECK((pcs[i].id == id) == in_spin(&pcs[i]));
		spin += in_spin(&pcs[i]);
	}
	if (spin == 0)
		TEST_FAIL("task sampling: none of %u samples in spin_loop", n);
	total = n;
	/* The spinner's own sampling stays off. */
	n = RING;
	first = 0;
	EXPECT(thread_get_sampled_pcs(spinner, &first, pcs, &n), KERN_FAILURE);
	EXPECT(task_disable_pc_sampling(self, &cnt), KERN_SUCCESS);
	CHECK((sampled_pc_seqno_t)cnt >= seqno);
	n = RING;
	EXPECT(task_get_sampled_pcs(self, &seqno, pcs, &n), KERN_FAILURE);
	printf("host-pcsample: task sampling: %u of %u samples in spin_loop "
	       "ok\n",
	       spin, total);
}

/* Are the kernel's counts of threads and tasks those of c0 again? */
static int threads_tasks_back(const mach5_test_counts_t c0)
{
	mach5_test_counts_t c;

	EXPECT(mach5_test_counts(test_port, c), KERN_SUCCESS);
	return c[MACH5_TEST_THREADS] == c0[MACH5_TEST_THREADS] &&
	       c[MACH5_TEST_TASKS] == c0[MACH5_TEST_TASKS];
}

/* A thread and a child task die while sampling (never disabled); returns
 * once the kernel has reaped both. */
static void dying_round(void)
{
	mach_port_t t, child;
	vm_address_t stack;
	int tick;
	mach5_test_counts_t c0;

	EXPECT(mach5_test_counts(test_port, c0), KERN_SUCCESS);

	t = make_spinner(&stack);
	EXPECT(thread_enable_pc_sampling(t, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	EXPECT(thread_resume(t), KERN_SUCCESS);
	sleep_ms(50);
	kill_spinner(t, stack);
	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	EXPECT(task_enable_pc_sampling(child, &tick, SAMPLED_PC_PERIODIC),
	       KERN_SUCCESS);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	TEST_WAIT_UNTIL(threads_tasks_back(c0), 10,
			"the dead thread and task still counted after 10 s");
}

static const int exact[] = {
	MACH5_TEST_PORTS,	 MACH5_TEST_ENTRIES, MACH5_TEST_VM_OBJECTS,
	MACH5_TEST_KMEM_OBJECTS, MACH5_TEST_THREADS, MACH5_TEST_TASKS,
};

static void check_no_leak(void)
{
	mach5_test_counts_t before, after;

	dying_round();	  /* warms caches up */
	test_sleep_ms(1); /* its port, made on first use: in the baseline */
	EXPECT(mach5_test_counts(test_port, before), KERN_SUCCESS);
	dying_round();
	EXPECT(mach5_test_counts(test_port, after), KERN_SUCCESS);
	for (unsigned int i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (before[exact[i]] != after[exact[i]])
			TEST_FAIL("count %d went %lu -> %lu", exact[i],
				  (unsigned long)before[exact[i]],
				  (unsigned long)after[exact[i]]);
	printf("host-pcsample: kernel counts back to baseline ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t spinner;
	vm_address_t stack;
	rpc_vm_offset_t id;

	(void)envp;
	CHECK(argc > 3);
	self = mach_task_self();
	test_port = (mach_port_t)strtol(argv[3], NULL, 10);
	CHECK(test_port != MACH_PORT_NULL);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &sleep_port),
	       KERN_SUCCESS);
	check_codes();
	spinner = make_spinner(&stack);
	id = check_thread(spinner);
	check_task(spinner, id);
	kill_spinner(spinner, stack);
	check_no_leak();
	TEST_SUCCESS();
}
