/*
 * Boot test mach-smp: what the processor interface says on a machine with
 * N processors (argv[3], the QEMU -smp of the .boot file). Every processor
 * found is counted (host_info's max_cpus, HOST_PROCESSOR_SLOTS,
 * host_processors, one port each); every one runs threads (avail_cpus N,
 * all running, all in the default set); the boot processor is the
 * master. processor_exit stops a processor other than the master (off
 * line, out of the set, avail_cpus one less, threads still run: on the
 * others) and processor_start starts it again; both refuse what they
 * cannot do.
 *
 *   mach-smp HOST_PRIV DEVICE N
 */
#include <stdio.h>
#include <stdlib.h>

#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/host_info.h>
#include <mach/processor_info.h>
#include <mach5/test.h>
#include "bootstrap/tests/mach_test_util.h"

#define MAX_CPUS 64

static void check_host_info(mach_port_t host, int ncpus)
{
	host_info_data_t info;
	mach_msg_type_number_t count = HOST_INFO_MAX;
	struct host_basic_info *basic = (void *)info;

	EXPECT(host_info(host, HOST_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK_EQ(count, HOST_BASIC_INFO_COUNT);
	CHECK_EQ(basic->max_cpus, ncpus);
	CHECK_EQ(basic->avail_cpus, ncpus);
	printf("mach-smp: host_info: max_cpus %d, avail_cpus %d\n",
	       basic->max_cpus, basic->avail_cpus);
	count = HOST_INFO_MAX;
	EXPECT(host_info(host, HOST_PROCESSOR_SLOTS, info, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, ncpus);
	for (int i = 0; i < ncpus; i++)
		CHECK_EQ(info[i], i);
	count = ncpus - 1; /* one short */
	EXPECT(host_info(host, HOST_PROCESSOR_SLOTS, info, &count),
	       KERN_FAILURE);
}

/* PROCESSOR_BASIC_INFO of proc into pinfo; the host port it names. */
static mach_port_t basic_info(mach_port_t proc, processor_info_data_t pinfo)
{
	mach_msg_type_number_t count = PROCESSOR_INFO_MAX;
	mach_port_t info_host = MACH_PORT_NULL;

	EXPECT(processor_info(proc, PROCESSOR_BASIC_INFO, &info_host, pinfo,
			      &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, PROCESSOR_BASIC_INFO_COUNT);
	return info_host;
}

/* processor_info of processor i of ncpus: running, master iff i is 0, in
 * the default set. */
static void check_processor(mach_port_t proc, int i, mach_port_t host)
{
	processor_info_data_t pinfo;
	struct processor_basic_info *b = (void *)pinfo;
	mach_port_t assigned = MACH_PORT_NULL;

	CHECK_EQ(basic_info(proc, pinfo), host);
	CHECK_EQ(b->slot_num, i);
	CHECK_EQ(b->running, 1);
	CHECK_EQ(b->is_master, i == 0);
	CHECK_EQ(b->cpu_type, CPU_TYPE_X86_64);
	EXPECT(processor_get_assignment(proc, &assigned), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), assigned), KERN_SUCCESS);
	printf("mach-smp: processor %d: slot %d, %s%s\n", i, b->slot_num,
	       b->running ? "running" : "off line",
	       b->is_master ? ", master" : "");
}

static void check_processors(mach_port_t host, mach_port_t host_priv, int ncpus)
{
	processor_array_t procs, set_procs;
	mach_msg_type_number_t nprocs, nset;
	processor_set_name_t pset_name;
	processor_set_info_data_t info;
	struct processor_set_basic_info *basic = (void *)info;
	mach_msg_type_number_t count = PROCESSOR_SET_INFO_MAX;
	mach_port_t info_host;

	EXPECT(host_processors(host, &procs, &nprocs), KERN_INVALID_HOST);
	EXPECT(host_processors(host_priv, &procs, &nprocs), KERN_SUCCESS);
	CHECK_EQ(nprocs, ncpus);
	for (int i = 0; i < ncpus; i++) {
		CHECK(MACH_PORT_VALID(procs[i]));
		for (int j = 0; j < i; j++)
			CHECK(procs[i] != procs[j]);
		check_processor(procs[i], i, host);
	}
	/* The default set holds every processor. */
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	EXPECT(processor_set_processors(pset_name, &set_procs, &nset),
	       KERN_SUCCESS);
	CHECK_EQ(nset, ncpus);
	for (int i = 0; i < ncpus; i++)
		CHECK_EQ(set_procs[i], procs[i]);
	EXPECT(processor_set_info(pset_name, PROCESSOR_SET_BASIC_INFO,
				  &info_host, info, &count),
	       KERN_SUCCESS);
	CHECK_EQ(basic->processor_count, ncpus);
	/* Running already; the master does not stop. */
	EXPECT(processor_start(procs[0]), KERN_FAILURE);
	EXPECT(processor_exit(procs[0]), KERN_FAILURE);
	if (ncpus > 1)
		EXPECT(processor_start(procs[1]), KERN_FAILURE);
	for (int i = 0; i < ncpus; i++)
		EXPECT(mach_port_deallocate(mach_task_self(), procs[i]),
		       KERN_SUCCESS);
	for (unsigned int i = 0; i < nset; i++)
		EXPECT(mach_port_deallocate(mach_task_self(), set_procs[i]),
		       KERN_SUCCESS);
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)procs,
			     nprocs * sizeof(*procs)),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)set_procs,
			     nset * sizeof(*set_procs)),
	       KERN_SUCCESS);
}

