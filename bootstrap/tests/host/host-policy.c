/*
 * Boot test host-policy: the scheduling policies of mach_host
 * (thread_policy, processor_set_policy_enable/disable) and how
 * thread_info (THREAD_SCHED_INFO), processor_set_info
 * (PROCESSOR_SET_SCHED_INFO) and host_info (HOST_SCHED_INFO) report them,
 * through the MIG user stubs of libmach.
 *
 * Rules checked (docs/interfaces.md): the set starts with POLICY_TIMESHARE
 * only; POLICY_FIXEDPRI must be enabled (privileged set port) before a
 * thread takes it, else KERN_FAILURE; its data is a quantum in ms,
 * reported rounded up to 10 ms clock ticks; a policy change keeps the
 * priority; disabling with change_threads moves the set's threads back to
 * timesharing, without it they keep their policy; a bad policy, a name
 * port or disabling POLICY_TIMESHARE is KERN_INVALID_ARGUMENT.
 */
#include <stdio.h>

#include <mach/host_info.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/policy.h>
#include <mach/processor_info.h>
#include <mach/thread_info.h>
#include <mach5/test.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (want))                                             \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (want));                                \
	} while (0)

#define TICK_MS 10

static struct thread_sched_info sched_of(mach_port_t thread)
{
	thread_info_data_t info;
	mach_msg_type_number_t count = THREAD_INFO_MAX;

	EXPECT(thread_info(thread, THREAD_SCHED_INFO, info, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, THREAD_SCHED_INFO_COUNT);
	return *(struct thread_sched_info *)info;
}

static int set_policies(mach_port_t pset_name)
{
	processor_set_info_data_t info;
	mach_msg_type_number_t count = PROCESSOR_SET_INFO_MAX;
	mach_port_t info_host;

	EXPECT(processor_set_info(pset_name, PROCESSOR_SET_SCHED_INFO,
				  &info_host, info, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, PROCESSOR_SET_SCHED_INFO_COUNT);
	mach_port_deallocate(mach_task_self(), info_host);
	return ((struct processor_set_sched_info *)info)->policies;
}

/* Before POLICY_FIXEDPRI is enabled: timesharing only. */
static void check_timeshare_only(mach_port_t thread, mach_port_t pset_name)
{
	struct thread_sched_info s = sched_of(thread);

	CHECK_EQ(s.policy, POLICY_TIMESHARE);
	CHECK_EQ(s.data, 0);
	CHECK_EQ(set_policies(pset_name), POLICY_TIMESHARE);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 50), KERN_FAILURE);
	EXPECT(thread_policy(thread, 0, 0), KERN_INVALID_ARGUMENT);
	EXPECT(thread_policy(thread, POLICY_LAST + 1, 0),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_policy(mach_task_self(), POLICY_TIMESHARE, 0),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_policy(thread, POLICY_TIMESHARE, 0), KERN_SUCCESS);
	CHECK_EQ(sched_of(thread).policy, POLICY_TIMESHARE);
}

static void check_enable(mach_port_t pset, mach_port_t pset_name)
{
	EXPECT(processor_set_policy_enable(pset_name, POLICY_FIXEDPRI),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_policy_enable(pset, 0), KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_policy_enable(pset, POLICY_LAST + 1),
	       KERN_INVALID_ARGUMENT);
	CHECK_EQ(set_policies(pset_name), POLICY_TIMESHARE);
	EXPECT(processor_set_policy_enable(pset, POLICY_FIXEDPRI),
	       KERN_SUCCESS);
	EXPECT(processor_set_policy_enable(pset, POLICY_FIXEDPRI),
	       KERN_SUCCESS);
	CHECK_EQ(set_policies(pset_name), POLICY_TIMESHARE | POLICY_FIXEDPRI);
}

