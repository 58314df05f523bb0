/*
 * vm/memory_object.h - VM objects backed by external pagers (the kernel
 * as client of memory_object.defs).
 *
 * Not done yet: the pager protocol (memory_object_init, data_request and
 * the control-port calls that answer them). Until then a memory object
 * cannot be mapped.
 *
 * Lock: callable with the kernel lock held or not.
 */
#ifndef VM_MEMORY_OBJECT_H
#define VM_MEMORY_OBJECT_H

#include <stdint.h>
#include <mach/kern_return.h>

struct port;
struct vm_object;

/*
 * The VM object standing for the memory object pager (a send right the
 * caller keeps), created on first use and at least size bytes large: one
 * reference for the caller in *objp. KERN_SUCCESS, KERN_INVALID_ARGUMENT
 * (not a live port; for now: always, external pagers are not served).
 */
kern_return_t memory_object_vm_object(struct port *pager, uint64_t size,
				      struct vm_object **objp);

#endif /* VM_MEMORY_OBJECT_H */
