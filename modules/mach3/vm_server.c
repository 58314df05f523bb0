/*
 * modules/mach3/vm_server.c - the virtual-memory routines of the mach
 * subsystem (2000...) on a task's map (vm/vm_map.h), and the
 * memory-object control routines, which have no kernel objects yet.
 *
 * A vm_task_t argument is the task (NULL: not a task port ->
 * KERN_INVALID_ARGUMENT). Addresses are truncated and sizes rounded to
 * pages as GNU Mach does; a zero size succeeds without effect.
 *
 * Not served yet: mapping memory objects (vm_map with a memory object
 * port), memory_object_* on control ports, vm_machine_attribute.
 * vm_read / vm_write use the map's kernel copy routines, which ignore
 * protections.
 *
 * Lock order: the stubs run with the kernel lock held; vm/ functions take
 * it themselves (sections nest).
 */
#include <mach/vm_statistics.h>

#include <kern/mig_kernel.h>
#include <kern/arch.h>
#include <kern/string.h>
#include <kern/task.h>
#include <ipc/ool.h>
#include <vm/vm_map.h>
#include <vm/vm_page.h>
#include <modules/gen/machServer.h>

static uintptr_t page_trunc(uintptr_t a)
{
	return a & ~(uintptr_t)PAGE_MASK;
}

static uintptr_t page_round(uintptr_t a)
{
	return (a + PAGE_MASK) & ~(uintptr_t)PAGE_MASK;
}

/* The task's map, or NULL (bad port, or task terminated). */
static struct vm_map *task_map(vm_task_t task)
{
	return task != NULL && task->active ? task->map : NULL;
}

/* [addr, addr + size) as whole pages; false if it wraps or leaves user
 * space. */
static bool page_range(vm_address_t addr, vm_size_t size, uintptr_t *start,
		       uintptr_t *end)
{
	*start = page_trunc(addr);
	*end = page_round(addr + size);
	return addr + size >= addr && *end >= *start &&
	       *end <= USER_ADDR_MAX;
}

kern_return_t S_vm_allocate(vm_task_t task, vm_address_t *address,
			    vm_size_t size, boolean_t anywhere)
{
	struct vm_map *map = task_map(task);
	uintptr_t addr = page_trunc(*address);
	kern_return_t kr;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*address = 0;
		return KERN_SUCCESS;
	}
	if (page_round(size) < size)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_enter(map, &addr, page_round(size), anywhere,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	if (kr == KERN_SUCCESS)
		*address = addr;
	return kr;
}

kern_return_t S_vm_deallocate(vm_task_t task, vm_address_t address,
			      vm_size_t size)
{
	struct vm_map *map = task_map(task);
	uintptr_t start, end;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	return vm_map_remove(map, start, end);
}

kern_return_t S_vm_protect(vm_task_t task, vm_address_t address,
			   vm_size_t size, boolean_t set_maximum,
			   vm_prot_t new_protection)
{
	struct vm_map *map = task_map(task);
	uintptr_t start, end;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_protect(map, start, end, new_protection, set_maximum);
}

kern_return_t S_vm_inherit(vm_task_t task, vm_address_t address,
			   vm_size_t size, vm_inherit_t new_inheritance)
{
	struct vm_map *map = task_map(task);
	uintptr_t start, end;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ADDRESS;
	return vm_map_inherit(map, start, end, new_inheritance);
}

/* The bytes go back out of line, in a buffer the reply owns. */
kern_return_t S_vm_read(vm_task_t task, vm_address_t address, vm_size_t size,
			vm_offset_t *data, mach_msg_type_number_t *count)
{
	struct vm_map *map = task_map(task);
	void *buf;
	kern_return_t kr;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (address + size < address || address + size > USER_ADDR_MAX ||
	    size > UINT32_MAX)
		return KERN_INVALID_ADDRESS;
	buf = ipc_ool_alloc(size);
	if (buf == NULL && size > 0)
		return KERN_RESOURCE_SHORTAGE;
	kr = vm_map_read(map, address, buf, size);
	if (kr != KERN_SUCCESS) {
		ipc_ool_free(buf, size);
		return kr;
	}
	*data = (vm_offset_t)buf;
	*count = size;
	return KERN_SUCCESS;
}

