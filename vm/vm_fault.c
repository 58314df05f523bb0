/*
 * vm/vm_fault.c - the page-fault entry for user addresses.
 */
#include <mach/kern_return.h>

#include <kern/task.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>

int vm_fault(struct task *task, uintptr_t addr, int access)
{
	if (task == NULL || task->map == NULL)
		return KERN_INVALID_ADDRESS;
	return vm_map_fault(task->map, addr, access);
}
