/*
 * modules/mach3/mach4_server.c - the mach4 subsystem (4010, 4011): the
 * S_* functions the generated stubs (modules/gen/mach4Server.c) call.
 * PC sampling (4000-4005) is not built, as in a GNU Mach built without
 * it: those ids answer MIG_BAD_ID.
 *
 * Proxy memory objects (vm/vm_kobject.h): a port standing for a window
 * of another memory object, or of a task's memory, with at most a given
 * protection; vm_map of the proxy maps that memory. Codes, checked in
 * this order before anything changes:
 *
 *   KERN_INVALID_TASK      no task (or a dead one)
 *   KERN_INVALID_ARGUMENT  create_proxy: object/offset/start/len counts
 *                          other than 1 (one object per proxy, as in GNU
 *                          Mach); a protection outside VM_PROT_ALL; len
 *                          0; offset, start or len not page multiples;
 *                          a wrapping range; a window outside the
 *                          object's (kernel objects); a port that is no
 *                          memory object. region_proxy: len 0, wrapping,
 *                          or a range over more than one map entry.
 *   KERN_INVALID_ADDRESS   region_proxy: address not mapped
 *   KERN_PROTECTION_FAILURE max_protection above the proxied kernel
 *                          object's, or above the region's maximum
 *   KERN_RESOURCE_SHORTAGE
 *
 * On success the object send right of create_proxy is consumed (the
 * proxy keeps the VM object behind it, not the right); the proxy is
 * returned as a send right and lives until its last send right goes.
 * Rights and arrays of a failed request stay in it, and the IPC layer
 * destroys them.
 *
 * Lock order: the stubs run with the kernel lock held.
 */
#include <kern/mig_kernel.h>
#include <kern/task.h>
#include <ipc/port.h>
#include <vm/vm_kobject.h>
#include <modules/gen/mach4Server.h>

kern_return_t S_memory_object_create_proxy(
	ipc_space_t task, vm_prot_t max_protection,
	memory_object_array_t object, mach_msg_type_number_t objectCnt,
	rpc_vm_offset_array_t offset, mach_msg_type_number_t offsetCnt,
	rpc_vm_offset_array_t start, mach_msg_type_number_t startCnt,
	rpc_vm_size_array_t len, mach_msg_type_number_t lenCnt,
	mach_port_t *proxy)
{
	kern_return_t kr;

	if (task == NULL)
		return KERN_INVALID_TASK;
	if (objectCnt != 1 || offsetCnt != 1 || startCnt != 1 || lenCnt != 1)
		return KERN_INVALID_ARGUMENT;
	kr = vm_kobject_proxy_create(object[0], max_protection, offset[0],
				     start[0], len[0], proxy);
	if (kr == KERN_SUCCESS)
		port_release_send(object[0]);
	return kr;
}

kern_return_t S_vm_region_create_proxy(task_t task, vm_address_t address,
				       vm_prot_t max_protection, vm_size_t len,
				       mach_port_t *proxy)
{
	if (task == NULL || !task->active || task->map == NULL)
		return KERN_INVALID_TASK;
	return vm_kobject_region_proxy(task->map, address, len, max_protection,
				       proxy);
}
