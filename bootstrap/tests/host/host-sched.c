/*
 * Boot test host-sched: the scheduling routines of mach_host (priorities
 * of threads, tasks and the set; the set's task and thread lists;
 * thread_depress_abort) and the run times of thread_info and task_info,
 * through the MIG user stubs of libmach.
 *
 * Rules checked (docs/interfaces.md): priorities are 0 (most urgent) ..
 * 49, GNU Mach's range (31..49 included; a thread at 49 is not flagged as
 * idle); 50 and negatives are KERN_INVALID_ARGUMENT; a priority more
 * urgent than the maximum (PRIO_USER = 12 at start) is KERN_FAILURE; moving a
 * maximum needs the privileged set port (the name port is refused with
 * KERN_INVALID_ARGUMENT) or the privileged host port (the unprivileged
 * one is refused with KERN_INVALID_HOST).
 */
#include <stdio.h>

#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/processor_info.h>
#include <mach/task_info.h>
#include <mach/thread_info.h>
#include <mach5/test.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (want))                                             \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (want));                                \
	} while (0)

#define PRIO_USER  12
#define PRIO_LEAST 49 /* GNU Mach's NRQS - 1 */

static void thread_prio(mach_port_t thread, int *base, int *max)
{
	thread_info_data_t info;
	mach_msg_type_number_t count = THREAD_INFO_MAX;
	struct thread_sched_info *sched = (void *)info;

	EXPECT(thread_info(thread, THREAD_SCHED_INFO, info, &count),
	       KERN_SUCCESS);
	*base = sched->base_priority;
	*max = sched->max_priority;
}

