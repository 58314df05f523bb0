/*
 * Boot test compat-terminate: thread_terminate of another thread of the
 * task returns only once that thread will never run again and is gone
 * from the task, and task_terminate of another task only once all its
 * threads are, as in GNU Mach. The victims are caught in each state:
 * spinning in user mode (a counter seen moving just before), blocked in
 * a mach_msg receive, and waiting in a page fault on a memory object
 * whose pager never answers.
 *
 *  (a) thread_terminate of each of three threads of this task: right
 *      after it, task_threads no longer lists the thread, the kernel's
 *      thread count is one less, the name is dead, and (spinner) its
 *      counter has stopped;
 *  (b) task_terminate of a child task with the same three threads: right
 *      after it, the kernel's thread count is back to what it was before
 *      the child, and the child's spinner has stopped;
 *  then the kernel's counts are back at their baseline.
 */
#include <stdbool.h>

#include <mach/thread_status.h>

#include "bootstrap/tests/compat/compat_util.h"
#include "bootstrap/tests/pager_util.h"
#include <mach5/thread_regs.h>

enum { OWN, CHILD, SIDES };

/* Shared with the child (VM_INHERIT_SHARE), one slot per side. */
struct shared {
	volatile long spin[SIDES];
	volatile long recv_started[SIDES];
	volatile long fault_started[SIDES];
	volatile long fault_done[SIDES];
	volatile long recv_done[SIDES];
	volatile char *mo_addr[SIDES];
	volatile mach_port_t recv_port[SIDES];
};

static struct shared *sh;

static void TS_ARG_FN __attribute__((noreturn)) spin_body(long side)
{
	for (;;)
		sh->spin[side]++;
}

/* Receive on a fresh port no one can send to: blocks for good. */
static void TS_ARG_FN __attribute__((noreturn)) recv_body(long side)
{
	mach_msg_header_t m;
	mach_port_t port = mach_reply_port();

	sh->recv_port[side] = port;
	sh->recv_started[side] = 1;
	(void)mach_msg(&m, MACH_RCV_MSG, 0, sizeof(m), port, 0, MACH_PORT_NULL);
	sh->recv_done[side] = 1;
	for (;;)
		swtch();
}

/* Read a page whose pager never answers: waits in the fault. */
static void TS_ARG_FN __attribute__((noreturn)) fault_body(long side)
{
	sh->fault_started[side] = 1;
	(void)*sh->mo_addr[side];
	sh->fault_done[side] = 1;
	for (;;)
		swtch();
}

/* A thread of task running fn(arg) on a stack of its own (*stackp,
 * TEST_STACK_SIZE bytes), resumed. */
static mach_port_t start_in(mach_port_t task, void TS_ARG_FN (*fn)(long),
			    long arg, vm_address_t *stackp)
{
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	vm_address_t stack = 0;
	mach_port_t thread;

	EXPECT(vm_allocate(task, &stack, TEST_STACK_SIZE, TRUE), KERN_SUCCESS);
	EXPECT(thread_create(task, &thread), KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&n),
	       KERN_SUCCESS);
	st.TS_PC = (unsigned long)fn;
	st.TS_ARG0 = (unsigned long)arg;
	st.TS_SP = stack + TEST_STACK_SIZE - sizeof(void *);
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	*stackp = stack;
	return thread;
}

/* A page of task mapped read-only from a memory object (port, a send
 * right of ours) that no one serves. */
static volatile char *map_unserved(mach_port_t task, mach_port_t object)
{
	vm_address_t addr = 0;

	EXPECT(vm_map(task, &addr, PAGE, 0, TRUE, object, 0, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	return (volatile char *)addr;
}

/* Whether task_threads of this task lists thread; *count gets the
 * number of threads. */
static bool lists_thread(mach_port_t thread, unsigned *count)
{
	thread_array_t list;
	mach_msg_type_number_t n;
	bool found = false;

	EXPECT(task_threads(mach_task_self(), &list, &n), KERN_SUCCESS);
	for (unsigned i = 0; i < n; i++) {
		found |= list[i] == thread;
		EXPECT(mach_port_deallocate(mach_task_self(), list[i]),
		       KERN_SUCCESS);
	}
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)list,
			     n * sizeof(*list)),
	       KERN_SUCCESS);
	*count = n;
	return found;
}

