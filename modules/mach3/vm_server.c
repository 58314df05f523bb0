/*
 * modules/mach3/vm_server.c - the virtual-memory routines of the mach
 * subsystem (2000...) on a task's map (vm/vm_map.h), and the
 * memory-object control routines (kern/memory_object.h).
 *
 * A vm_task_t argument is the task (NULL: not a task port ->
 * KERN_INVALID_ARGUMENT); the work is kern/vm_user.c's, on the task's map.
 *
 * Lock order: the stubs run with the kernel lock held; vm/ functions take
 * it themselves (sections nest).
 */
#include <mach/vm_statistics.h>

#include <ipc/mig_kernel.h>
#include <base/arch.h>
#include <base/string.h>
#include <base/task.h>
#include <ipc/ool.h>
#include <kern/memory_object.h>
#include <kern/vm_pageout.h>
#include <kern/vm_user.h>
#include <modules/gen/machServer.h>

/* The task's map, or NULL (bad port, or task terminated). */
static struct vm_map *task_map(vm_task_t task)
{
	return task != NULL && task->active ? task->map : NULL;
}

/*
 * Each routine checks the task and hands over to kern/vm_user.c, which
 * holds the checks and error codes of the interface.
 */

kern_return_t S_vm_allocate(vm_task_t task, vm_address_t *address,
			    vm_size_t size, boolean_t anywhere)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_allocate(map, address, size, anywhere)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_deallocate(vm_task_t task, vm_address_t address,
			      vm_size_t size)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_deallocate(map, address, size)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_protect(vm_task_t task, vm_address_t address, vm_size_t size,
			   boolean_t set_maximum, vm_prot_t new_protection)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_protect(map, address, size, set_maximum,
					new_protection)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_inherit(vm_task_t task, vm_address_t address, vm_size_t size,
			   vm_inherit_t new_inheritance)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_inherit(map, address, size, new_inheritance)
			   : KERN_INVALID_ARGUMENT;
}

/* *data is a struct vm_map_copy *, which the reply takes over. */
kern_return_t S_vm_read(vm_task_t task, vm_address_t address, vm_size_t size,
			vm_offset_t *data, mach_msg_type_number_t *count)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_read(map, address, size, data, count)
			   : KERN_INVALID_ARGUMENT;
}

/* data is the request's struct vm_map_copy * (the stub discards it). */
kern_return_t S_vm_write(vm_task_t task, vm_address_t address, vm_offset_t data,
			 mach_msg_type_number_t count)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_write(map, address, data, count)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_copy(vm_task_t task, vm_address_t source_address,
			vm_size_t size, vm_address_t dest_address)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_copy(map, source_address, size, dest_address)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_region(vm_task_t task, vm_address_t *address,
			  vm_size_t *size, vm_prot_t *protection,
			  vm_prot_t *max_protection, vm_inherit_t *inheritance,
			  boolean_t *is_shared, mach_port_t *object_name,
			  vm_offset_t *offset)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_region(map, address, size, protection,
				       max_protection, inheritance, is_shared,
				       object_name, offset)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_statistics(vm_task_t task, vm_statistics_data_t *stats)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_statistics(map, stats) : KERN_INVALID_ARGUMENT;
}

/* The memory_object right (null_conversion) is released by the stub;
 * vm_map takes its own reference. */
kern_return_t S_vm_map(vm_task_t task, vm_address_t *address, vm_size_t size,
		       vm_address_t mask, boolean_t anywhere,
		       ipc_port_t memory_object, vm_offset_t offset,
		       boolean_t copy, vm_prot_t cur_protection,
		       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_map(map, address, size, mask, anywhere,
				    memory_object, offset, copy, cur_protection,
				    max_protection, inheritance)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_machine_attribute(vm_task_t task, vm_address_t address,
				     vm_size_t size,
				     vm_machine_attribute_t attribute,
				     vm_machine_attribute_val_t *value)
{
	struct vm_map *map = task_map(task);

	return map != NULL ? vm_machine_attribute(map, address, size, attribute,
						  value)
			   : KERN_INVALID_ARGUMENT;
}

/* *default_manager: a send right in (consumed on success; NULL only
 * asks), the previous manager's send right out (kern/vm_pageout.h). */
kern_return_t S_vm_set_default_memory_manager(host_t host_priv,
					      mach_port_t *default_manager)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	return vm_pageout_set_default_manager(default_manager);
}

/* ---- Memory object control ------------------------------------------------
 * control: the VM object of a memory-object control port (vm_object_lookup,
 * NULL for any other port) with a reference that the function consumes
 * (mach_types.defs gives the type no destructor); the work is
 * kern/memory_object.c's. */

/* Drop control's reference and pass kr on. */
static kern_return_t control_done(vm_object_t control, kern_return_t kr)
{
	vm_object_deallocate(control);
	return kr;
}

kern_return_t S_memory_object_data_unavailable(vm_object_t control,
					       vm_offset_t offset,
					       vm_size_t size)
{
	return control_done(control, memory_object_control_data_unavailable(
					     control, offset, size));
}

kern_return_t
S_memory_object_get_attributes(vm_object_t control, boolean_t *object_ready,
			       boolean_t *may_cache,
			       memory_object_copy_strategy_t *copy_strategy)
{
	bool ready = false, cache = false;
	int strategy = 0;
	kern_return_t kr = control_done(
		control, memory_object_control_get_attributes(
				 control, &ready, &cache, &strategy));

	*object_ready = ready;
	*may_cache = cache;
	*copy_strategy = strategy;
	return kr;
}

kern_return_t S_memory_object_lock_request(vm_object_t control,
					   vm_offset_t offset, vm_size_t size,
					   memory_object_return_t should_return,
					   boolean_t should_flush,
					   vm_prot_t lock_value,
					   mach_port_t reply_to,
					   mach_msg_type_name_t reply_toPoly)
{
	return control_done(control,
			    memory_object_control_lock_request(
				    control, offset, size, should_return,
				    should_flush, lock_value, reply_to,
				    reply_toPoly));
}

kern_return_t S_memory_object_data_error(vm_object_t control,
					 vm_offset_t offset, vm_size_t size,
					 kern_return_t error_value)
{
	return control_done(
		control, memory_object_control_data_error(control, offset, size,
							  error_value));
}

kern_return_t S_memory_object_destroy(vm_object_t control, kern_return_t reason)
{
	return control_done(control,
			    memory_object_control_destroy(control, reason));
}

/* data is the request's struct vm_map_copy * (the stub discards it). */
kern_return_t S_memory_object_data_supply(
	vm_object_t control, vm_offset_t offset, vm_offset_t data,
	mach_msg_type_number_t count, vm_prot_t lock_value, boolean_t precious,
	mach_port_t reply_to, mach_msg_type_name_t reply_toPoly)
{
	return control_done(control,
			    memory_object_control_data_supply(
				    control, offset, (struct vm_map_copy *)data,
				    count, lock_value, precious, reply_to,
				    reply_toPoly));
}

kern_return_t S_memory_object_ready(vm_object_t control, boolean_t may_cache,
				    memory_object_copy_strategy_t strategy)
{
	return control_done(control, memory_object_control_ready(
					     control, may_cache, strategy));
}

kern_return_t
S_memory_object_change_attributes(vm_object_t control, boolean_t may_cache,
				  memory_object_copy_strategy_t strategy,
				  mach_port_t reply_to,
				  mach_msg_type_name_t reply_toPoly)
{
	return control_done(control, memory_object_control_change_attributes(
					     control, may_cache, strategy,
					     reply_to, reply_toPoly));
}