static void check_thread_priority(mach_port_t thread, mach_port_t pset,
				  mach_port_t pset_name)
{
	int base, max;

	thread_prio(thread, &base, &max);
	CHECK(base == PRIO_USER && max == PRIO_USER);
	EXPECT(thread_priority(thread, PRIO_USER - 1, FALSE), KERN_FAILURE);
	EXPECT(thread_priority(thread, PRIO_LEAST + 1, FALSE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_priority(thread, -1, FALSE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_priority(mach_task_self(), 20, FALSE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_priority(thread, 20, FALSE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 20 && max == PRIO_USER);
	/* The maximum moves with the privileged set port only. */
	EXPECT(thread_max_priority(thread, pset_name, 5),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_max_priority(thread, pset, PRIO_LEAST + 1),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_max_priority(thread, pset, 5), KERN_SUCCESS);
	EXPECT(thread_priority(thread, 5, FALSE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 5 && max == 5);
	/* Lowering the maximum drags a more urgent priority along. */
	EXPECT(thread_max_priority(thread, pset, 8), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 8 && max == 8);
	/* set_max: a less urgent maximum needs no privilege. */
	EXPECT(thread_priority(thread, PRIO_USER, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == PRIO_USER && max == PRIO_USER);
	EXPECT(thread_priority(thread, 8, FALSE), KERN_FAILURE);
}

static void check_task_priority(mach_port_t host, mach_port_t host_priv,
				mach_port_t thread)
{
	mach_port_t task = mach_task_self();
	task_info_data_t info;
	mach_msg_type_number_t count = TASK_INFO_MAX;
	struct task_basic_info *basic = (void *)info;
	int base, max;

	EXPECT(task_priority(task, PRIO_USER - 1, FALSE), KERN_FAILURE);
	EXPECT(task_priority(task, PRIO_LEAST + 1, FALSE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(task_priority(thread, 14, FALSE), KERN_INVALID_ARGUMENT);
	EXPECT(task_priority(task, 14, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 14);
	EXPECT(task_info(task, TASK_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(basic->base_priority == 14);
	EXPECT(task_max_priority(host, task, 10, TRUE, TRUE),
	       KERN_INVALID_HOST);
	EXPECT(task_max_priority(host_priv, task, PRIO_LEAST + 1, TRUE, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(task_max_priority(host_priv, task, 10, TRUE, TRUE),
	       KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 10 && max == 10);
	EXPECT(task_priority(task, PRIO_USER, TRUE), KERN_SUCCESS);
	EXPECT(thread_priority(thread, PRIO_USER, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == PRIO_USER && max == PRIO_USER);
}

static void check_pset(mach_port_t pset, mach_port_t pset_name,
		       mach_port_t thread)
{
	processor_set_info_data_t info;
	mach_msg_type_number_t count = PROCESSOR_SET_INFO_MAX;
	struct processor_set_sched_info *sched = (void *)info;
	mach_port_t info_host, *list;
	mach_msg_type_number_t n;
	int base, max;

	EXPECT(processor_set_max_priority(pset_name, 6, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_max_priority(pset, PRIO_LEAST + 1, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_max_priority(pset, 6, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(max == 6 && base == PRIO_USER);
	EXPECT(processor_set_info(pset_name, PROCESSOR_SET_SCHED_INFO,
				  &info_host, info, &count),
	       KERN_SUCCESS);
	CHECK(sched->max_priority == 6);
	EXPECT(processor_set_max_priority(pset, PRIO_USER, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(max == PRIO_USER);

	EXPECT(processor_set_tasks(pset_name, &list, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_tasks(pset, &list, &n), KERN_SUCCESS);
	CHECK(n >= 2); /* the kernel task and this one */
	printf("host-sched: %u tasks", (unsigned)n);
	for (mach_msg_type_number_t i = 0; i < n; i++)
		mach_port_deallocate(mach_task_self(), list[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)list, n * sizeof(*list));
	EXPECT(processor_set_threads(pset_name, &list, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_threads(pset, &list, &n), KERN_SUCCESS);
	CHECK(n >= 1);
	printf(", %u threads in the set\n", (unsigned)n);
	for (mach_msg_type_number_t i = 0; i < n; i++)
		mach_port_deallocate(mach_task_self(), list[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)list, n * sizeof(*list));
}

/* The levels GNU Mach has past 30: taken, run, and not the idle thread's. */
static void check_low_priorities(mach_port_t thread)
{
	thread_info_data_t info;
	mach_msg_type_number_t count = THREAD_INFO_MAX;
	struct thread_basic_info *basic = (void *)info;
	mach_port_t task = mach_task_self();
	int base, max;

	EXPECT(thread_priority(thread, 31, FALSE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 31 && max == PRIO_USER);
	EXPECT(thread_priority(thread, PRIO_LEAST, FALSE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == PRIO_LEAST);
	EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK(basic->cur_priority == PRIO_LEAST);
	CHECK((basic->flags & TH_FLAGS_IDLE) == 0);
	EXPECT(task_priority(task, 40, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == 40);
	EXPECT(task_priority(task, PRIO_USER, TRUE), KERN_SUCCESS);
	thread_prio(thread, &base, &max);
	CHECK(base == PRIO_USER);
}

/* Spin until the clock has charged this thread at least one tick. */
static void check_run_times(mach_port_t thread)
{
	thread_info_data_t info;
	task_info_data_t tinfo;
	struct thread_basic_info *basic = (void *)info;
	struct task_thread_times_info *times = (void *)tinfo;
	mach_msg_type_number_t count;
	volatile unsigned long spin = 0;

	for (int round = 0; round < 1000; round++) {
		for (int i = 0; i < 1000000; i++)
			spin++;
		count = THREAD_INFO_MAX;
		EXPECT(thread_info(thread, THREAD_BASIC_INFO, info, &count),
		       KERN_SUCCESS);
		CHECK(count == THREAD_BASIC_INFO_COUNT);
		if (basic->user_time64.seconds > 0 ||
		    basic->user_time64.nanoseconds > 0)
			break;
	}
	CHECK(basic->user_time.seconds > 0 ||
	      basic->user_time.microseconds > 0);
	CHECK(basic->user_time64.nanoseconds % 1000 == 0);
	count = TASK_INFO_MAX;
	EXPECT(task_info(mach_task_self(), TASK_THREAD_TIMES_INFO, tinfo,
			 &count),
	       KERN_SUCCESS);
	CHECK(count == TASK_THREAD_TIMES_INFO_COUNT);
	CHECK(times->user_time64.seconds > 0 ||
	      times->user_time64.nanoseconds > 0);
	printf("host-sched: run time %ld.%06d s\n",
	       (long)basic->user_time.seconds, basic->user_time.microseconds);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self();
	mach_port_t host_priv = test_host_priv();
	mach_port_t thread = mach_thread_self();
	mach_port_t pset_name, pset;

	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host, pset_name, &pset),
	       KERN_INVALID_ARGUMENT); /* GNU Mach's code */
	EXPECT(host_processor_set_priv(host_priv, pset_name, &pset),
	       KERN_SUCCESS);
	check_thread_priority(thread, pset, pset_name);
	check_task_priority(host, host_priv, thread);
	check_pset(pset, pset_name, thread);
	check_low_priorities(thread);
	EXPECT(thread_depress_abort(thread), KERN_SUCCESS);
	EXPECT(thread_depress_abort(mach_task_self()), KERN_INVALID_ARGUMENT);
	check_run_times(thread);
	TEST_SUCCESS();
}
