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
#include <mach/thread_info.h>
#include <mach/thread_status.h>
#include <mach5/msg_body.h>
#include <mach5/test.h>
#include <mach5/thread_regs.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (kern_return_t)(want))                              \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (kern_return_t)(want));                 \
	} while (0)

#define TEST_STACK_SIZE (64 * 1024)

/* Is thread blocked in the kernel (thread_info: TH_STATE_WAITING)? */
static inline int thread_waiting(mach_port_t thread)
{
	thread_info_data_t info;
	mach_msg_type_number_t count = THREAD_INFO_MAX;

	EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
	       KERN_SUCCESS);
	return ((struct thread_basic_info *)info)->run_state ==
	       TH_STATE_WAITING;
}

/* The number of threads of this task (task_threads; the array and the
 * rights it brought are given back). */
static inline unsigned int task_thread_count(void)
{
	mach_port_t self = mach_task_self();
	thread_array_t threads;
	mach_msg_type_number_t n = 0;

	EXPECT(task_threads(self, &threads, &n), KERN_SUCCESS);
	for (unsigned int i = 0; i < n; i++)
		EXPECT(mach_port_deallocate(self, threads[i]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)threads, n * sizeof(*threads)),
	       KERN_SUCCESS);
	return n;
}

/* Wait until thread is blocked in the kernel; fail after 10 s of guest
 * time. */
static inline void wait_thread_waiting(mach_port_t thread, const char *what)
{
	TEST_WAIT_UNTIL(thread_waiting(thread), 10, "%s never blocked (10 s)",
			what);
}

/* Wait until *flag becomes non-zero; fail after 10 s of guest time. */
static inline void wait_flag(volatile int *flag, const char *what)
{
	TEST_WAIT_UNTIL(*flag, 10, "timed out waiting for %s (10 s)", what);
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
	state->TS_PC = (unsigned long)fn;
	/* As after a call: sp + sizeof(void *) is 16-byte aligned. */
	state->TS_SP = stack + TEST_STACK_SIZE - sizeof(void *);
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

/* A thread of task (another task, which inherited this one's memory)
 * running fn, which must not return, on the stack [stack, stack +
 * TEST_STACK_SIZE) of its memory. */
static inline mach_port_t task_thread_start(mach_port_t task, void (*fn)(void),
					    vm_address_t stack)
{
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	mach_port_t thread;

	EXPECT(thread_create(task, &thread), KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	st.TS_PC = (unsigned long)fn;
	st.TS_SP = stack + TEST_STACK_SIZE - sizeof(void *);
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
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
