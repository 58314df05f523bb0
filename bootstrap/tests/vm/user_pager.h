/*
 * bootstrap/tests/vm/user_pager.h - shared by the vm-pager-lock,
 * vm-pager-delay and vm-pager-sync boot tests: a user pager thread
 * serving a memory object of VM3_PAGES pages from its own store, and a
 * client task (a child made with task_create) that touches the object on
 * command.
 *
 * The pager (hand-decoded memory_object.defs messages) answers init with
 * ready, data_request with data_supply of its stored page (lock value
 * and precious flag per page, vm3_lock[] / vm3_precious[]), data_unlock
 * with a lock_request lowering the lock to VM_PROT_NONE, and stores what
 * data_return brings. It makes no RPC (libmach has one reply port per
 * task, the main thread's): the pages it supplies come from a pool the
 * main thread allocated, the returned data is deallocated by the main
 * thread (vm3_pager_cleanup).
 *
 * The client: its one thread runs vm3_client_main in the child's copy of
 * this program (traps only), reading commands from a VM_INHERIT_SHARE
 * page: read or write one byte of its mapping of the object.
 */
#ifndef BOOTSTRAP_TESTS_VM3_PAGER_H
#define BOOTSTRAP_TESTS_VM3_PAGER_H

#include <stdlib.h>
#include <string.h>

#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <mach/memory_object.h>
#include <mach/mach5_test_types.h>
#include <test/mach5_test.h>

#include "bootstrap/tests/mach_test_util.h"
#include "bootstrap/tests/pager_util.h"
#include <mach5/thread_regs.h>

#define VM3_PAGES 4

/* ---- Pager state ----------------------------------------------------------
 */

static mach_port_t vm3_mo_port;
static volatile mach_port_t vm3_control;
static char vm3_store[VM3_PAGES][PAGE];
static int vm3_lock[VM3_PAGES];		  /* lock_value of each supply */
static boolean_t vm3_precious[VM3_PAGES]; /* precious flag of each supply */
static volatile int vm3_requests[VM3_PAGES], vm3_request_access;
static volatile int vm3_unlocks, vm3_unlock_access;
static volatile int vm3_returns, vm3_markers, vm3_terminates;
static volatile int vm3_supplying, vm3_supplied; /* data_supply calls */
#define VM3_POOL 32
static vm_address_t vm3_pool, vm3_returned[VM3_POOL];
static int vm3_pool_used;
static struct {
	unsigned long offset;
	int dirty, kernel_copy;
	char head[2]; /* its first two bytes */
} vm3_last_return;

static void vm3_supply(const struct mo_request *r)
{
	unsigned long page = r->offset / PAGE;
	vm_address_t buf = vm3_pool + PAGE * (unsigned long)vm3_pool_used++;

	vm3_requests[page]++;
	vm3_request_access = r->access;
	/* data_supply deallocates what it sends: a new page each time. */
	if (vm3_pool_used > VM3_POOL)
		TEST_FAIL("pager: pool used up");
	memcpy((void *)buf, vm3_store[page], PAGE);
	vm3_supplying++;
	EXPECT(memory_object_data_supply(r->control, r->offset, buf, PAGE, TRUE,
					 vm3_lock[page], vm3_precious[page],
					 MACH_PORT_NULL),
	       KERN_SUCCESS);
	vm3_supplied++;
}

static void vm3_store_return(const struct mo_return *r)
{
	unsigned long page = r->offset / PAGE;

	if (page >= VM3_PAGES || (r->data_type.msgtl_header.msgt_inline))
		TEST_FAIL("data_return at 0x%lx", r->offset);
	memcpy(vm3_store[page], r->data, PAGE);
	vm3_last_return.offset = r->offset;
	vm3_last_return.dirty = r->dirty;
	vm3_last_return.kernel_copy = r->kernel_copy;
	memcpy(vm3_last_return.head, r->data, 2);
	if (vm3_returns >= VM3_POOL)
		TEST_FAIL("pager: too many returns");
	vm3_returned[vm3_returns++] = (vm_address_t)r->data;
}

static void vm3_pager(void)
{
	union mo_msg in;

	for (;;) {
		pager_receive(vm3_mo_port, &in);
		switch (in.head.msgh_id) {
		case MO_INIT:
			vm3_control = in.init.control;
			EXPECT(memory_object_ready(vm3_control, TRUE,
						   MEMORY_OBJECT_COPY_DELAY),
			       KERN_SUCCESS);
			break;
		case MO_DATA_REQUEST:
			vm3_supply(&in.request);
			break;
		case MO_DATA_UNLOCK:
			vm3_unlock_access = in.request.access;
			vm3_unlocks++;
			EXPECT(memory_object_lock_request(
				       in.request.control, in.request.offset,
				       PAGE, MEMORY_OBJECT_RETURN_NONE, FALSE,
				       VM_PROT_NONE, MACH_PORT_NULL),
			       KERN_SUCCESS);
			break;
		case MO_DATA_RETURN:
			vm3_store_return(&in.ret);
			break;
		case MO_TERMINATE:
			vm3_terminates++;
			break;
		case PAGER_MARKER:
			vm3_markers++;
			break;
		default:
			TEST_FAIL("pager got id %d", in.head.msgh_id);
		}
	}
}

