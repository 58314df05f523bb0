/*
 * kern/host.c - the host object and its three ports.
 *
 * The ports live forever: the kernel keeps a reference on each.
 */
#include <base/debug.h>
#include <kern/host.h>
#include <ipc/kobject_types.h>
#include <kern/processor.h>
#include <ipc/ipc_kernel.h>
#include <base/task.h>

struct host {
	struct port *port;
	struct port *priv_port;
	struct port *device_port;
};

static struct host the_host;

void host_init(void)
{
	the_host.port = ipc_kernel_port_alloc(KOBJ_HOST, &the_host);
	the_host.priv_port = ipc_kernel_port_alloc(KOBJ_HOST_PRIV, &the_host);
	the_host.device_port =
		ipc_kernel_port_alloc(KOBJ_DEVICE_MASTER, &the_host);
	if (the_host.port == NULL || the_host.priv_port == NULL ||
	    the_host.device_port == NULL)
		panic("host_init: cannot allocate the host ports");
	processor_init();
}

struct host *host_self(void)
{
	return &the_host;
}

struct port *host_port(void)
{
	return the_host.port;
}

struct port *host_priv_port(void)
{
	return the_host.priv_port;
}

struct port *device_master_port(void)
{
	return the_host.device_port;
}

mach_port_name_t ipc_trap_host_self(void)
{
	struct task *task = current_task();

	return task != NULL ? ipc_kernel_insert_send(task, host_port())
			    : MACH_PORT_NULL;
}