/* What processor i reports: running or off line, in the set or not. */
static void check_running(mach_port_t proc, int running)
{
	processor_info_data_t pinfo;
	struct processor_basic_info *b = (void *)pinfo;
	mach_port_t assigned = MACH_PORT_NULL;

	EXPECT(mach_port_deallocate(mach_task_self(), basic_info(proc, pinfo)),
	       KERN_SUCCESS);
	CHECK_EQ(b->running, running);
	EXPECT(processor_get_assignment(proc, &assigned),
	       running ? KERN_SUCCESS : KERN_FAILURE);
	if (running)
		EXPECT(mach_port_deallocate(mach_task_self(), assigned),
		       KERN_SUCCESS);
}

/* avail_cpus and the default set's count. */
static void check_avail(mach_port_t host, int avail)
{
	host_info_data_t info;
	mach_msg_type_number_t count = HOST_INFO_MAX;
	struct host_basic_info *basic = (void *)info;
	processor_set_name_t pset_name;
	processor_set_info_data_t sinfo;
	struct processor_set_basic_info *sbasic = (void *)sinfo;
	mach_port_t info_host;

	EXPECT(host_info(host, HOST_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK_EQ(basic->avail_cpus, avail);
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	count = PROCESSOR_SET_INFO_MAX;
	EXPECT(processor_set_info(pset_name, PROCESSOR_SET_BASIC_INFO,
				  &info_host, sinfo, &count),
	       KERN_SUCCESS);
	CHECK_EQ(sbasic->processor_count, avail);
	EXPECT(mach_port_deallocate(mach_task_self(), pset_name), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), info_host), KERN_SUCCESS);
}

/* Work for the scheduler: a new thread runs (within 10 s of guest
 * time), then ends. */
static volatile int worker_ran;
static void worker(void)
{
	worker_ran = 1;
	idle_forever();
}

static void check_threads_run(void)
{
	mach_port_t t;

	worker_ran = 0;
	t = start_thread(worker);
	wait_flag(&worker_ran, "a new thread to run");
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
}

/* Stop every processor but the master, then start them again. */
static void check_exit_start(mach_port_t host, mach_port_t host_priv, int ncpus)
{
	processor_array_t procs;
	mach_msg_type_number_t nprocs;

	EXPECT(host_processors(host_priv, &procs, &nprocs), KERN_SUCCESS);
	CHECK_EQ(nprocs, ncpus);
	for (int i = 1; i < ncpus; i++) {
		EXPECT(processor_exit(procs[i]), KERN_SUCCESS);
		EXPECT(processor_exit(procs[i]), KERN_FAILURE);
		check_running(procs[i], 0);
		check_avail(host, ncpus - i);
		check_threads_run();
	}
	check_running(procs[0], 1);
	printf("mach-smp: processor_exit: %d of %d processors running\n", 1,
	       ncpus);
	for (int i = 1; i < ncpus; i++) {
		EXPECT(processor_start(procs[i]), KERN_SUCCESS);
		EXPECT(processor_start(procs[i]), KERN_FAILURE);
		check_running(procs[i], 1);
		check_avail(host, i + 1);
		check_threads_run();
	}
	printf("mach-smp: processor_start: %d of %d processors running\n",
	       ncpus, ncpus);
	for (int i = 0; i < ncpus; i++)
		EXPECT(mach_port_deallocate(mach_task_self(), procs[i]),
		       KERN_SUCCESS);
	EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)procs,
			     nprocs * sizeof(*procs)),
	       KERN_SUCCESS);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self();
	mach_port_t host_priv = test_host_priv();
	int ncpus = argc > 3 ? atoi(argv[3]) : 0;

	(void)envp;
	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	CHECK(ncpus >= 1 && ncpus <= MAX_CPUS);
	check_host_info(host, ncpus);
	check_processors(host, host_priv, ncpus);
	check_exit_start(host, host_priv, ncpus);
	printf("mach-smp: %d processors, %d running threads\n", ncpus, ncpus);
	TEST_SUCCESS();
}
