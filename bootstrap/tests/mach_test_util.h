/*
 * bootstrap/tests/mach_test_util.h - helpers shared by the kernel
 * interface boot tests (mach-*.c): checked calls, waiting for another
 * thread, starting a thread on a stack of its own, and a port to receive
 * on.
 *
 * libmach's MIG runtime keeps one reply port per task: in these tests only
 * one thread at a time makes RPCs; the others use traps only.
 */
#ifndef MACH_TEST_UTIL_H
#define MACH_TEST_UTIL_H

#include <stdio.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/thread_status.h>
#include <mach5/test.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (kern_return_t)(want))                              \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (kern_return_t)(want));                 \
	} while (0)

#define TEST_STACK_SIZE (64 * 1024)

/* Yield until *flag becomes non-zero; fail after many rounds. */
static inline void wait_flag(volatile int *flag, const char *what)
{
	for (long i = 0; i < 1000000 && !*flag; i++)
		swtch();
	if (!*flag)
		TEST_FAIL("timed out waiting for %s", what);
}

/*
 * A new thread of this task (suspended) that will run fn, which must not
 * return, on a fresh 64 KiB stack; *state gets the registers it was given.
 */
static inline mach_port_t make_thread(void (*fn)(void),
				      struct i386_thread_state *state)
{
	mach_port_t self = mach_task_self(), thread;
	vm_address_t stack = 0;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	EXPECT(vm_allocate(self, &stack, TEST_STACK_SIZE, TRUE), KERN_SUCCESS);
	EXPECT(thread_create(self, &thread), KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE,
				(thread_state_t)state, &count),
	       KERN_SUCCESS);
	CHECK(count == i386_THREAD_STATE_COUNT);
	state->rip = (unsigned long)fn;
	/* As after a call: rsp + 8 is 16-byte aligned. */
	state->ursp = stack + TEST_STACK_SIZE - 8;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE,
				(thread_state_t)state, i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	return thread;
}

/* make_thread, then let it run. */
static inline mach_port_t start_thread(void (*fn)(void))
{
	struct i386_thread_state state;
	mach_port_t thread = make_thread(fn, &state);

	EXPECT(thread_resume(thread), KERN_SUCCESS);
	return thread;
}

/* A new port of this task: its receive right, and a send right under the
 * same name. */
static inline mach_port_t port_alloc_with_send(void)
{
	mach_port_t self = mach_task_self(), port;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, port, port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	return port;
}

/* End of a helper thread: yield forever (the main thread ends it). */
static inline void __attribute__((noreturn)) idle_forever(void)
{
	for (;;)
		swtch();
}

#endif /* MACH_TEST_UTIL_H */
