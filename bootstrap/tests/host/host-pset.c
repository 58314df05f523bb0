/*
 * Boot test host-pset: the processor-set routines of mach_host.defs on a
 * one-processor, one-set kernel, through the MIG user stubs of libmach:
 *
 *   host_processor_sets (2629)       one set: the default set's name port;
 *   processor_set_processors (2648)  one processor: host_processors' one;
 *   processor_get_assignment (2612), thread_get_assignment (2615),
 *   task_get_assignment (2618)       the default set's name port (a new
 *                                    send right each time);
 *   thread_assign (2613), thread_assign_default (2614), task_assign
 *   (2616), task_assign_default (2617)   accepted without effect: the
 *                                    thread keeps running in the same set;
 *   thread_wire (2637)               privileged; without effect.
 *
 * Bad input: a port of the wrong kind (task for thread, name port of the
 * set for its control port, ...) is KERN_INVALID_ARGUMENT; the
 * unprivileged host port where host_priv is needed, or a non-host port
 * where a host is, KERN_INVALID_HOST (thread_wire: KERN_INVALID_ARGUMENT,
 * GNU Mach's code); a null destination
 * MACH_SEND_INVALID_DEST.
 */
#include <mach/host_info.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach5/test.h>

#include "../mach_test_util.h"

static mach_port_t self, thread_self, pset_name;
static volatile unsigned long helper_rounds;

/* A thread of this task that keeps counting (traps only). */
static void helper(void)
{
	for (;;) {
		helper_rounds++;
		swtch();
	}
}

/* The helper makes progress from now on. */
static void check_helper_runs(const char *what)
{
	unsigned long start = helper_rounds;

	TEST_WAIT_UNTIL(helper_rounds >= start + 3, 10,
			"the helper thread stopped after %s", what);
}

static mach_port_urefs_t send_refs(mach_port_t name)
{
	mach_port_urefs_t refs = 0;

	EXPECT(mach_port_get_refs(self, name, MACH_PORT_RIGHT_SEND, &refs),
	       KERN_SUCCESS);
	return refs;
}

/* A routine that answered a set: the default set's name port, one more
 * send reference to it, which is given back here. */
static void check_is_default_set(mach_port_t set, mach_port_urefs_t before)
{
	CHECK_EQ(set, pset_name);
	CHECK_EQ(send_refs(pset_name), before + 1);
	EXPECT(mach_port_deallocate(self, set), KERN_SUCCESS);
}

