/*
 * Boot test mach-exception: exception_raise (ABI §8.1) caught by a handler
 * thread through MIG-generated exc server stubs:
 *  - a write to 0x10 by the main thread goes to its thread exception
 *    port; the handler checks (EXC_BAD_ACCESS, KERN_INVALID_ADDRESS,
 *    0x10) and the message, moves the thread past the faulting
 *    instruction with thread_set_state and answers KERN_SUCCESS: the
 *    thread resumes at the new state;
 *  - an int3 with only a task exception port goes to the task's port and
 *    resumes after the breakpoint.
 */
#include <mach/exception.h>
#include <mach/mach_port.h>
#include <mach/thread_special_ports.h>
#include <mach/task_special_ports.h>

#include "mach_test_util.h"
#include "excServer.h"
#include <mach5/thread_regs.h>

static mach_port_t exc_port;
static volatile int handled;
static int last_exception, last_code;
static long last_subcode;
static mach_port_t main_thread;

/* Where the faulting write resumes, and the marker the handler puts in
 * rax. */
extern char fault_resume[];
#define HANDLED_MARK 0x600D

kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	last_exception = exception;
	last_code = code;
	last_subcode = subcode;
	if (port != exc_port || thread != main_thread ||
	    task != mach_task_self())
		return KERN_FAILURE;
	if (exception == EXC_BAD_ACCESS) {
		EXPECT(thread_get_state(thread, i386_THREAD_STATE,
					(thread_state_t)&st, &count),
		       KERN_SUCCESS);
		st.TS_PC = (unsigned long)fault_resume;
		st.TS_RET = HANDLED_MARK;
		EXPECT(thread_set_state(thread, i386_THREAD_STATE,
					(thread_state_t)&st,
					i386_THREAD_STATE_COUNT),
		       KERN_SUCCESS);
	}
	handled++;
	return KERN_SUCCESS;
}

/* The handler thread: serve exception_raise on exc_port forever. */
static void handler(void)
{
	union {
		mach_msg_header_t head;
		char buf[512];
	} in, out;

	for (;;) {
		mach_msg_return_t mr =
			mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof(in),
				 exc_port, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("handler receive: 0x%x", mr);
		if (in.head.msgh_size != MSG_WIRE(112, 64) ||
		    in.head.msgh_id != 2400 || in.head.msgh_bits != 0x80001112)
			TEST_FAIL("exception_raise: size %u id %d bits 0x%x",
				  in.head.msgh_size, in.head.msgh_id,
				  in.head.msgh_bits);
		if (!exc_server(&in.head, &out.head))
			TEST_FAIL("exc_server refused id %d", in.head.msgh_id);
		mr = mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size, 0,
			      MACH_PORT_NULL, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("handler reply: 0x%x", mr);
	}
}

/* Write to 0x10; resumes at fault_resume with rax from the handler. */
static __attribute__((noinline)) unsigned long fault_once(void)
{
	unsigned long rax = 0x10;

	__asm__ volatile("movl $1, (%0)\n"
			 "	mov $0xbad, %0\n" /* skipped by the handler */
			 ".globl fault_resume\n"
			 "fault_resume:\n"
			 : "+a"(rax)
			 :
			 : "memory");
	return rax;
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	unsigned long rax;

	main_thread = mach_thread_self();
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &exc_port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, exc_port, exc_port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(thread_set_special_port(main_thread, THREAD_EXCEPTION_PORT,
				       exc_port),
	       KERN_SUCCESS);
	start_thread(handler);

	rax = fault_once();
	CHECK(handled == 1);
	CHECK(last_exception == EXC_BAD_ACCESS && last_code == 1 &&
	      last_subcode == 0x10);
	if (rax != HANDLED_MARK)
		TEST_FAIL("resumed with rax 0x%lx", rax);
	printf("mach-exception: fault at 0x10 handled, thread resumed\n");

	/* The task's port when the thread has none. */
	EXPECT(thread_set_special_port(main_thread, THREAD_EXCEPTION_PORT,
				       MACH_PORT_NULL),
	       KERN_SUCCESS);
	EXPECT(task_set_special_port(self, TASK_EXCEPTION_PORT, exc_port),
	       KERN_SUCCESS);
	__asm__ volatile("int3" ::: "memory");
	CHECK(handled == 2);
	CHECK(last_exception == EXC_BREAKPOINT && last_code == 2);
	printf("mach-exception: breakpoint handled through the task port\n");
	TEST_SUCCESS();
}
