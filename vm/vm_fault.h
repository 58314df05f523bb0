/*
 * vm/vm_fault.h - resolving page faults on user addresses.
 */
#ifndef VM_VM_FAULT_H
#define VM_VM_FAULT_H

#include <stdint.h>

#define VM_FAULT_READ 0x1
#define VM_FAULT_WRITE 0x2
#define VM_FAULT_EXECUTE 0x4

struct task;

/*
 * Resolve a fault at user address addr in task's address space for the
 * given access. Called by the arch page-fault handler with interrupts
 * enabled. Returns KERN_SUCCESS (0) when the access can be retried, else a
 * kern_return_t for the exception code: KERN_INVALID_ADDRESS (nothing
 * mapped) or KERN_PROTECTION_FAILURE.
 */
int vm_fault(struct task *task, uintptr_t addr, int access);

#endif /* VM_VM_FAULT_H */