static void test_host_processor_sets(mach_port_t host, mach_port_t host_priv)
{
	processor_set_name_array_t sets = NULL;
	mach_msg_type_number_t n = 0;
	mach_port_urefs_t refs = send_refs(pset_name);

	EXPECT(host_processor_sets(host, &sets, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	check_is_default_set(sets[0], refs);
	EXPECT(vm_deallocate(self, (vm_address_t)sets, n * sizeof(*sets)),
	       KERN_SUCCESS);
	/* host_t takes the privileged port too. */
	EXPECT(host_processor_sets(host_priv, &sets, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	check_is_default_set(sets[0], refs);
	EXPECT(vm_deallocate(self, (vm_address_t)sets, n * sizeof(*sets)),
	       KERN_SUCCESS);

	EXPECT(host_processor_sets(self, &sets, &n), KERN_INVALID_HOST);
	EXPECT(host_processor_sets(pset_name, &sets, &n), KERN_INVALID_HOST);
	EXPECT(host_processor_sets(MACH_PORT_NULL, &sets, &n),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(send_refs(pset_name), refs);
	printf("host-pset: host_processor_sets ok\n");
}

/* Processors found, every one in the default set (the_processor). */
static mach_msg_type_number_t ncpus;

/* The master processor (slot 0) from host_processors, which lists one
 * port per processor found (host_info's max_cpus); the others' rights are
 * given back. */
static mach_port_t the_processor(mach_port_t host_priv)
{
	processor_array_t procs;
	mach_msg_type_number_t n, count = HOST_BASIC_INFO_COUNT;
	host_basic_info_data_t info;
	mach_port_t proc;

	EXPECT(host_info(host_priv, HOST_BASIC_INFO, (host_info_t)&info,
			 &count),
	       KERN_SUCCESS);
	EXPECT(host_processors(host_priv, &procs, &n), KERN_SUCCESS);
	CHECK(info.max_cpus >= 1);
	CHECK_EQ(n, info.max_cpus);
	CHECK_EQ(info.avail_cpus, info.max_cpus); /* all run threads */
	ncpus = n;
	proc = procs[0];
	for (mach_msg_type_number_t i = 1; i < n; i++)
		EXPECT(mach_port_deallocate(self, procs[i]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)procs, n * sizeof(*procs)),
	       KERN_SUCCESS);
	return proc;
}

static void test_set_processors(mach_port_t pset, mach_port_t proc,
				mach_port_t host)
{
	processor_array_t procs;
	mach_msg_type_number_t n = 0;
	mach_port_urefs_t refs = send_refs(proc);

	EXPECT(processor_set_processors(pset_name, &procs, &n), KERN_SUCCESS);
	CHECK_EQ(n, ncpus);
	CHECK_EQ(procs[0], proc);
	CHECK_EQ(send_refs(proc), refs + 1);
	for (mach_msg_type_number_t i = 0; i < n; i++)
		EXPECT(mach_port_deallocate(self, procs[i]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)procs, n * sizeof(*procs)),
	       KERN_SUCCESS);
	/* The control port names the set too. */
	EXPECT(processor_set_processors(pset, &procs, &n), KERN_SUCCESS);
	CHECK_EQ(n, ncpus);
	CHECK_EQ(procs[0], proc);
	for (mach_msg_type_number_t i = 0; i < n; i++)
		EXPECT(mach_port_deallocate(self, procs[i]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)procs, n * sizeof(*procs)),
	       KERN_SUCCESS);

	EXPECT(processor_set_processors(self, &procs, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_processors(host, &procs, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_processors(proc, &procs, &n),
	       KERN_INVALID_ARGUMENT);
	EXPECT(processor_set_processors(MACH_PORT_NULL, &procs, &n),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(send_refs(proc), refs);
	printf("host-pset: processor_set_processors ok\n");
}

static void test_get_assignment(mach_port_t proc, mach_port_t helper_thread)
{
	mach_port_t set = 0x5555, child;
	mach_port_urefs_t refs = send_refs(pset_name);

	EXPECT(processor_get_assignment(proc, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(thread_get_assignment(thread_self, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(thread_get_assignment(helper_thread, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(task_get_assignment(self, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	EXPECT(task_get_assignment(child, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);

	/* Wrong kinds of port; the out argument is left alone. */
	set = 0x5555;
	EXPECT(processor_get_assignment(self, &set), KERN_INVALID_ARGUMENT);
	EXPECT(processor_get_assignment(pset_name, &set),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_get_assignment(self, &set), KERN_INVALID_ARGUMENT);
	EXPECT(thread_get_assignment(proc, &set), KERN_INVALID_ARGUMENT);
	EXPECT(task_get_assignment(thread_self, &set), KERN_INVALID_ARGUMENT);
	EXPECT(task_get_assignment(pset_name, &set), KERN_INVALID_ARGUMENT);
	EXPECT(task_get_assignment(MACH_PORT_NULL, &set),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(set, 0x5555);
	CHECK_EQ(send_refs(pset_name), refs);
	printf("host-pset: processor/thread/task_get_assignment ok\n");
}

static void test_assign(mach_port_t pset, mach_port_t helper_thread,
			mach_port_t host_priv)
{
	mach_port_t set;
	mach_port_urefs_t refs = send_refs(pset_name);

	EXPECT(thread_assign(helper_thread, pset), KERN_SUCCESS);
	check_helper_runs("thread_assign");
	EXPECT(thread_get_assignment(helper_thread, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(thread_assign_default(helper_thread), KERN_SUCCESS);
	check_helper_runs("thread_assign_default");
	EXPECT(thread_assign(thread_self, pset), KERN_SUCCESS);
	EXPECT(thread_assign_default(thread_self), KERN_SUCCESS);
	EXPECT(task_assign(self, pset, TRUE), KERN_SUCCESS);
	EXPECT(task_assign(self, pset, FALSE), KERN_SUCCESS);
	check_helper_runs("task_assign");
	EXPECT(task_get_assignment(self, &set), KERN_SUCCESS);
	check_is_default_set(set, refs);
	EXPECT(task_assign_default(self, TRUE), KERN_SUCCESS);
	EXPECT(task_assign_default(self, FALSE), KERN_SUCCESS);
	check_helper_runs("task_assign_default");

	/* Assigning needs the set's control port, not its name port. */
	EXPECT(thread_assign(helper_thread, pset_name), KERN_INVALID_ARGUMENT);
	EXPECT(thread_assign(helper_thread, MACH_PORT_NULL),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_assign(helper_thread, host_priv), KERN_INVALID_ARGUMENT);
	EXPECT(thread_assign(self, pset), KERN_INVALID_ARGUMENT);
	EXPECT(thread_assign(MACH_PORT_NULL, pset), MACH_SEND_INVALID_DEST);
	EXPECT(thread_assign_default(self), KERN_INVALID_ARGUMENT);
	EXPECT(thread_assign_default(pset), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign(self, pset_name, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign(self, MACH_PORT_NULL, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign(thread_self, pset, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign_default(thread_self, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign_default(pset, FALSE), KERN_INVALID_ARGUMENT);
	EXPECT(task_assign_default(MACH_PORT_NULL, FALSE),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(send_refs(pset_name), refs);
	printf("host-pset: thread/task_assign(_default) ok\n");
}

static void test_thread_wire(mach_port_t host, mach_port_t host_priv,
			     mach_port_t helper_thread)
{
	EXPECT(thread_wire(host_priv, helper_thread, TRUE), KERN_SUCCESS);
	check_helper_runs("thread_wire");
	EXPECT(thread_wire(host_priv, helper_thread, FALSE), KERN_SUCCESS);
	EXPECT(thread_wire(host_priv, thread_self, TRUE), KERN_SUCCESS);
	EXPECT(thread_wire(host_priv, thread_self, FALSE), KERN_SUCCESS);

	/* A port that is not the privileged host port: GNU Mach's code. */
	EXPECT(thread_wire(host, helper_thread, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(self, helper_thread, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(host_priv, self, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(host_priv, MACH_PORT_NULL, TRUE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(MACH_PORT_NULL, helper_thread, TRUE),
	       MACH_SEND_INVALID_DEST);
	check_helper_runs("thread_wire(FALSE)");
	printf("host-pset: thread_wire ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self(), host_priv = test_host_priv();
	mach_port_t pset, proc, helper_thread;

	(void)argc;
	(void)argv;
	(void)envp;
	self = mach_task_self();
	thread_self = mach_thread_self();
	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host_priv, pset_name, &pset),
	       KERN_SUCCESS);
	CHECK(pset != pset_name);
	proc = the_processor(host_priv);
	helper_thread = start_thread(helper);
	check_helper_runs("start");

	test_host_processor_sets(host, host_priv);
	test_set_processors(pset, proc, host);
	test_get_assignment(proc, helper_thread);
	test_assign(pset, helper_thread, host_priv);
	test_thread_wire(host, host_priv, helper_thread);

	EXPECT(thread_terminate(helper_thread), KERN_SUCCESS);
	TEST_SUCCESS();
}
