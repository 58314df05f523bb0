/*
 * modules/mach3/gnumach_server.c - the gnumach subsystem (4200-4216): the
 * S_* functions the generated stubs (modules/gen/gnumachServer.c) call.
 *
 * The VM routines hand over to kern/vm_user.c once the task is checked (a
 * vm_task_t that is not a live task: KERN_INVALID_ARGUMENT); gsync is
 * kern/gsync.c; the new-task notification modules/mach3/task_notify.c.
 *
 * Names: task_set_name and thread_set_name keep at most 31 characters
 * (the size of the name fields of struct task and struct thread), so
 * thread_get_name returns the name truncated to that length.
 *
 * Recorded without effect: task_set_essential (no task is essential to
 * Mach5: an essential task that dies does not bring the kernel down).
 *
 * Lock order: the stubs run with the kernel lock held (ipc/module.h);
 * the functions called take it themselves (sections nest).
 */
#include <ipc/mig_kernel.h>
#include <kern/gsync.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/port.h>
#include <kern/vm_user.h>
#include <ipc/mach_port.h>
#include <modules/mach3/task_notify.h>
#include <modules/gen/gnumachServer.h>

/* The task's map, or NULL (bad port, or task terminated). */
static struct vm_map *task_map(vm_task_t task)
{
	return task != NULL && task->active ? task->map : NULL;
}

static void name_copy(char *dst, size_t size, const char *src)
{
	strncpy(dst, src, size - 1);
	dst[size - 1] = '\0';
}

/* ---- Tasks and threads ---------------------------------------------- */

kern_return_t S_task_set_name(task_t task, const_kernel_debug_name_t name)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	name_copy(task->name, sizeof(task->name), name);
	return KERN_SUCCESS;
}

kern_return_t S_task_set_essential(task_t task, boolean_t essential)
{
	return task != NULL ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

kern_return_t S_thread_set_name(thread_t thread, const_kernel_debug_name_t name)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	name_copy(thread->name, sizeof(thread->name), name);
	return KERN_SUCCESS;
}

kern_return_t S_thread_get_name(thread_t thread, kernel_debug_name_t name)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	name_copy(name, sizeof(kernel_debug_name_t), thread->name);
	return KERN_SUCCESS;
}

/*
 * The end of a thread of the C library: drop its name (a send right) and
 * its reply port (a receive right) from task, free its stack, terminate
 * it. Usually the thread calls this on itself; it dies on its way back
 * to user mode (there is no reply).
 */
kern_return_t S_thread_terminate_release(thread_t thread, task_t task,
					 mach_port_name_t thread_name,
					 mach_port_name_t reply_port,
					 vm_address_t address, vm_size_t size)
{
	if (thread == NULL || task == NULL || !task->active)
		return KERN_INVALID_ARGUMENT;
	if (thread->task != task)
		return KERN_INVALID_ARGUMENT;
	if (thread_name != MACH_PORT_NULL)
		mach_port_deallocate(task->space, thread_name);
	if (reply_port != MACH_PORT_NULL)
		mach_port_destroy(task->space, reply_port);
	if (size != 0)
		vm_deallocate(task->map, address, size);
	thread_terminate(thread);
	return KERN_SUCCESS;
}

kern_return_t S_register_new_task_notification(host_t host_priv,
					       mach_port_t notification)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	task_notify_register(notification); /* consumes the right */
	return KERN_SUCCESS;
}

/* ---- gsync ------------------------------------------------------------ */

kern_return_t S_gsync_wait(task_t task, vm_address_t addr, unsigned val1,
			   unsigned val2, natural_t msec, int flags)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	return gsync_wait(task, addr, val1, val2, msec, flags);
}

kern_return_t S_gsync_wake(task_t task, vm_address_t addr, unsigned val,
			   int flags)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	return gsync_wake(task, addr, val, flags);
}

kern_return_t S_gsync_requeue(task_t task, vm_address_t src_addr,
			      vm_address_t dst_addr, boolean_t wake_one,
			      int flags)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	return gsync_requeue(task, src_addr, dst_addr, wake_one, flags);
}

/* ---- Virtual memory --------------------------------------------------- */

