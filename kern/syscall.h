/*
 * kern/syscall.h - the Mach trap table (../shared/abi/x86_64.md §2).
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <stdint.h>

/* Number of trap slots: traps 0 .. -(SYSCALL_SLOTS - 1). */
#define SYSCALL_SLOTS 130

/*
 * Called by the arch syscall entry with interrupts enabled, on the current
 * thread's kernel stack. number = eax sign-extended; a[0..5] = rdi, rsi,
 * rdx, r10, r8, r9; usp = the user rsp at the syscall instruction (args 7+
 * are at usp + 8, usp + 16, ...). Returns the value for rax. A number out of
 * range raises EXC_BAD_INSTRUCTION in the caller instead (and returns
 * whatever the exception handler leaves in rax).
 */
uint64_t syscall_dispatch(int64_t number, const uint64_t a[6], uintptr_t usp);

/* Most arguments a trap takes (syscall_vm_map). */
#define SYSCALL_MAX_ARGS 11

/*
 * For an arch whose traps pass every argument in memory (i386: the cdecl
 * words on the user stack): the number of arguments trap number takes (0
 * for an unused slot or a number out of range), which the arch reads
 * itself, then the trap run with them (args[0 .. nargs-1]). Same results
 * and exceptions as syscall_dispatch.
 */
unsigned int syscall_nargs(int64_t number);
uint64_t syscall_dispatch_args(int64_t number, const uint64_t *args);

#endif /* KERN_SYSCALL_H */
