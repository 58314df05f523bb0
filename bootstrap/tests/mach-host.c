/*
 * Boot test mach-host: the mach_host interface through MIG-generated user
 * stubs (libmach): host_info flavors, the kernel version, the clocks,
 * processors and the default processor set, and the privileged calls,
 * which the unprivileged host port (mach_host_self) must refuse with
 * KERN_INVALID_HOST while the privileged one (argv[1]) is obeyed.
 */
#include <stdio.h>
#include <string.h>

#include <mach/mach_host.h>
#include <mach/mach_port.h>
#include <mach/host_info.h>
#include <mach/processor_info.h>
#include <mach5/test.h>

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		kern_return_t kr_ = (call);                                    \
		if (kr_ != (want))                                             \
			TEST_FAIL("%s returned 0x%x, expected 0x%x", #call,    \
				  kr_, (want));                                \
	} while (0)

static void check_host_info(mach_port_t host)
{
	host_info_data_t info;
	mach_msg_type_number_t count = HOST_INFO_MAX;
	struct host_basic_info *basic = (void *)info;
	struct host_sched_info *sched = (void *)info;

	EXPECT(host_info(host, HOST_BASIC_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == HOST_BASIC_INFO_COUNT);
	/* Every processor found runs threads. */
	CHECK(basic->max_cpus >= 1 && basic->avail_cpus == basic->max_cpus);
	CHECK(basic->memory_size >= 64UL << 20);
	printf("mach-host: %d cpu, %lu MiB, cpu type %d\n", basic->avail_cpus,
	       (unsigned long)(basic->memory_size >> 20), basic->cpu_type);
	count = HOST_INFO_MAX;
	EXPECT(host_info(host, HOST_SCHED_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == HOST_SCHED_INFO_COUNT && sched->min_timeout > 0);
	count = HOST_INFO_MAX;
	EXPECT(host_info(host, HOST_LOAD_INFO, info, &count), KERN_SUCCESS);
	CHECK(count == HOST_LOAD_INFO_COUNT);
	count = 2; /* too small for HOST_BASIC_INFO */
	EXPECT(host_info(host, HOST_BASIC_INFO, info, &count), KERN_FAILURE);
	count = HOST_INFO_MAX;
	EXPECT(host_info(host, 77, info, &count), KERN_INVALID_ARGUMENT);
}

static void check_version(mach_port_t host)
{
	kernel_version_t version;

	memset(version, 0, sizeof(version));
	EXPECT(host_get_kernel_version(host, version), KERN_SUCCESS);
	CHECK(strncmp(version, "Mach5", 5) == 0);
	printf("mach-host: kernel version: %s", version);
}

static void check_time(mach_port_t host, mach_port_t host_priv)
{
	time_value64_t up1, up2, now64 = {0, 0}, adj = {0, 1000000000}, old;
	time_value_t now, set = {.seconds = 1700000000, .microseconds = 0};

	EXPECT(host_get_uptime64(host, &up1), KERN_SUCCESS);
	EXPECT(host_get_time(host, &now), KERN_SUCCESS);
	CHECK(now.microseconds >= 0 && now.microseconds < 1000000);
	EXPECT(host_get_uptime64(host, &up2), KERN_SUCCESS);
	CHECK(up2.seconds > up1.seconds ||
	      (up2.seconds == up1.seconds &&
	       up2.nanoseconds >= up1.nanoseconds));
	/* Privileged calls: refused on the unprivileged port. */
	EXPECT(host_set_time(host, set), KERN_INVALID_HOST);
	EXPECT(host_set_time64(host, now64), KERN_INVALID_HOST);
	EXPECT(host_adjust_time64(host, adj, &old), KERN_INVALID_HOST);
	EXPECT(host_adjust_time(host, now, &now), KERN_INVALID_HOST);
	EXPECT(host_reboot(host, RB_AUTOBOOT), KERN_INVALID_HOST);
	/* ... and obeyed on the privileged one. */
	EXPECT(host_set_time(host_priv, set), KERN_SUCCESS);
	EXPECT(host_get_time64(host, &now64), KERN_SUCCESS);
	CHECK(now64.seconds >= 1700000000 && now64.seconds < 1700000100);
	EXPECT(host_adjust_time64(host_priv, adj, &old), KERN_SUCCESS);
	printf("mach-host: time set to %ld s\n", (long)now64.seconds);
}

static void check_processors(mach_port_t host, mach_port_t host_priv)
{
	processor_array_t procs;
	mach_msg_type_number_t nprocs, count;
	host_basic_info_data_t hinfo;
	processor_set_name_t pset_name;
	processor_set_info_data_t info;
	processor_info_data_t pinfo;
	struct processor_set_basic_info *basic = (void *)info;
	struct processor_basic_info *pbasic = (void *)pinfo;
	mach_port_t info_host;

	EXPECT(host_processors(host, &procs, &nprocs), KERN_INVALID_HOST);
	EXPECT(host_processors(host_priv, &procs, &nprocs), KERN_SUCCESS);
	/* One port per processor found (mach-smp checks each). */
	count = HOST_BASIC_INFO_COUNT;
	EXPECT(host_info(host, HOST_BASIC_INFO, (host_info_t)&hinfo, &count),
	       KERN_SUCCESS);
	CHECK(nprocs == (mach_msg_type_number_t)hinfo.max_cpus &&
	      MACH_PORT_VALID(procs[0]));
	count = PROCESSOR_INFO_MAX;
	EXPECT(processor_info(procs[0], PROCESSOR_BASIC_INFO, &info_host, pinfo,
			      &count),
	       KERN_SUCCESS);
	CHECK(count == PROCESSOR_BASIC_INFO_COUNT && pbasic->is_master &&
	      pbasic->running);
	EXPECT(processor_set_default(host, &pset_name), KERN_SUCCESS);
	count = PROCESSOR_SET_INFO_MAX;
	EXPECT(processor_set_info(pset_name, PROCESSOR_SET_BASIC_INFO,
				  &info_host, info, &count),
	       KERN_SUCCESS);
	CHECK(count == PROCESSOR_SET_BASIC_INFO_COUNT);
	CHECK(basic->processor_count == hinfo.max_cpus &&
	      basic->task_count >= 1 && basic->thread_count >= 1);
	CHECK(info_host == host); /* the unprivileged port, same name */
	printf("mach-host: default set: %d processor, %d tasks, %d threads\n",
	       basic->processor_count, basic->task_count, basic->thread_count);
}

/* A task port is no host port. */
static void check_not_host(void)
{
	host_info_data_t info;
	mach_msg_type_number_t count = HOST_INFO_MAX;

	EXPECT(host_info(mach_task_self(), HOST_BASIC_INFO, info, &count),
	       KERN_INVALID_HOST);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self();
	mach_port_t host_priv = test_host_priv();

	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	check_host_info(host);
	check_host_info(host_priv); /* the privileged port is a host port too */
	check_version(host);
	check_time(host, host_priv);
	check_processors(host, host_priv);
	check_not_host();
	TEST_SUCCESS();
}
