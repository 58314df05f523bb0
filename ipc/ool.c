/*
 * ipc/ool.c - out-of-line memory by map copies: copy-on-write, or moved
 * for msgt_deallocate (see ool.h).
 *
 * Lock order: the kernel lock; vm/ calls take it themselves.
 */
#include <mach/kern_return.h>
#include <base/arch.h>
#include <base/lock.h>
#include <base/task.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <ipc/kmsg.h>
#include <ipc/ool.h>

void *ipc_ool_alloc(size_t size)
{
	struct vm_map_copy *copy =
		size == 0 ? NULL : vm_map_copy_kernel_alloc(size);

	return copy == NULL ? NULL : vm_map_copy_kernel_data(copy);
}

void ipc_ool_free(void *buf, size_t size)
{
	(void)size;
	if (buf != NULL)
		vm_map_copy_discard(vm_map_copy_of_kernel_data(buf));
}

struct vm_map_copy *ipc_ool_buffer_copy(void *buf)
{
	return buf == NULL ? NULL : vm_map_copy_of_kernel_data(buf);
}

static struct vm_map *current_map(void)
{
	struct task *task = current_task();

	return task != NULL ? task->map : NULL;
}

mach_msg_return_t ipc_ool_copyin(uintptr_t uaddr, size_t size, bool dealloc,
				 struct vm_map_copy **copy)
{
	struct vm_map *map = current_map();
	int kr;

	*copy = NULL;
	if (size == 0)
		return MACH_MSG_SUCCESS;
	if (map == NULL || uaddr + size < uaddr)
		return MACH_SEND_INVALID_MEMORY;
	kr = vm_map_copyin(map, uaddr, size, dealloc, copy);
	if (kr == KERN_RESOURCE_SHORTAGE)
		return MACH_SEND_NO_BUFFER;
	return kr == KERN_SUCCESS ? MACH_MSG_SUCCESS : MACH_SEND_INVALID_MEMORY;
}

bool ipc_user_readable(uintptr_t uaddr, size_t size)
{
	struct vm_map *map = current_map();
	uintptr_t start = uaddr & ~(uintptr_t)PAGE_MASK;
	uintptr_t end = (uaddr + size + PAGE_MASK) & ~(uintptr_t)PAGE_MASK;
	bool ok;
	int kr;

	if (map == NULL || size == 0 || uaddr + size < uaddr || end < uaddr)
		return false;
	spl_t s = splhigh();
	ok = vm_map_range_check(map, start, end, VM_PROT_READ, &kr);
	splx(s);
	return ok;
}

void ipc_ool_release_source(uintptr_t uaddr, size_t size)
{
	struct vm_map *map = current_map();
	uintptr_t start = uaddr & ~PAGE_MASK;
	uintptr_t end = (uaddr + size + PAGE_MASK) & ~PAGE_MASK;

	if (size == 0 || map == NULL || end < start)
		return;
	vm_map_remove(map, start, end);
}

mach_msg_return_t ipc_ool_copyout(struct vm_map_copy *copy, uintptr_t *uaddr)
{
	struct vm_map *map = current_map();

	*uaddr = 0;
	if (copy == NULL)
		return MACH_MSG_SUCCESS;
	if (map != NULL && vm_map_copyout(map, uaddr, copy) == KERN_SUCCESS)
		return MACH_MSG_SUCCESS;
	vm_map_copy_discard(copy);
	*uaddr = 0;
	return MACH_MSG_VM_SPACE;
}

bool ipc_ool_moved(const struct vm_map_copy *copy)
{
	return vm_map_copy_moved(copy);
}

void ipc_ool_unsend(struct vm_map_copy *copy)
{
	struct vm_map *map = current_map();

	if (map != NULL)
		vm_map_copy_unmove(map, copy);
	else
		vm_map_copy_discard(copy);
}

void ipc_ool_discard(struct vm_map_copy *copy)
{
	vm_map_copy_discard(copy);
}

bool ipc_ool_fast_prepare(uint8_t *body, size_t len, struct vm_map *dst,
			  uintptr_t rbuf, size_t rsize, struct ipc_ool_fast *f)
{
	struct vm_map *src = current_map();
	struct ipc_item it;
	size_t off = 0;

	if (src == NULL ||
	    ipc_item_parse(body, len, &off, &it) != MACH_MSG_SUCCESS ||
	    off != len || it.is_inline || it.is_port ||
	    !it.desc->msgt_deallocate ||
	    vm_map_move_prepare(src, *(uintptr_t *)it.data, it.bytes, dst,
				&f->mv) != KERN_SUCCESS)
		return false;
	if (src == dst && rbuf < f->mv.end && f->mv.start < rbuf + rsize)
		return false;
	*(uintptr_t *)it.data = f->mv.to + f->mv.offset;
	return true;
}

void ipc_ool_fast_commit(const struct ipc_ool_fast *f)
{
	vm_map_move_commit(&f->mv);
}
