/*
 * Boot test compat-refused: the routines Mach5 does not serve answer the
 * code docs/interfaces.md gives for each, and change nothing
 * (argv[1]: the privileged host port, argv[2]: the device master port).
 *
 *   task_get/set_emulation_vector, task_set_emulation  KERN_FAILURE
 *     (no user-mode system-call emulation, as GNU Mach on x86_64)
 *   task_ras_control                   KERN_FAILURE (no restartable
 *                                      atomic sequences)
 *   processor_start, processor_exit, processor_control  KERN_FAILURE
 *     (of the master processor: running already, and it does not stop;
 *     processor_control is not served; mach-smp starts and stops the
 *     others)
 *   processor_set_create               KERN_INVALID_HOST on the
 *                                      unprivileged host, else
 *                                      KERN_FAILURE (one set, as GNU Mach
 *                                      built without MACH_HOST)
 *   processor_set_destroy, processor_assign  KERN_FAILURE
 *   device_set_filter, device_intr_register, device_intr_ack
 *                                      D_INVALID_OPERATION (no network
 *                                      devices, no interrupt
 *                                      notifications)
 *
 * Afterwards the task still runs its one thread, the processor is still
 * in the default set, and the console still writes.
 */
#include <string.h>

#include <device/device.h>
#include <mach/host_info.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>

#include "mach_test_util.h"

static mach_port_t self;

static void check_task_routines(void)
{
	int start = -1;
	emulation_vector_t vector = NULL;
	mach_msg_type_number_t count = 0;
	int entries[4] = {1, 2, 3, 4};

	EXPECT(task_get_emulation_vector(self, &start, &vector, &count),
	       KERN_FAILURE);
	EXPECT(task_set_emulation_vector(self, 0, (emulation_vector_t)entries,
					 4),
	       KERN_FAILURE);
	EXPECT(task_set_emulation(self, 0x1000, 5), KERN_FAILURE);
	EXPECT(task_ras_control(self, 0x1000, 0x1010, 1), KERN_FAILURE);
	printf("compat-refused: emulation and RAS refused\n");
}

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
	proc = procs[0];
	for (mach_msg_type_number_t i = 1; i < n; i++)
		EXPECT(mach_port_deallocate(self, procs[i]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)procs, n * sizeof(*procs)),
	       KERN_SUCCESS);
	return proc;
}

static void check_processor_routines(mach_port_t host_priv)
{
	mach_port_t proc = the_processor(host_priv), set_name, set, assigned;
	mach_port_t new_set = MACH_PORT_NULL, new_name = MACH_PORT_NULL;
	int cmd[4] = {0};

	EXPECT(processor_start(proc), KERN_FAILURE);
	EXPECT(processor_exit(proc), KERN_FAILURE);
	EXPECT(processor_control(proc, (processor_info_t)cmd, 4), KERN_FAILURE);
	EXPECT(processor_set_default(mach_host_self(), &set_name),
	       KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host_priv, set_name, &set),
	       KERN_SUCCESS);
	EXPECT(processor_set_create(mach_host_self(), &new_set, &new_name),
	       KERN_INVALID_HOST);
	EXPECT(processor_set_create(host_priv, &new_set, &new_name),
	       KERN_FAILURE);
	CHECK(new_set == MACH_PORT_NULL && new_name == MACH_PORT_NULL);
	EXPECT(processor_set_destroy(set), KERN_FAILURE);
	EXPECT(processor_assign(proc, set, FALSE), KERN_FAILURE);
	/* Nothing moved: the processor is still in the default set. */
	EXPECT(processor_get_assignment(proc, &assigned), KERN_SUCCESS);
	CHECK_EQ(assigned, set_name);
	EXPECT(mach_port_deallocate(self, assigned), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, set), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, set_name), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, proc), KERN_SUCCESS);
	printf("compat-refused: processor and set routines refused\n");
}

static void check_device_routines(mach_port_t master)
{
	mach_port_t console, port;
	filter_t filter[2] = {0, 0};
	io_buf_ptr_inband_t hello = "compat-refused: console still writes\n";
	int written = 0;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, port, port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	/* One send right for each call (they move it). */
	EXPECT(mach_port_mod_refs(self, port, MACH_PORT_RIGHT_SEND, 2),
	       KERN_SUCCESS);
	EXPECT(device_open(master, D_READ | D_WRITE, "console", &console),
	       D_SUCCESS);
	EXPECT(device_set_filter(console, port, MACH_MSG_TYPE_MOVE_SEND, 0,
				 filter, 2),
	       D_INVALID_OPERATION);
	EXPECT(device_intr_register(master, 1, 0, port,
				    MACH_MSG_TYPE_MOVE_SEND),
	       D_INVALID_OPERATION);
	EXPECT(device_intr_ack(console, port, MACH_MSG_TYPE_MOVE_SEND),
	       D_INVALID_OPERATION);
	EXPECT(device_write_inband(console, 0, 0, hello, strlen(hello),
				   &written),
	       D_SUCCESS);
	CHECK_EQ(written, (int)strlen(hello));
	EXPECT(mach_port_destroy(self, port), KERN_SUCCESS);
	EXPECT(device_close(console), D_SUCCESS);
	EXPECT(mach_port_deallocate(self, console), KERN_SUCCESS);
	printf("compat-refused: filters and interrupt notifications refused\n");
}

int main(int argc, char **argv, char **envp)
{
	thread_array_t threads;
	mach_msg_type_number_t n;

	(void)argc;
	(void)argv;
	(void)envp;
	self = mach_task_self();
	check_task_routines();
	check_processor_routines(test_host_priv());
	check_device_routines(test_device_master());
	EXPECT(task_threads(self, &threads, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	EXPECT(mach_port_deallocate(self, threads[0]), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)threads, n * sizeof(*threads)),
	       KERN_SUCCESS);
	TEST_SUCCESS();
}
