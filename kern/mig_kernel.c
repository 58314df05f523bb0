/*
 * kern/mig_kernel.c - the translations and runtime of the kernel's MIG
 * server stubs (ipc/mig_kernel.h); those that need only ipc/ are in
 * ipc/mig_kernel_ipc.c.
 *
 * Lock order: the kernel lock, held by every caller (the stubs run under
 * it); nothing here blocks.
 */
#include <ipc/mig_kernel.h>

#include <kern/host.h>
#include <kern/special_ports.h>
#include <kern/processor.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <kern/memory_object.h>
#include <vm/vm_object.h>
#include <kern/vm_user.h>

/* A new send right to port (NULL stays NULL). */
static mach_port_t make_send(struct port *port)
{
	return PORT_VALID(port) ? ipc_port_make_send(port) : NULL;
}

/* ---- Tasks and threads ------------------------------------------------ */

task_t convert_port_to_task(mach_port_t port)
{
	struct task *task = ipc_kobject_port_object(port, KOBJ_TASK);

	return task != NULL ? task_ref(task) : NULL;
}

void task_deallocate(task_t task)
{
	if (task != NULL)
		task_unref(task);
}

mach_port_t convert_task_to_port(task_t task)
{
	mach_port_t port;

	if (task == NULL)
		return NULL;
	port = task->active ? make_send(task->self) : NULL;
	task_unref(task);
	return port;
}

thread_t convert_port_to_thread(mach_port_t port)
{
	struct thread *thread = ipc_kobject_port_object(port, KOBJ_THREAD);

	return thread != NULL ? thread_ref(thread) : NULL;
}

void thread_deallocate(thread_t thread)
{
	if (thread != NULL)
		thread_unref(thread);
}

mach_port_t convert_thread_to_port(thread_t thread)
{
	mach_port_t port;

	if (thread == NULL)
		return NULL;
	port = make_send(thread_self_port(thread));
	thread_unref(thread);
	return port;
}

/* ---- Host, processors, processor sets ---------------------------------- */

host_t convert_port_to_host(mach_port_t port)
{
	struct host *host = ipc_kobject_port_object(port, KOBJ_HOST);

	return host != NULL ? host
			    : ipc_kobject_port_object(port, KOBJ_HOST_PRIV);
}

mach_port_t convert_host_to_port(host_t host)
{
	return host != NULL ? make_send(host_port()) : NULL;
}

processor_t convert_port_to_processor(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_PROCESSOR);
}

mach_port_t convert_processor_to_port(processor_t processor)
{
	return processor != NULL ? make_send(processor->port) : NULL;
}

processor_set_t convert_port_to_pset(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_PSET);
}

/* A set's name port, or its control port, names it. */
processor_set_t convert_port_to_pset_name(mach_port_t port)
{
	struct processor_set *pset = ipc_kobject_port_object(port, KOBJ_PSET);

	return pset != NULL ? pset
			    : ipc_kobject_port_object(port, KOBJ_PSET_NAME);
}

mach_port_t convert_pset_to_port(processor_set_t pset)
{
	return pset != NULL ? make_send(pset->port) : NULL;
}

mach_port_t convert_pset_name_to_port(processor_set_t pset)
{
	return pset != NULL ? make_send(pset->name_port) : NULL;
}

void pset_deallocate(processor_set_t pset)
{
}

/* ---- Memory objects ------------------------------------------------------ */

/* The port itself: the function takes its own reference if it keeps it. */
ipc_port_t null_conversion(mach_port_t port)
{
	return port;
}

/* A memory-object control port: its VM object, referenced
 * (kern/memory_object.h). */
vm_object_t vm_object_lookup(mach_port_t port)
{
	return memory_object_control_lookup(port);
}

/* A memory object name port (vm_region): its VM object, referenced;
 * NULL for any other port (the stub's function answers
 * KERN_INVALID_ARGUMENT). */
vm_object_t vm_object_lookup_name(mach_port_t port)
{
	return vm_object_name_lookup(port);
}

void vm_object_deallocate(vm_object_t object)
{
	if (object != NULL)
		vm_object_unref(object);
}