kern_return_t S_vm_cache_statistics(vm_task_t target_task,
				    vm_cache_statistics_data_t *vm_cache_stats)
{
	struct vm_map *map = task_map(target_task);

	return map != NULL ? vm_cache_statistics(map, vm_cache_stats)
			   : KERN_INVALID_ARGUMENT;
}

kern_return_t S_vm_wire_all(mach_port_t host, vm_task_t task, vm_wire_t flags)
{
	struct vm_map *map = task_map(task);

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	/* The host right stays the request's: a plain port argument is the
	 * server's only on success, and vm_wire_all does not keep it. */
	return vm_wire_all(host, map, flags);
}

/*
 * object: the VM object of a memory object name port (vm_region), NULL
 * for any other port: KERN_INVALID_ARGUMENT. See kern/vm_user.h.
 */
kern_return_t S_vm_object_sync(vm_object_t object, vm_offset_t offset,
			       vm_size_t size, boolean_t should_flush,
			       boolean_t should_return, boolean_t should_iosync)
{
	return vm_object_sync(object, offset, size, should_flush, should_return,
			      should_iosync);
}

/* True if [start, end) is mapped without a hole. */
static bool map_range_mapped(struct vm_map *map, vm_address_t start,
			     vm_address_t end)
{
	while (start < end) {
		vm_address_t addr = start;
		vm_size_t size;
		vm_prot_t prot, max_prot;
		vm_inherit_t inherit;
		boolean_t shared;
		struct port *name;
		vm_offset_t offset;

		if (vm_region(map, &addr, &size, &prot, &max_prot, &inherit,
			      &shared, &name, &offset) != KERN_SUCCESS)
			return false;
		if (name != NULL)
			ipc_port_release_send(name);
		if (addr > start)
			return false;
		start = addr + size;
	}
	return true;
}

/*
 * Anonymous memory has no pager to write back to: a mapped range is
 * already in sync. A hole in the range is KERN_INVALID_ADDRESS.
 */
kern_return_t S_vm_msync(vm_task_t target_task, vm_address_t address,
			 vm_size_t size, vm_sync_t sync_flags)
{
	struct vm_map *map = task_map(target_task);
	vm_address_t start, end;

	if (map == NULL)
		return KERN_INVALID_TASK;
	if ((sync_flags & VM_SYNC_ASYNCHRONOUS) &&
	    (sync_flags & VM_SYNC_SYNCHRONOUS))
		return KERN_INVALID_ARGUMENT;
	start = address & ~(vm_address_t)(PAGE_SIZE - 1);
	end = (address + size + PAGE_SIZE - 1) & ~(vm_address_t)(PAGE_SIZE - 1);
	if (end < start)
		return KERN_INVALID_ARGUMENT;
	return map_range_mapped(map, start, end) ? KERN_SUCCESS
						 : KERN_INVALID_ADDRESS;
}

kern_return_t S_vm_allocate_contiguous(host_t host_priv, vm_task_t target_task,
				       vm_address_t *vaddr,
				       rpc_phys_addr_t *paddr, vm_size_t size,
				       rpc_phys_addr_t pmin,
				       rpc_phys_addr_t pmax,
				       rpc_phys_addr_t palign)
{
	struct vm_map *map = task_map(target_task);

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	return vm_allocate_contiguous(host_priv, map, vaddr, paddr, size, pmin,
				      pmax, palign);
}

kern_return_t S_vm_pages_phys(host_t host_priv, vm_task_t target_task,
			      vm_address_t vaddr, vm_size_t size,
			      rpc_phys_addr_array_t *pages,
			      mach_msg_type_number_t *pagesCnt)
{
	struct vm_map *map = task_map(target_task);

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	return vm_pages_phys(host_priv, map, vaddr, size, pages, pagesCnt);
}

kern_return_t S_vm_set_size_limit(mach_port_t host_port, vm_task_t map,
				  vm_size_t current_limit, vm_size_t max_limit)
{
	struct vm_map *m = task_map(map);

	if (m == NULL)
		return KERN_INVALID_TASK;
	return vm_set_size_limit(host_port, m, current_limit, max_limit);
}

kern_return_t S_vm_get_size_limit(vm_task_t map, vm_size_t *current_limit,
				  vm_size_t *max_limit)
{
	struct vm_map *m = task_map(map);

	if (m == NULL)
		return KERN_INVALID_TASK;
	return vm_get_size_limit(m, current_limit, max_limit);
}
