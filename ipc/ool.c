/*
 * ipc/ool.c - out-of-line memory by copying (see ool.h).
 *
 * Lock order: the kernel lock; vm_map calls are made with it held.
 */
#include <kern/arch.h>
#include <kern/kmem.h>
#include <kern/task.h>
#include <vm/vm_map.h>
#include <ipc/ool.h>

void *ipc_ool_alloc(size_t size)
{
	return size == 0 ? NULL : kalloc(size);
}

void ipc_ool_free(void *buf, size_t size)
{
	if (buf != NULL)
		kfree(buf, size);
}

mach_msg_return_t ipc_ool_copyin(uintptr_t uaddr, size_t size, void **kbuf)
{
	void *buf;

	*kbuf = NULL;
	if (size == 0)
		return MACH_MSG_SUCCESS;
	if (uaddr + size < uaddr)
		return MACH_SEND_INVALID_MEMORY;
	buf = ipc_ool_alloc(size);
	if (buf == NULL)
		return MACH_SEND_NO_BUFFER;
	if (copyin((const void *)uaddr, buf, size) != 0) {
		ipc_ool_free(buf, size);
		return MACH_SEND_INVALID_MEMORY;
	}
	*kbuf = buf;
	return MACH_MSG_SUCCESS;
}

void ipc_ool_release_source(uintptr_t uaddr, size_t size)
{
	struct task *task = current_task();
	uintptr_t start = uaddr & ~PAGE_MASK;
	uintptr_t end = (uaddr + size + PAGE_MASK) & ~PAGE_MASK;

	if (size == 0 || task == NULL || task->map == NULL)
		return;
	vm_map_remove(task->map, start, end);
}

mach_msg_return_t ipc_ool_copyout(void *kbuf, size_t size, uintptr_t *uaddr)
{
	struct task *task = current_task();
	size_t len = (size + PAGE_MASK) & ~PAGE_MASK;
	uintptr_t addr = USER_ADDR_MIN;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	*uaddr = 0;
	if (size == 0)
		return MACH_MSG_SUCCESS;
	if (task == NULL || task->map == NULL ||
	    vm_map_enter(task->map, &addr, len, true, VM_PROT_DEFAULT,
			 VM_PROT_ALL, VM_INHERIT_DEFAULT) != 0) {
		mr = MACH_MSG_VM_SPACE;
	} else if (copyout(kbuf, (void *)addr, size) != 0) {
		vm_map_remove(task->map, addr, addr + len);
		mr = MACH_MSG_VM_SPACE;
	} else {
		*uaddr = addr;
	}
	ipc_ool_free(kbuf, size);
	return mr;
}