/* The last data_return was of offset, its first two bytes head, with
 * those dirty and kernel_copy flags. */
static inline void vm3_expect_return(unsigned long offset, const char *head,
				     int dirty, int kernel_copy)
{
	if (vm3_last_return.offset != offset ||
	    memcmp(vm3_last_return.head, head, 2) != 0 ||
	    vm3_last_return.dirty != dirty ||
	    vm3_last_return.kernel_copy != kernel_copy)
		TEST_FAIL("data_return 0x%lx '%c%c' dirty %d kcopy %d",
			  vm3_last_return.offset, vm3_last_return.head[0],
			  vm3_last_return.head[1], vm3_last_return.dirty,
			  vm3_last_return.kernel_copy);
}

/* Wait until *flag reaches at least value; fail after 10 s of guest
 * time. */
static inline void wait_flag_until(volatile int *flag, int value,
				   const char *what)
{
	TEST_WAIT_UNTIL(*flag >= value, 10, "timed out waiting for %s (10 s)",
			what);
}

/* Everything the kernel sent the pager before now has been served: a
 * marker sent now comes after it in the queue. */
static inline void vm3_pager_sync(void)
{
	pager_sync(vm3_mo_port, &vm3_markers);
}

/* The memory object port (receive right and a send right) and the pager
 * thread; the store is filled with fill + page index. */
static void vm3_pager_start(char fill)
{
	mach_port_t self = mach_task_self();

	for (int i = 0; i < VM3_PAGES; i++)
		memset(vm3_store[i], fill + i, PAGE);
	EXPECT(vm_allocate(self, &vm3_pool, VM3_POOL * PAGE, TRUE),
	       KERN_SUCCESS);
	vm3_mo_port = port_alloc_with_send();
	start_thread(vm3_pager);
}

/* Deallocate what data_return brought and the pool's unused part. */
static inline void vm3_pager_cleanup(void)
{
	mach_port_t self = mach_task_self();

	for (int i = 0; i < vm3_returns; i++)
		EXPECT(vm_deallocate(self, vm3_returned[i], PAGE),
		       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, vm3_pool, VM3_POOL * PAGE), KERN_SUCCESS);
}

/* ---- The client task ----------------------------------------------------- */

enum { VM3_CMD_NONE, VM3_CMD_READ, VM3_CMD_WRITE };

/* The shared page (VM_INHERIT_SHARE), written by both tasks. */
struct vm3_shared {
	volatile long seq, done; /* command number; the last one done */
	volatile long cmd, offset;
	volatile char value; /* written, or read */
};

static struct vm3_shared *vm3_sh;
static volatile char *vm3_client_base; /* the object in the client */

static void __attribute__((noreturn)) vm3_client_main(void)
{
	long seen = 0;

	for (;;) {
		while (vm3_sh->seq == seen)
			swtch();
		seen = vm3_sh->seq;
		if (vm3_sh->cmd == VM3_CMD_READ)
			vm3_sh->value = vm3_client_base[vm3_sh->offset];
		else
			vm3_client_base[vm3_sh->offset] = vm3_sh->value;
		vm3_sh->done = seen;
	}
}

/* Give the client a command (not waiting for it). */
static inline void vm3_client_post(long cmd, unsigned long offset, char value)
{
	vm3_sh->cmd = cmd;
	vm3_sh->offset = (long)offset;
	vm3_sh->value = value;
	vm3_sh->seq++;
}

static inline int vm3_client_done(void)
{
	return vm3_sh->done == vm3_sh->seq;
}

static inline void vm3_client_wait(const char *what)
{
	TEST_WAIT_UNTIL(vm3_client_done(), 10,
			"client still busy with %s after 10 s", what);
}

static inline char vm3_client_read(unsigned long offset)
{
	vm3_client_post(VM3_CMD_READ, offset, 0);
	vm3_client_wait("a read");
	return vm3_sh->value;
}

static inline void vm3_client_write(unsigned long offset, char value)
{
	vm3_client_post(VM3_CMD_WRITE, offset, value);
	vm3_client_wait("a write");
}

/*
 * The shared page, then a child task mapping the object (read-write,
 * VM3_PAGES pages) at vm3_client_base: an address free in this task,
 * set before the fork so that the child's copy of the variable has it.
 * Returns the child, its thread in *thread.
 */
