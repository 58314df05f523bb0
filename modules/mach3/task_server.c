/*
 * modules/mach3/task_server.c - the task routines of the mach subsystem
 * (2000...): the S_* functions the generated stubs
 * (modules/gen/machServer.c) call.
 *
 * A task_t argument is NULL when the port is not an active task port:
 * KERN_INVALID_ARGUMENT, as GNU Mach answers. The kernel task can be
 * inspected but not terminated or suspended.
 *
 * Run times: TASK_THREAD_TIMES_INFO sums the live threads' ticks
 * (thread_server.c), as user time; the times of terminated threads
 * (TASK_BASIC_INFO) are not kept and read zero. The resident size is
 * the pages mapped in the task's pmap, as GNU Mach counts it. Not
 * accounted yet: page and message counters.
 *
 * Lock order: the stubs run with the kernel lock held (ipc/module.h);
 * kern/task.c and base/thread.c functions nest their own sections.
 */
#include <mach/task_info.h>
#include <mach/task_special_ports.h>

#include <ipc/mig_kernel.h>
#include <base/clock.h>
#include <kern/special_ports.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <vm/vm_map.h>
#include <modules/gen/machServer.h>
#include <modules/mach3/task_notify.h>

/* A task the caller may stop or end: user tasks only. */
static bool task_is_user(task_t task)
{
	return task != NULL && task != kernel_task();
}

/* ---- Life cycle ---------------------------------------------------------- */

/* The child inherits the parent's exception, bootstrap and registered
 * ports. */
static void task_inherit_ports(struct task *child, struct task *parent)
{
	special_port_set(&child->exc_port, special_port_get(&parent->exc_port));
	special_port_set(&child->bootstrap_port,
			 special_port_get(&parent->bootstrap_port));
	for (unsigned int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		special_port_set(&child->registered[i],
				 special_port_get(&parent->registered[i]));
}

kern_return_t S_task_create(task_t parent, boolean_t inherit_memory,
			    task_t *child_task)
{
	struct task *child;

	if (parent == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!parent->active)
		return KERN_INVALID_TASK;
	child = task_create(parent, inherit_memory, parent->name);
	if (child == NULL)
		return KERN_RESOURCE_SHORTAGE;
	task_inherit_ports(child, parent);
	task_notify_new_task(child, parent);
	*child_task = child; /* the creation reference: outtran consumes it */
	return KERN_SUCCESS;
}

kern_return_t S_task_terminate(task_t task)
{
	if (!task_is_user(task))
		return task == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
	task_terminate(task);
	return KERN_SUCCESS;
}

kern_return_t S_task_suspend(task_t task)
{
	if (!task_is_user(task))
		return task == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
	if (!task->active)
		return KERN_FAILURE;
	task_suspend(task);
	return KERN_SUCCESS;
}

kern_return_t S_task_resume(task_t task)
{
	if (!task_is_user(task))
		return task == NULL ? KERN_INVALID_ARGUMENT : KERN_FAILURE;
	if (!task->active || !task_resume(task))
		return KERN_FAILURE;
	return KERN_SUCCESS;
}

/* ---- Threads ------------------------------------------------------------- */

kern_return_t S_task_threads(task_t task, thread_array_t *thread_list,
			     mach_msg_type_number_t *count)
{
	mach_port_t *slots;
	struct list *node;
	unsigned int n = 0;

	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!task->active)
		return KERN_FAILURE;
	slots = ipc_ool_alloc(task->nr_threads * sizeof(mach_port_t));
	if (slots == NULL && task->nr_threads > 0)
		return KERN_RESOURCE_SHORTAGE;
	list_for_each (&task->threads, node) {
		struct thread *t = list_entry(node, struct thread, task_node);
		slots[n++] = convert_thread_to_port(thread_ref(t));
	}
	*thread_list = slots;
	*count = n;
	return KERN_SUCCESS;
}

/* ---- Information -----------------------------------------------------------
 */

/* out is the kernel call's reply buffer, zero beyond what the routine
 * writes (ipc/module.h): the fields not written here (the times) stay
 * zero. */
