/*
 * bootstrap/tests/vm/vm_exc_util.h - shared by the vm-time and vm-proxy
 * boot tests: stores that must fault (fault_util.h: an exception handler
 * thread moves the faulting thread past the store and records the
 * exception), and the kernel's object counts through the test port
 * (argv[3], ${test-port}).
 *
 * Include after "excServer.h"; call vm2_setup() first. Only the main
 * thread makes RPCs (libmach has one reply port per task) until a store
 * faults, when the handler thread makes thread_get/set_state calls while
 * the main thread is stopped in the fault.
 */
#ifndef BOOTSTRAP_TESTS_VM2_UTIL_H
#define BOOTSTRAP_TESTS_VM2_UTIL_H

#include <stdlib.h>

#include <mach/mach5_test_types.h>
#include <test/mach5_test.h>

#include "bootstrap/tests/mach_test_util.h"
#include "bootstrap/tests/fault_util.h"

#define PAGE 4096UL

static mach_port_t vm2_test_port;

/* A store to p must fault: EXC_BAD_ACCESS, KERN_PROTECTION_FAILURE, p. */
static inline void vm2_expect_write_fault(volatile char *p, const char *what)
{
	fault_expect_store(p, KERN_PROTECTION_FAILURE, what);
}

/* Exception port and handler thread; the test port from argv[3]. */
static inline void vm2_setup(char **argv)
{
	vm2_test_port = (mach_port_t)strtol(argv[3], NULL, 10);
	CHECK(vm2_test_port != MACH_PORT_NULL);
	fault_catch_start();
}

/* Counts that must come back exactly (pages of the free list move with
 * kernel caches; the resident pages of objects do not). */
static const int vm2_exact[] = {
	MACH5_TEST_PORTS,	   MACH5_TEST_KMSGS,
	MACH5_TEST_ENTRIES,	   MACH5_TEST_VM_OBJECTS,
	MACH5_TEST_RESIDENT_PAGES, MACH5_TEST_KMEM_OBJECTS,
};

static inline void vm2_counts(mach5_test_counts_t c)
{
	EXPECT(mach5_test_counts(vm2_test_port, c), KERN_SUCCESS);
}

/* The first of vm2_exact's counts that differs between a and b, or -1. */
static inline int vm2_count_differs(const mach5_test_counts_t a,
				    const mach5_test_counts_t b)
{
	for (unsigned i = 0; i < sizeof(vm2_exact) / sizeof(vm2_exact[0]); i++)
		if (a[vm2_exact[i]] != b[vm2_exact[i]])
			return (int)i;
	return -1;
}

/* Run round twice: the first warms caches up and makes what lives for
 * ever (the time device's port); the second must leave the counts as it
 * found them. What the round's end set going may still be in flight on
 * another processor when it returns (vm-proxy: its pager thread counts
 * the terminate in, while the kernel still releases the rest of the
 * object; a check failed so once, a port over): the counts must come
 * back within 10 s of guest time; a leak stays, and fails. */
static inline void vm2_check_no_leak(void (*round)(void), const char *name)
{
	mach5_test_counts_t before, after;
	int i;

	round();
	vm2_counts(before);
	round();
	TEST_WAIT_UNTIL(
		(vm2_counts(after), i = vm2_count_differs(before, after)) < 0,
		10, "%s: count %d went %lu -> %lu (10 s)", name, vm2_exact[i],
		(unsigned long)before[vm2_exact[i]],
		(unsigned long)after[vm2_exact[i]]);
	printf("%s: kernel counts back to baseline ok\n", name);
}

#endif /* BOOTSTRAP_TESTS_VM2_UTIL_H */
