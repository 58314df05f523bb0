/*
 * Boot test mach-thread: thread_create + thread_set_state + thread_resume
 * run a function on a stack of its own; thread_info (basic, sched) and
 * suspend/resume counts; thread_abort makes a thread blocked in a
 * mach_msg receive return MACH_RCV_INTERRUPTED; special ports;
 * thread_terminate; argument checks.
 */
#include <mach/mach_port.h>
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>

#include "mach_test_util.h"

static volatile int worker_started;
static volatile int worker_done;
static volatile mach_msg_return_t worker_result;
static mach_port_t rcv_port;

/* Runs in the new thread: count, then block in a receive nobody
 * answers until thread_abort; report what mach_msg returned. */
static void worker(void)
{
	union {
		mach_msg_header_t head;
		char buf[256];
	} msg;

	worker_started = 1;
	worker_result =
		mach_msg_trap(&msg.head, MACH_RCV_MSG | MACH_RCV_INTERRUPT, 0,
			      sizeof(msg), rcv_port, 0, MACH_PORT_NULL);
	worker_done = 1;
	idle_forever();
}

static struct thread_basic_info basic_info(mach_port_t thread)
{
	thread_info_data_t info;
	mach_msg_type_number_t count = THREAD_INFO_MAX;

	EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(count == THREAD_BASIC_INFO_COUNT);
	return *(struct thread_basic_info *)info;
}

/* Yield until thread is blocked in the kernel. */
static void wait_blocked(mach_port_t thread)
{
	wait_thread_waiting(thread, "the worker");
}

static void check_info(mach_port_t thread)
{
	thread_info_data_t info;
	mach_msg_type_number_t count;
	struct thread_sched_info *sched = (void *)info;

	count = THREAD_BASIC_INFO_OLD_COUNT; /* 20 words still accepted */
	EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(count == THREAD_BASIC_INFO_OLD_COUNT);
	count = 4;
	EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
	       KERN_INVALID_ARGUMENT);
	count = THREAD_INFO_MAX;
	EXPECT(thread_info(thread, THREAD_SCHED_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(count == THREAD_SCHED_INFO_COUNT);
	CHECK(sched->cur_priority == basic_info(thread).cur_priority);
}

static void check_special_ports(mach_port_t thread)
{
	mach_port_t port;

	EXPECT(thread_get_special_port(thread, THREAD_KERNEL_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == thread);
	EXPECT(thread_get_special_port(thread, THREAD_EXCEPTION_PORT, &port),
	       KERN_SUCCESS);
	CHECK(port == MACH_PORT_NULL);
	EXPECT(thread_get_special_port(thread, 9, &port),
	       KERN_INVALID_ARGUMENT);
}

/* Wait until the task has n threads. */
static void wait_threads(unsigned int n)
{
	TEST_WAIT_UNTIL(task_thread_count() == n, 10,
			"the task has %u threads, not %u (10 s)",
			task_thread_count(), n);
}

int main(int argc, char **argv, char **envp)
{
	struct i386_thread_state state;
	mach_port_t thread;

	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &rcv_port),
	       KERN_SUCCESS);
	thread = make_thread(worker, &state);
	CHECK(basic_info(thread).suspend_count == 1); /* born suspended */
	check_special_ports(thread);
	wait_threads(2);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_FAILURE);
	wait_flag(&worker_started, "the worker to start");
	printf("mach-thread: worker runs on its own stack\n");
	wait_blocked(thread);
	check_info(thread);
	EXPECT(thread_suspend(thread), KERN_SUCCESS);
	EXPECT(thread_suspend(thread), KERN_SUCCESS);
	CHECK(basic_info(thread).suspend_count == 2);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	EXPECT(thread_resume(thread), KERN_SUCCESS);
	CHECK(basic_info(thread).suspend_count == 0);
	CHECK(!worker_done);
	EXPECT(thread_abort(thread), KERN_SUCCESS);
	wait_flag(&worker_done, "the aborted receive to return");
	if (worker_result != MACH_RCV_INTERRUPTED)
		TEST_FAIL("aborted receive returned 0x%x", worker_result);
	printf("mach-thread: aborted receive returned MACH_RCV_INTERRUPTED\n");
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	wait_threads(1);
	EXPECT(thread_resume(thread), MACH_SEND_INVALID_DEST);
	EXPECT(thread_suspend(mach_task_self()), KERN_INVALID_ARGUMENT);
	TEST_SUCCESS();
}