static kern_return_t task_basic_info(task_t task, task_info_t out,
				     mach_msg_type_number_t *count)
{
	struct task_basic_info *info = (struct task_basic_info *)out;

	if (*count < TASK_BASIC_INFO_OLD_COUNT)
		return KERN_INVALID_ARGUMENT;
	info->suspend_count = task->suspend_count;
	info->base_priority = task->priority;
	info->virtual_size = task->map != NULL ? task->map->size : 0;
	if (task->map != NULL)
		info->resident_size =
			pmap_resident_count(vm_map_pmap(task->map)) * PAGE_SIZE;
	*count = *count < TASK_BASIC_INFO_COUNT ? TASK_BASIC_INFO_OLD_COUNT
						: TASK_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

static kern_return_t task_events_info(task_info_t out,
				      mach_msg_type_number_t *count)
{
	if (*count < TASK_EVENTS_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	memset(out, 0, sizeof(struct task_events_info));
	*count = TASK_EVENTS_INFO_COUNT;
	return KERN_SUCCESS;
}

/* Run time of ticks clock ticks (thread_server.c has the same). */
static time_value64_t ticks_to_tv64(uint64_t ticks)
{
	uint64_t us = ticks * (1000000 / CLOCK_HZ);
	time_value64_t tv = {us / 1000000, (us % 1000000) * 1000};

	return tv;
}

static kern_return_t task_thread_times_info(task_t task, task_info_t out,
					    mach_msg_type_number_t *count)
{
	struct task_thread_times_info *info = (void *)out;
	uint64_t ticks = 0;
	time_value64_t user;
	struct list *node;

	if (*count < TASK_THREAD_TIMES_INFO_OLD_COUNT)
		return KERN_INVALID_ARGUMENT;
	*count = *count < TASK_THREAD_TIMES_INFO_COUNT
			 ? TASK_THREAD_TIMES_INFO_OLD_COUNT
			 : TASK_THREAD_TIMES_INFO_COUNT;
	memset(out, 0, *count * sizeof(integer_t));
	list_for_each (&task->threads, node)
		ticks += list_entry(node, struct thread, task_node)->run_ticks;
	user = ticks_to_tv64(ticks);
	info->user_time.seconds = user.seconds;
	info->user_time.microseconds = user.nanoseconds / 1000;
	if (*count == TASK_THREAD_TIMES_INFO_COUNT)
		info->user_time64 = user;
	return KERN_SUCCESS;
}

kern_return_t S_task_info(task_t task, int flavor, task_info_t out,
			  mach_msg_type_number_t *count)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case TASK_BASIC_INFO:
		return task_basic_info(task, out, count);
	case TASK_EVENTS_INFO:
		return task_events_info(out, count);
	case TASK_THREAD_TIMES_INFO:
		return task_thread_times_info(task, out, count);
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* ---- Special ports
 * ------------------------------------------------------------ */

kern_return_t S_task_get_special_port(task_t task, int which, mach_port_t *port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (which) {
	case TASK_KERNEL_PORT:
		if (task->kernel_port_null)
			*port = NULL;
		else if (task->kernel_port != NULL)
			*port = special_port_get(&task->kernel_port);
		else
			*port = PORT_VALID(task->self)
					? ipc_port_make_send(task->self)
					: NULL;
		return KERN_SUCCESS;
	case TASK_EXCEPTION_PORT:
		*port = special_port_get(&task->exc_port);
		return KERN_SUCCESS;
	case TASK_BOOTSTRAP_PORT:
		*port = special_port_get(&task->bootstrap_port);
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* port (a send right) is consumed on success. TASK_KERNEL_PORT sets what
 * mach_task_self and task_get_special_port answer, as GNU Mach does (the
 * task's own port, its kernel object, stays); after MACH_PORT_NULL they
 * answer MACH_PORT_NULL, as in GNU Mach. */
kern_return_t S_task_set_special_port(task_t task, int which, mach_port_t port)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!task->active)
		return KERN_FAILURE;
	switch (which) {
	case TASK_KERNEL_PORT:
		special_port_set(&task->kernel_port, port);
		task->kernel_port_null = port == NULL;
		return KERN_SUCCESS;
	case TASK_EXCEPTION_PORT:
		special_port_set(&task->exc_port, port);
		return KERN_SUCCESS;
	case TASK_BOOTSTRAP_PORT:
		special_port_set(&task->bootstrap_port, port);
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t S_mach_ports_register(task_t task, mach_port_array_t ports,
				    mach_msg_type_number_t count)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (count > TASK_PORT_REGISTER_MAX || !task->active)
		return KERN_INVALID_ARGUMENT;
	for (unsigned int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		special_port_set(&task->registered[i],
				 i < count ? ports[i] : NULL);
	return KERN_SUCCESS;
}

/* The ports go back out of line (^array[] in mach.defs). */
kern_return_t S_mach_ports_lookup(task_t task, mach_port_array_t *ports,
				  mach_msg_type_number_t *count)
{
	mach_port_t *slots;

	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	slots = ipc_ool_alloc(TASK_PORT_REGISTER_MAX * sizeof(mach_port_t));
	if (slots == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned int i = 0; i < TASK_PORT_REGISTER_MAX; i++)
		slots[i] = special_port_get(&task->registered[i]);
	*ports = slots;
	*count = TASK_PORT_REGISTER_MAX;
	return KERN_SUCCESS;
}

/* ---- Emulation (not supported)
 * ------------------------------------------------ */

kern_return_t S_task_get_emulation_vector(task_t task, int *vector_start,
					  emulation_vector_t *vector,
					  mach_msg_type_number_t *count)
{
	return KERN_FAILURE;
}

kern_return_t S_task_set_emulation_vector(task_t task, int vector_start,
					  emulation_vector_t vector,
					  mach_msg_type_number_t count)
{
	return KERN_FAILURE;
}

kern_return_t S_task_set_emulation(task_t task, vm_address_t entry, int number)
{
	return KERN_FAILURE;
}

kern_return_t S_task_ras_control(task_t task, vm_address_t basepc,
				 vm_address_t boundspc, int flavor)
{
	return KERN_FAILURE;
}
