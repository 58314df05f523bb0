/*
 * bootstrap/tests/fault_util.h - loads and stores that may fault, for
 * the boot tests that expect EXC_BAD_ACCESS: a handler thread serves
 * this task's main thread's exception port, records the exception and
 * moves the faulting thread past the access, which then returns
 * FAULT_HANDLED_MARK instead of a value.
 *
 * Include after the generated "excServer.h" (this header defines
 * catch_exception_raise); call fault_catch_start() from the main thread
 * first. Only the main thread makes RPCs (libmach has one reply port per
 * task) until an access faults, when the handler thread makes
 * thread_get/set_state calls while the main thread is stopped in the
 * fault.
 */
#ifndef BOOTSTRAP_TESTS_FAULT_UTIL_H
#define BOOTSTRAP_TESTS_FAULT_UTIL_H

#include <mach/exception.h>

#include "mach_test_util.h"
#include "exc_serve.h"
#include <mach5/thread_regs.h>

#define FAULT_HANDLED_MARK 0x600D

static mach_port_t fault_exc_port, fault_main_thread;
static volatile int fault_handled, fault_exception, fault_code;
static volatile long fault_subcode;

/* The access instruction of fault_load / fault_store, and where the
 * handler resumes the thread after it. */
extern char fault_load_at[], fault_load_resume[];
extern char fault_store_at[], fault_store_resume[];

/* The byte at p, or FAULT_HANDLED_MARK if the load faulted and the
 * handler moved the thread on. */
static __attribute__((noinline, noclone, used)) unsigned long
fault_load(volatile const char *p)
{
	unsigned long rax = 0;

	__asm__ volatile(".globl fault_load_at\n"
			 "fault_load_at:\n"
			 "movzbl (%1), %k0\n" /* zero-extends on x86_64 too */
			 ".globl fault_load_resume\n"
			 "fault_load_resume:\n"
			 : "+a"(rax)
			 : "r"(p)
			 : "memory");
	return rax;
}

/* Store v at p: 0 if it went through, FAULT_HANDLED_MARK if it faulted
 * and the handler moved the thread on. */
static __attribute__((noinline, noclone, used)) unsigned long
fault_store(volatile char *p, char v)
{
	unsigned long rax = 0;

	__asm__ volatile(".globl fault_store_at\n"
			 "fault_store_at:\n"
			 "movb %b2, (%1)\n"
			 ".globl fault_store_resume\n"
			 "fault_store_resume:\n"
			 : "+a"(rax)
			 : "r"(p), "q"(v)
			 : "memory");
	return rax;
}

/* EXC_BAD_ACCESS of the main thread in fault_load or fault_store: resume
 * after the access; anything else is refused. */
kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	fault_exception = exception;
	fault_code = code;
	fault_subcode = subcode;
	if (port != fault_exc_port || thread != fault_main_thread ||
	    task != mach_task_self() || exception != EXC_BAD_ACCESS)
		return KERN_FAILURE;
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	if (st.TS_PC == (unsigned long)fault_load_at)
		st.TS_PC = (unsigned long)fault_load_resume;
	else if (st.TS_PC == (unsigned long)fault_store_at)
		st.TS_PC = (unsigned long)fault_store_resume;
	else
		return KERN_FAILURE;
	st.TS_RET = FAULT_HANDLED_MARK;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	fault_handled++;
	return KERN_SUCCESS;
}

static void fault_handler(void)
{
	exc_serve_forever(fault_exc_port);
}

/* The calling (main) thread's exception port, and the handler thread. */
static inline void fault_catch_start(void)
{
	fault_main_thread = mach_thread_self();
	fault_exc_port = exc_port_install(fault_main_thread);
	start_thread(fault_handler);
}

/* v, what an access to p (kind: "load" or "store") returned, must be the
 * one exception since fault_handled was before: EXC_BAD_ACCESS, code,
 * subcode p. */
static inline void fault_check(unsigned long v, int before,
			       volatile const char *p, int code,
			       const char *what, const char *kind)
{
	if (v != FAULT_HANDLED_MARK || fault_handled != before + 1)
		TEST_FAIL("%s: %s gave 0x%lx, %d exceptions", what, kind, v,
			  fault_handled - before);
	if (fault_exception != EXC_BAD_ACCESS || fault_code != code ||
	    fault_subcode != (long)p)
		TEST_FAIL("%s: exception %d code %d subcode 0x%lx", what,
			  fault_exception, fault_code, fault_subcode);
}

/* A load from p must fault: EXC_BAD_ACCESS, code, p. */
static inline void fault_expect_load(volatile const char *p, int code,
				     const char *what)
{
	int before = fault_handled;

	fault_check(fault_load(p), before, p, code, what, "load");
}

/* A store to p must fault: EXC_BAD_ACCESS, code, p. */
static inline void fault_expect_store(volatile char *p, int code,
				      const char *what)
{
	int before = fault_handled;

	fault_check(fault_store(p, 'w'), before, p, code, what, "store");
}

#endif /* BOOTSTRAP_TESTS_FAULT_UTIL_H */