static mach_port_t vm3_client_start(mach_port_t *thread)
{
	mach_port_t self = mach_task_self(), child;
	vm_address_t sh = 0, stack = 0, base = 0;
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	if (vm3_sh == NULL) {
		EXPECT(vm_allocate(self, &sh, PAGE, TRUE), KERN_SUCCESS);
		EXPECT(vm_inherit(self, sh, PAGE, VM_INHERIT_SHARE),
		       KERN_SUCCESS);
		vm3_sh = (struct vm3_shared *)sh;
	}
	EXPECT(vm_allocate(self, &stack, TEST_STACK_SIZE, TRUE), KERN_SUCCESS);
	/* A free range of this task, reserved and released: the child's
	 * copy of the address space has it free too. */
	EXPECT(vm_allocate(self, &base, VM3_PAGES * PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, base, VM3_PAGES * PAGE), KERN_SUCCESS);
	vm3_client_base = (volatile char *)base;
	vm3_sh->seq = vm3_sh->done = 0;
	EXPECT(task_create(self, TRUE, &child), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, stack, TEST_STACK_SIZE), KERN_SUCCESS);
	EXPECT(vm_map(child, &base, VM3_PAGES * PAGE, 0, FALSE, vm3_mo_port, 0,
		      FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_NONE),
	       KERN_SUCCESS);
	EXPECT(thread_create(child, thread), KERN_SUCCESS);
	EXPECT(thread_get_state(*thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	st.TS_PC = (unsigned long)vm3_client_main;
	st.TS_SP = stack + TEST_STACK_SIZE - sizeof(void *);
	EXPECT(thread_set_state(*thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_resume(*thread), KERN_SUCCESS);
	return child;
}

/*
 * Before the baseline of the kernel's counts: every region of this task
 * is made VM_INHERIT_SHARE (a copy-on-write fork would leave shadow
 * objects behind this task's later writes, counted long after the child
 * is gone), and one client is started and terminated, so that what the
 * first fork makes for good (shared objects, the shared page) exists.
 */
/* The kernel's counts in c: is the number of tasks tasks? */
static inline int vm3_tasks_are(mach_port_t test, mach5_test_counts_t c,
				uint64_t tasks)
{
	EXPECT(mach5_test_counts(test, c), KERN_SUCCESS);
	return c[MACH5_TEST_TASKS] == tasks;
}

/* The kernel's counts once the number of tasks is tasks (a terminated
 * task goes when its threads have ended). */
static inline void vm3_counts(mach_port_t test, mach5_test_counts_t c,
			      uint64_t tasks)
{
	TEST_WAIT_UNTIL(vm3_tasks_are(test, c, tasks), 10,
			"tasks: %lu, not %lu after 10 s",
			(unsigned long)c[MACH5_TEST_TASKS],
			(unsigned long)tasks);
}

/*
 * After the test: tasks and threads exactly as before; VM objects and
 * resident pages no more than before (fewer is possible: a fault of this
 * task may collapse a shadow chain of its own program image).
 */
static inline void vm3_check_counts(const mach5_test_counts_t before,
				    const mach5_test_counts_t after)
{
	if (after[MACH5_TEST_TASKS] != before[MACH5_TEST_TASKS] ||
	    after[MACH5_TEST_THREADS] != before[MACH5_TEST_THREADS] ||
	    after[MACH5_TEST_VM_OBJECTS] > before[MACH5_TEST_VM_OBJECTS] ||
	    after[MACH5_TEST_RESIDENT_PAGES] >
		    before[MACH5_TEST_RESIDENT_PAGES])
		TEST_FAIL("counts: tasks %lu -> %lu, threads %lu -> %lu, "
			  "objects %lu -> %lu, resident %lu -> %lu",
			  (unsigned long)before[MACH5_TEST_TASKS],
			  (unsigned long)after[MACH5_TEST_TASKS],
			  (unsigned long)before[MACH5_TEST_THREADS],
			  (unsigned long)after[MACH5_TEST_THREADS],
			  (unsigned long)before[MACH5_TEST_VM_OBJECTS],
			  (unsigned long)after[MACH5_TEST_VM_OBJECTS],
			  (unsigned long)before[MACH5_TEST_RESIDENT_PAGES],
			  (unsigned long)after[MACH5_TEST_RESIDENT_PAGES]);
}

static inline void vm3_client_warm_up(mach_port_t test)
{
	mach5_test_counts_t c;
	mach_port_t self = mach_task_self(), child, thread, name;
	vm_address_t addr = 0;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	vm_offset_t off;

	/* test_sleep_ms (a wait_flag that sleeps) makes its port on first
	 * use: now, before any baseline. */
	test_sleep_ms(1);

	while (vm_region(self, &addr, &size, &prot, &max, &inh, &shared, &name,
			 &off) == KERN_SUCCESS) {
		if (name != MACH_PORT_NULL)
			mach_port_deallocate(self, name);
		EXPECT(vm_inherit(self, addr, size, VM_INHERIT_SHARE),
		       KERN_SUCCESS);
		addr += size;
	}
	EXPECT(mach5_test_counts(test, c), KERN_SUCCESS);
	child = vm3_client_start(&thread);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	vm3_counts(test, c, c[MACH5_TEST_TASKS]);
}

#endif /* BOOTSTRAP_TESTS_VM3_PAGER_H */