/* data is the request's out-of-line buffer (the stub frees it). */
kern_return_t S_vm_write(vm_task_t task, vm_address_t address,
			 vm_offset_t data, mach_msg_type_number_t count)
{
	struct vm_map *map = task_map(task);

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (address + count < address || address + count > USER_ADDR_MAX)
		return KERN_INVALID_ADDRESS;
	return vm_map_write(map, address, (const void *)data, count);
}

kern_return_t S_vm_copy(vm_task_t task, vm_address_t source_address,
			vm_size_t size, vm_address_t dest_address)
{
	struct vm_map *map = task_map(task);

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return vm_map_copy_range(map, source_address, size, dest_address);
}

kern_return_t S_vm_region(vm_task_t task, vm_address_t *address,
			  vm_size_t *size, vm_prot_t *protection,
			  vm_prot_t *max_protection,
			  vm_inherit_t *inheritance, boolean_t *is_shared,
			  mach_port_t *object_name, vm_offset_t *offset)
{
	struct vm_map *map = task_map(task);
	struct vm_region_info info;
	kern_return_t kr;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_region(map, *address, &info);
	if (kr != KERN_SUCCESS)
		return kr;
	*address = info.start;
	*size = info.size;
	*protection = info.prot;
	*max_protection = info.max_prot;
	*inheritance = info.inherit;
	*is_shared = info.shared;
	*object_name = NULL; /* no memory object name ports yet */
	*offset = info.offset;
	return KERN_SUCCESS;
}

kern_return_t S_vm_statistics(vm_task_t task, vm_statistics_data_t *stats)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	memset(stats, 0, sizeof(*stats));
	stats->pagesize = PAGE_SIZE;
	stats->free_count = vm_page_count_free();
	stats->active_count = vm_page_count_total() - vm_page_count_free();
	return KERN_SUCCESS;
}

/* Anonymous memory only: a memory object cannot be mapped yet. The
 * memory_object right (null_conversion) is released by the stub. */
kern_return_t S_vm_map(vm_task_t task, vm_address_t *address, vm_size_t size,
		       vm_address_t mask, boolean_t anywhere,
		       ipc_port_t memory_object, vm_offset_t offset,
		       boolean_t copy, vm_prot_t cur_protection,
		       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	struct vm_map *map = task_map(task);
	uintptr_t addr = page_trunc(*address);
	kern_return_t kr;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (memory_object != NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0 || page_round(size) < size)
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_enter_object(map, &addr, page_round(size), mask, anywhere,
				 NULL, 0, false, cur_protection,
				 max_protection, inheritance);
	if (kr == KERN_SUCCESS)
		*address = addr;
	return kr;
}

kern_return_t S_vm_machine_attribute(vm_task_t task, vm_address_t address,
				     vm_size_t size,
				     vm_machine_attribute_t attribute,
				     vm_machine_attribute_val_t *value)
{
	return KERN_FAILURE;
}

kern_return_t S_vm_set_default_memory_manager(host_t host_priv,
					      mach_port_t *default_manager)
{
	return host_priv == NULL ? KERN_INVALID_HOST : KERN_FAILURE;
}

/* ---- Memory object control (no control ports yet) ---------------------- */

kern_return_t S_memory_object_data_unavailable(vm_object_t control,
					       vm_offset_t offset,
					       vm_size_t size)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_get_attributes(
	vm_object_t control, boolean_t *object_ready, boolean_t *may_cache,
	memory_object_copy_strategy_t *copy_strategy)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_lock_request(
	vm_object_t control, vm_offset_t offset, vm_size_t size,
	memory_object_return_t should_return, boolean_t should_flush,
	vm_prot_t lock_value, mach_port_t reply_to,
	mach_msg_type_name_t reply_toPoly)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_data_error(vm_object_t control,
					 vm_offset_t offset, vm_size_t size,
					 kern_return_t error_value)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_destroy(vm_object_t control,
				      kern_return_t reason)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_data_supply(
	vm_object_t control, vm_offset_t offset, vm_offset_t data,
	mach_msg_type_number_t count, vm_prot_t lock_value,
	boolean_t precious, mach_port_t reply_to,
	mach_msg_type_name_t reply_toPoly)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_ready(vm_object_t control, boolean_t may_cache,
				    memory_object_copy_strategy_t strategy)
{
	return KERN_INVALID_ARGUMENT;
}

kern_return_t S_memory_object_change_attributes(
	vm_object_t control, boolean_t may_cache,
	memory_object_copy_strategy_t strategy, mach_port_t reply_to,
	mach_msg_type_name_t reply_toPoly)
{
	return KERN_INVALID_ARGUMENT;
}
