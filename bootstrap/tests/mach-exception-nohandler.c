/*
 * Boot test mach-exception-nohandler: a task without exception ports is
 * terminated cleanly when it faults. The parent makes a child task that
 * inherits its memory (task_create with inherit_memory), starts a thread
 * in it that writes to 0x10, and waits for the child's task port to die;
 * the kernel logs the exception (the .boot file matches the line).
 */
#include <mach/task_info.h>

#include "mach_test_util.h"
#include <mach5/thread_regs.h>

static void child_fault(void)
{
	__asm__ volatile("movl $1, (%0)" : : "r"(0x10UL) : "memory");
	idle_forever();
}

/* Wait blocked (a receive no message reaches): the processors idle while
 * the runner watches the console for a late panic. */
static void __attribute__((noreturn)) block_forever(void)
{
	mach_port_t port;
	mach_msg_header_t msg;

	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &port),
	       KERN_SUCCESS);
	for (;;)
		mach_msg(&msg, MACH_RCV_MSG, 0, sizeof(msg), port,
			 MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), child, thread;
	vm_address_t stack = 0;
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;
	task_info_data_t info;
	kern_return_t kr = KERN_SUCCESS;

	EXPECT(vm_allocate(self, &stack, TEST_STACK_SIZE, TRUE), KERN_SUCCESS);
	EXPECT(task_create(self, TRUE, &child), KERN_SUCCESS);
	EXPECT(thread_create(child, &thread), KERN_SUCCESS);
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	st.TS_PC = (unsigned long)child_fault;
	st.TS_SP = stack + TEST_STACK_SIZE - sizeof(void *);
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	TEST_WAIT_UNTIL((count = TASK_INFO_MAX,
			 kr = task_info(child, TASK_BASIC_INFO, info,
					&count)) != KERN_SUCCESS,
			10, "the child task still answers after 10 s");
	if (kr != MACH_SEND_INVALID_DEST)
		TEST_FAIL("the child's task port answers 0x%x", kr);
	printf("mach-exception-nohandler: child task terminated, parent "
	       "alive\n");
	fflush(NULL);
	block_forever();
}
