/*
 * modules/mach3/mach4_server.c - the mach4 subsystem (4010, 4011): the
 * S_* functions the generated stubs (modules/gen/mach4Server.c) call.
 * PC sampling (4000-4005) is not built, as in a GNU Mach built without
 * it: those ids answer MIG_BAD_ID.
 *
 * Proxy memory objects (a port standing for a window of other memory
 * objects with reduced rights) need memory objects that can be mapped,
 * which vm/memory_object.h does not provide yet: both routines answer
 * KERN_FAILURE after checking their arguments. Rights and arrays of a
 * failed request stay in it, and the IPC layer destroys them.
 *
 * Lock order: the stubs run with the kernel lock held.
 */
#include <kern/mig_kernel.h>
#include <kern/task.h>
#include <modules/gen/mach4Server.h>

kern_return_t S_memory_object_create_proxy(
	ipc_space_t task, vm_prot_t max_protection,
	memory_object_array_t object, mach_msg_type_number_t objectCnt,
	rpc_vm_offset_array_t offset, mach_msg_type_number_t offsetCnt,
	rpc_vm_offset_array_t start, mach_msg_type_number_t startCnt,
	rpc_vm_size_array_t len, mach_msg_type_number_t lenCnt,
	mach_port_t *proxy)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (objectCnt != 1 || offsetCnt != 1 || startCnt != 1 || lenCnt != 1)
		return KERN_INVALID_ARGUMENT;
	return KERN_FAILURE;
}

kern_return_t S_vm_region_create_proxy(task_t task, vm_address_t address,
				       vm_prot_t max_protection, vm_size_t len,
				       mach_port_t *proxy)
{
	if (task == NULL || !task->active)
		return KERN_INVALID_ARGUMENT;
	return KERN_FAILURE;
}
