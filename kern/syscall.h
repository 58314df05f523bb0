/*
 * kern/syscall.h - the Mach trap table (../shared/abi/x86_64.md §2).
 */
#ifndef KERN_SYSCALL_H
#define KERN_SYSCALL_H

#include <stdint.h>

/* Number of trap slots: traps 0 .. -(SYSCALL_SLOTS - 1). */
#define SYSCALL_SLOTS 130

/* syscall_dispatch, what the arch syscall entry calls. */
#include <base/arch_callbacks.h>

/*
 * A module's trap: SYSCALL_TRAP(n, fn, nargs) makes trap -n call fn with
 * nargs arguments (more than 6 are read from the user stack). The entries
 * form the "mach5_traps" linker set, which syscall_init copies into the
 * trap table at boot (a number taken twice panics there).
 */
typedef uint64_t (*syscall_trap_fn)(const uint64_t *a);

struct syscall_trap {
	int number; /* the trap is -number */
	unsigned int nargs;
	syscall_trap_fn fn;
} __attribute__((aligned(8))); /* the linker set's stride */

#define SYSCALL_TRAP(number_, fn_, nargs_)                                     \
	static const struct syscall_trap syscall_trap_##fn_                    \
		__attribute__((used, section("mach5_traps"), aligned(8))) = {  \
			.number = (number_),                                   \
			.nargs = (nargs_),                                     \
			.fn = (fn_),                                           \
	}

/* Boot: add the modules' traps to the table. Before the first user task. */
void syscall_init(void);

/* SYSCALL_MAX_ARGS, syscall_nargs, syscall_dispatch_args: base/arch_callbacks.h
 */

#endif /* KERN_SYSCALL_H */
