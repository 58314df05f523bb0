/*
 * modules/mach3/syscall_traps.h - the syscall_* traps (ABI sheet §2.2,
 * -64 ... -76): the RPCs of mach.defs served without a message.
 *
 * Each takes the trap's argument vector (kern/syscall.c: a[0..10], the
 * registers then the stack slots) and returns the value for rax. The
 * target (task or thread) is a name in the caller's space: when it does
 * not denote a send right to an active kernel task (thread) port the trap
 * answers MACH_SEND_INTERRUPTED, and the caller falls back to the RPC.
 * Otherwise the work, the codes and the rights are the RPC's (the same
 * S_* functions run), with the ABI sheet's out-parameters written to user
 * memory; an out-parameter that cannot be written gives
 * KERN_INVALID_ADDRESS and the call's effect is undone.
 *
 * Lock: called without the kernel lock, interrupts on (syscall_dispatch).
 */
#ifndef MODULES_MACH3_SYSCALL_TRAPS_H
#define MODULES_MACH3_SYSCALL_TRAPS_H

#include <stdint.h>

uint64_t syscall_trap_vm_map(const uint64_t *a);
uint64_t syscall_trap_vm_allocate(const uint64_t *a);
uint64_t syscall_trap_vm_deallocate(const uint64_t *a);
uint64_t syscall_trap_task_create(const uint64_t *a);
uint64_t syscall_trap_task_terminate(const uint64_t *a);
uint64_t syscall_trap_task_suspend(const uint64_t *a);
uint64_t syscall_trap_task_set_special_port(const uint64_t *a);
uint64_t syscall_trap_mach_port_allocate(const uint64_t *a);
uint64_t syscall_trap_mach_port_deallocate(const uint64_t *a);
uint64_t syscall_trap_mach_port_insert_right(const uint64_t *a);
uint64_t syscall_trap_mach_port_allocate_name(const uint64_t *a);
uint64_t syscall_trap_thread_depress_abort(const uint64_t *a);

#endif /* MODULES_MACH3_SYSCALL_TRAPS_H */
