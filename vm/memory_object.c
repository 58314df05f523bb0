/*
 * vm/memory_object.c - external pagers (see memory_object.h).
 *
 * Lock order: the kernel lock only.
 */
#include <stddef.h>
#include <vm/memory_object.h>

kern_return_t memory_object_vm_object(struct port *pager, uint64_t size,
				      struct vm_object **objp)
{
	(void)pager;
	(void)size;
	*objp = NULL;
	return KERN_INVALID_ARGUMENT;
}