/* The spinner of side runs: its counter moves within 1 s. */
static void spinning(int side)
{
	long c = sh->spin[side];

	wait_at_least(&sh->spin[side], c + 1000, 1000, "the spinner");
}

/* The three threads of side started and, for 50 ms, blocked. */
static void all_waiting(int side)
{
	spinning(side);
	wait_at_least(&sh->recv_started[side], 1, 1000, "the receiver");
	wait_at_least(&sh->fault_started[side], 1, 1000, "the faulter");
	sleep_ms(50);
	CHECK_EQ(sh->recv_done[side], 0);
	CHECK_EQ(sh->fault_done[side], 0);
}

/* thread_terminate returns with thread gone. */
static void terminate_one(mach_port_t thread, const char *what)
{
	mach5_test_counts_t c0, c1;
	unsigned n0, n1;
	mach_port_type_t type;

	CHECK(lists_thread(thread, &n0));
	counts(c0);
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	counts(c1);
	if (lists_thread(thread, &n1))
		TEST_FAIL("%s: task_threads lists it after thread_terminate",
			  what);
	CHECK_EQ(n1, n0 - 1);
	CHECK_EQ(c1[MACH5_TEST_THREADS], c0[MACH5_TEST_THREADS] - 1);
	EXPECT(mach_port_type(mach_task_self(), thread, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
}

static void test_thread_terminate(mach_port_t object)
{
	mach_port_t spin, recv, fault;
	vm_address_t mo = 0, stacks[3];

	sh->mo_addr[OWN] = map_unserved(mach_task_self(), object);
	mo = (vm_address_t)sh->mo_addr[OWN];
	spin = start_in(mach_task_self(), spin_body, OWN, &stacks[0]);
	recv = start_in(mach_task_self(), recv_body, OWN, &stacks[1]);
	fault = start_in(mach_task_self(), fault_body, OWN, &stacks[2]);
	all_waiting(OWN);

	terminate_one(recv, "the thread in mach_msg");
	terminate_one(fault, "the thread in a page fault");
	spinning(OWN);
	terminate_one(spin, "the spinning thread");
	long c = sh->spin[OWN];
	sleep_ms(30);
	CHECK_EQ(sh->spin[OWN], c);
	CHECK_EQ(sh->recv_done[OWN], 0);
	CHECK_EQ(sh->fault_done[OWN], 0);
	EXPECT(mach_port_destroy(mach_task_self(), sh->recv_port[OWN]),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(mach_task_self(), mo, PAGE), KERN_SUCCESS);
	for (int i = 0; i < 3; i++)
		EXPECT(vm_deallocate(mach_task_self(), stacks[i],
				     TEST_STACK_SIZE),
		       KERN_SUCCESS);
	printf("compat-terminate: thread_terminate returns with the thread "
	       "gone ok\n");
}

static void test_task_terminate(mach_port_t object)
{
	mach5_test_counts_t c0, c1;
	mach_port_t child, threads[3];
	mach_port_type_t type;
	vm_address_t stack;

	counts(c0);
	EXPECT(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	sh->mo_addr[CHILD] = map_unserved(child, object);
	threads[0] = start_in(child, spin_body, CHILD, &stack);
	threads[1] = start_in(child, recv_body, CHILD, &stack);
	threads[2] = start_in(child, fault_body, CHILD, &stack);
	all_waiting(CHILD);
	spinning(CHILD);

	EXPECT(task_terminate(child), KERN_SUCCESS);
	counts(c1);
	if (c1[MACH5_TEST_THREADS] != c0[MACH5_TEST_THREADS])
		TEST_FAIL("task_terminate returned with %ld threads left",
			  (long)(c1[MACH5_TEST_THREADS] -
				 c0[MACH5_TEST_THREADS]));
	long c = sh->spin[CHILD];
	sleep_ms(30);
	CHECK_EQ(sh->spin[CHILD], c);
	CHECK_EQ(sh->recv_done[CHILD], 0);
	CHECK_EQ(sh->fault_done[CHILD], 0);
	for (int i = 0; i < 3; i++) {
		EXPECT(mach_port_type(mach_task_self(), threads[i], &type),
		       KERN_SUCCESS);
		CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
		EXPECT(mach_port_deallocate(mach_task_self(), threads[i]),
		       KERN_SUCCESS);
	}
	EXPECT(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
	counts(c1);
	CHECK_EQ(c1[MACH5_TEST_TASKS], c0[MACH5_TEST_TASKS]);
	printf("compat-terminate: task_terminate returns with its threads "
	       "gone ok\n");
}

/* Counts come back once the kernel has let go of the memory object
 * (its terminate message is queued on our port): within 2 s. */
static void wait_baseline(const mach5_test_counts_t before)
{
	mach5_test_counts_t now;

	for (unsigned t = 0;; t += 10) {
		counts(now);
		if (now[MACH5_TEST_VM_OBJECTS] == before[MACH5_TEST_VM_OBJECTS])
			break;
		if (t >= 2000)
			break; /* check_counts reports it */
		sleep_ms(10);
	}
	check_counts("compat-terminate", before);
}

/* Take what the kernel sent the memory object and release its rights,
 * as a pager does: init and data_request carry send rights to the
 * control and name ports, terminate their receive rights. */
static void drain(mach_port_t object)
{
	union mo_msg in;

	while (mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(in), object, 0,
			MACH_PORT_NULL) == MACH_MSG_SUCCESS) {
		CHECK(in.head.msgh_id == MO_INIT ||
		      in.head.msgh_id == MO_DATA_REQUEST ||
		      in.head.msgh_id == MO_TERMINATE);
		(void)mach_port_destroy(mach_task_self(), in.init.control);
		if (in.head.msgh_id != MO_DATA_REQUEST)
			(void)mach_port_destroy(mach_task_self(), in.init.name);
	}
}

/*
 * Make every region of this task shared with its children, and fork one
 * child and end it: the child's memory is this task's own, so that its
 * life leaves no copy-on-write object behind in this task (the kernel's
 * object count is then the same before and after the test's child).
 */
static void share_all(void)
{
	vm_address_t addr = 0;
	vm_size_t size;
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t name, child;
	vm_offset_t offset;

	while (vm_region(mach_task_self(), &addr, &size, &prot, &max_prot,
			 &inherit, &shared, &name, &offset) == KERN_SUCCESS) {
		EXPECT(vm_inherit(mach_task_self(), addr, size,
				  VM_INHERIT_SHARE),
		       KERN_SUCCESS);
		if (MACH_PORT_VALID(name))
			EXPECT(mach_port_deallocate(mach_task_self(), name),
			       KERN_SUCCESS);
		addr += size;
	}
	EXPECT(task_create(mach_task_self(), TRUE, &child), KERN_SUCCESS);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
}

int main(int argc, char **argv, char **envp)
{
	mach5_test_counts_t before;
	vm_address_t page = 0;
	mach_port_t object;

	compat_init(argc, argv);
	EXPECT(vm_allocate(mach_task_self(), &page, PAGE, TRUE), KERN_SUCCESS);
	sh = (struct shared *)page;
	sh->spin[OWN] = 0; /* its memory is in the baseline */
	share_all();
	/* This thread's port is made on first use (task_threads): now. */
	unsigned n;
	CHECK(!lists_thread(MACH_PORT_NULL, &n));
	counts(before);

	object = port_alloc_with_send();
	test_thread_terminate(object);
	test_task_terminate(object);
	drain(object);
	EXPECT(mach_port_destroy(mach_task_self(), object), KERN_SUCCESS);

	wait_baseline(before);
	printf("compat-terminate: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