/* A fixed-priority thread keeps its priority; the quantum is rounded. */
static void check_fixedpri(mach_port_t thread)
{
	struct thread_sched_info s;

	EXPECT(thread_priority(thread, 20, FALSE), KERN_SUCCESS);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 25), KERN_SUCCESS);
	s = sched_of(thread);
	CHECK_EQ(s.policy, POLICY_FIXEDPRI);
	CHECK_EQ(s.data, 3 * TICK_MS);
	CHECK_EQ(s.base_priority, 20);
	CHECK_EQ(s.cur_priority, 20);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 1), KERN_SUCCESS);
	CHECK_EQ(sched_of(thread).data, TICK_MS);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 100), KERN_SUCCESS);
	CHECK_EQ(sched_of(thread).data, 100);
	/* Run a while: the priority does not move. */
	for (volatile unsigned long i = 0; i < 20000000; i++)
		;
	s = sched_of(thread);
	CHECK_EQ(s.policy, POLICY_FIXEDPRI);
	CHECK_EQ(s.cur_priority, 20);
	EXPECT(thread_policy(thread, POLICY_TIMESHARE, 0), KERN_SUCCESS);
	s = sched_of(thread);
	CHECK_EQ(s.policy, POLICY_TIMESHARE);
	CHECK_EQ(s.data, 0);
	CHECK_EQ(s.base_priority, 20);
}

/* Disabling: without change_threads the threads keep the policy but
 * cannot take it again; with it they go back to timesharing. */
static void check_disable(mach_port_t pset, mach_port_t pset_name,
			  mach_port_t thread)
{
	mach_port_t other;

	EXPECT(processor_set_policy_disable(pset, POLICY_TIMESHARE, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_policy_disable(pset_name, POLICY_FIXEDPRI, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_policy_disable(pset, 0, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 40), KERN_SUCCESS);
	EXPECT(processor_set_policy_disable(pset, POLICY_FIXEDPRI, FALSE),
	       KERN_SUCCESS);
	CHECK_EQ(set_policies(pset_name), POLICY_TIMESHARE);
	CHECK_EQ(sched_of(thread).policy, POLICY_FIXEDPRI);
	EXPECT(thread_policy(thread, POLICY_FIXEDPRI, 40), KERN_FAILURE);

	EXPECT(processor_set_policy_enable(pset, POLICY_FIXEDPRI),
	       KERN_SUCCESS);
	EXPECT(thread_create(mach_task_self(), &other), KERN_SUCCESS);
	EXPECT(thread_policy(other, POLICY_FIXEDPRI, 70), KERN_SUCCESS);
	CHECK_EQ(sched_of(other).data, 70);
	EXPECT(processor_set_policy_disable(pset, POLICY_FIXEDPRI, TRUE),
	       KERN_SUCCESS);
	CHECK_EQ(sched_of(thread).policy, POLICY_TIMESHARE);
	CHECK_EQ(sched_of(other).policy, POLICY_TIMESHARE);
	CHECK_EQ(sched_of(thread).base_priority, 20);
	/* Not enabled: disabling again is no error. */
	EXPECT(processor_set_policy_disable(pset, POLICY_FIXEDPRI, TRUE),
	       KERN_SUCCESS);
	EXPECT(thread_terminate(other), KERN_SUCCESS);
	mach_port_deallocate(mach_task_self(), other);
}

/* The smallest quantum: one clock tick, what POLICY_FIXEDPRI can get. */
static void check_host_sched_info(mach_port_t host)
{
	host_info_data_t info;
	mach_msg_type_number_t count = HOST_INFO_MAX;
	struct host_sched_info *sched = (void *)info;

	EXPECT(host_info(host, HOST_SCHED_INFO, info, &count), KERN_SUCCESS);
	CHECK_EQ(count, HOST_SCHED_INFO_COUNT);
	CHECK_EQ(sched->min_quantum, TICK_MS);
	printf("host-policy: min_timeout %d ms, min_quantum %d ms\n",
	       sched->min_timeout, sched->min_quantum);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self();
	mach_port_t host_priv = test_host_priv();
	mach_port_t thread = mach_thread_self();
	mach_port_t pset_name, pset;

	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host_priv, pset_name, &pset),
	       KERN_SUCCESS);
	check_timeshare_only(thread, pset_name);
	check_enable(pset, pset_name);
	check_fixedpri(thread);
	check_disable(pset, pset_name, thread);
	check_host_sched_info(host);
	TEST_SUCCESS();
}
