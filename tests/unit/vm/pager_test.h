/*
 * tests/unit/vm/pager_test.h - shared by the external-pager unit tests
 * (test_vm_pager.c, test_vm_lock.c): the memory_object.defs message ids,
 * faults run on threads of their own (a fault waiting for the pager must
 * not block the test, which plays the pager), and the pager side on the
 * IPC test harness (a port of a test space is the memory object; the
 * test receives the kernel's messages there).
 *
 * Each test keeps its own checks of what the kernel sends and its own
 * setup of the mapping.
 */
#ifndef TESTS_UNIT_VM_PAGER_TEST_H
#define TESTS_UNIT_VM_PAGER_TEST_H

#include <base/sched.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include "tests/unit/ipc/ipc_test.h"

#define P PAGE_SIZE

/* Message ids of memory_object.defs (ABI sheet §6). */
#define MO_INIT		    2200
#define MO_TERMINATE	    2201
#define MO_DATA_REQUEST	    2203
#define MO_DATA_UNLOCK	    2204
#define MO_LOCK_COMPLETED   2206
#define MO_SUPPLY_COMPLETED 2207
#define MO_DATA_RETURN	    2208

static inline struct vm_map *map(void)
{
	return current_task()->map;
}

/* ---- Faulting threads ---------------------------------------------------- */

struct faulter {
	struct vm_map *map;
	uintptr_t addr;
	int access;
	int kr;
	bool done;
	struct thread *thread;
};

static struct waitq done_wq;

static inline void faulter_run(void *arg)
{
	struct faulter *f = arg;
	int kr = vm_map_fault(f->map, f->addr, f->access);
	spl_t s = splhigh();

	f->kr = kr;
	f->done = true;
	waitq_wakeup_all(&done_wq, WAIT_AWAKENED);
	splx(s);
}

/* Start a fault in m at addr on a thread of lower priority than the
 * test (done_wq is shared: start the next only once this one waits). */
static inline void fault_start_in(struct faulter *f, struct vm_map *m,
				  uintptr_t addr, int access)
{
	*f = (struct faulter){
		.map = m, .addr = addr, .access = access, .kr = -1};
	waitq_init(&done_wq);
	f->thread = thread_create(NULL, "faulter", faulter_run, f, 2, false);
	ck_assert_ptr_nonnull(f->thread);
}

/* The same in the test's map. */
static inline void fault_start(struct faulter *f, uintptr_t addr, int access)
{
	fault_start_in(f, map(), addr, access);
}

/* Block the test for ms: every other thread runs until it waits. */
static inline void settle_ms(unsigned ms)
{
	spl_t s = splhigh();
	struct waitq wq;

	waitq_init(&wq);
	waitq_wait(&wq, deadline_after_ms(ms));
	splx(s);
}

/* Wait for the fault to end (the idle thread moves the clock on, so a
 * fault that never ends shows up as more than limit_ms). */
static inline int fault_wait(struct faulter *f, unsigned limit_ms)
{
	uint64_t deadline = deadline_after_ms(limit_ms);
	spl_t s = splhigh();

	while (!f->done && waitq_wait(&done_wq, deadline) != WAIT_TIMED_OUT)
		;
	splx(s);
	ck_assert_msg(f->done, "fault still waiting after %u ms", limit_ms);
	return f->kr;
}

/* ---- The pager: a port of a test space ----------------------------------- */

struct pager {
	struct ipc_space *sp;
	mach_port_name_t name; /* receive right: the memory object */
	struct port *port;
	mach_port_name_t control; /* from memory_object_init */
	struct vm_object *obj;	  /* the mapped object (no reference) */
	uintptr_t addr;
	size_t size;
};

/* The 8 bytes at off in the last message received. */
static inline uint64_t word(size_t off)
{
	uint64_t v;

	memcpy(&v, (char *)umsg() + off, sizeof(v));
	return v;
}

/* Receive the next message on the pager port: its id (0 if none). */
static inline mach_msg_id_t pager_receive(struct pager *pg)
{
	if (msg_receive(pg->sp, pg->name, UMSG_SIZE) != MACH_MSG_SUCCESS)
		return 0;
	return umsg()->msgh_id;
}

static inline void expect_no_message(struct pager *pg)
{
	ck_assert_int_eq(pager_receive(pg), 0);
}

/* The byte at addr of the test's map, -1 if it cannot be read. */
static inline int kread(uintptr_t addr)
{
	unsigned char c;

	return vm_map_read(map(), addr, &c, 1) == KERN_SUCCESS ? c : -1;
}

#endif /* TESTS_UNIT_VM_PAGER_TEST_H */
