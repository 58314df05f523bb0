/*
 * bootstrap/tests/vm2/vm2_util.h - shared by the vm2 boot tests: stores
 * that may fault (an exception handler thread moves the faulting thread
 * past the store and records the exception), and the kernel's object
 * counts through the test port (argv[3], ${test-port}).
 *
 * Include after "excServer.h"; call vm2_setup() first. Only the main
 * thread makes RPCs (libmach has one reply port per task) until a store
 * faults, when the handler thread makes thread_get/set_state calls while
 * the main thread is stopped in the fault.
 */
#ifndef BOOTSTRAP_TESTS_VM2_UTIL_H
#define BOOTSTRAP_TESTS_VM2_UTIL_H

#include <stdlib.h>

#include <mach/exception.h>
#include <mach/mach5_test_types.h>
#include <mach/thread_special_ports.h>
#include <test/mach5_test.h>

#include "bootstrap/tests/mach_test_util.h"
#include "bootstrap/tests/exc_serve.h"

#define PAGE	     4096UL
#define HANDLED_MARK 0x600D

static mach_port_t vm2_exc_port, vm2_main_thread, vm2_test_port;
static volatile int vm2_handled, vm2_exception, vm2_code;
static volatile long vm2_subcode;

extern char vm2_store_resume[];

/* Store v at p: 0 if it went through, HANDLED_MARK if it faulted and the
 * handler moved the thread on. */
static __attribute__((noinline, noclone)) unsigned long
vm2_store(volatile char *p, char v)
{
	unsigned long rax = 0;

	__asm__ volatile("movb %b2, (%1)\n"
			 ".globl vm2_store_resume\n"
			 "vm2_store_resume:\n"
			 : "+a"(rax)
			 : "r"(p), "q"(v)
			 : "memory");
	return rax;
}

kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	vm2_exception = exception;
	vm2_code = code;
	vm2_subcode = subcode;
	if (port != vm2_exc_port || thread != vm2_main_thread ||
	    task != mach_task_self() || exception != EXC_BAD_ACCESS)
		return KERN_FAILURE;
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	st.rip = (unsigned long)vm2_store_resume;
	st.rax = HANDLED_MARK;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	vm2_handled++;
	return KERN_SUCCESS;
}

static void vm2_handler(void)
{
	exc_serve_forever(vm2_exc_port);
}

/* A store to p must fault: EXC_BAD_ACCESS, KERN_PROTECTION_FAILURE, p. */
static inline void vm2_expect_write_fault(volatile char *p, const char *what)
{
	int before = vm2_handled;
	unsigned long v = vm2_store(p, 'w');

	if (v != HANDLED_MARK || vm2_handled != before + 1)
		TEST_FAIL("%s: store gave 0x%lx, %d exceptions", what, v,
			  vm2_handled - before);
	if (vm2_exception != EXC_BAD_ACCESS ||
	    vm2_code != KERN_PROTECTION_FAILURE || vm2_subcode != (long)p)
		TEST_FAIL("%s: exception %d code %d subcode 0x%lx", what,
			  vm2_exception, vm2_code, vm2_subcode);
}

/* Exception port and handler thread; the test port from argv[3]. */
static inline void vm2_setup(char **argv)
{
	mach_port_t self = mach_task_self();

	vm2_test_port = (mach_port_t)strtol(argv[3], NULL, 10);
	CHECK(vm2_test_port != MACH_PORT_NULL);
	vm2_main_thread = mach_thread_self();
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &vm2_exc_port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, vm2_exc_port, vm2_exc_port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(thread_set_special_port(vm2_main_thread, THREAD_EXCEPTION_PORT,
				       vm2_exc_port),
	       KERN_SUCCESS);
	start_thread(vm2_handler);
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

/* Run round twice: the first warms caches up and makes what lives for
 * ever (the time device's port); the second must leave the counts as it
 * found them. */
static inline void vm2_check_no_leak(void (*round)(void), const char *name)
{
	mach5_test_counts_t before, after;

	round();
	vm2_counts(before);
	round();
	vm2_counts(after);
	for (unsigned i = 0; i < sizeof(vm2_exact) / sizeof(vm2_exact[0]); i++)
		if (before[vm2_exact[i]] != after[vm2_exact[i]])
			TEST_FAIL("%s: count %d went %lu -> %lu", name,
				  vm2_exact[i],
				  (unsigned long)before[vm2_exact[i]],
				  (unsigned long)after[vm2_exact[i]]);
	printf("%s: kernel counts back to baseline ok\n", name);
}

#endif /* BOOTSTRAP_TESTS_VM2_UTIL_H */
