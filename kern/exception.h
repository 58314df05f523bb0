/*
 * kern/exception.h - user exceptions (../shared/abi/x86_64.md §8).
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

#include <stdint.h>

/* Exception classes (mach/exception.h). */
#define EXC_BAD_ACCESS	    1
#define EXC_BAD_INSTRUCTION 2
#define EXC_ARITHMETIC	    3
#define EXC_EMULATION	    4
#define EXC_SOFTWARE	    5
#define EXC_BREAKPOINT	    6

/* x86 codes (mach/i386/exception.h). */
#define EXC_I386_INVOP	   1
#define EXC_I386_DIV	   1
#define EXC_I386_INTO	   2
#define EXC_I386_EXTERR	   5
#define EXC_I386_BOUND	   7
#define EXC_I386_SGL	   1
#define EXC_I386_BPT	   2
#define EXC_I386_INVTSSFLT 10
#define EXC_I386_SEGNPFLT  11
#define EXC_I386_STKFLT	   12
#define EXC_I386_GPFLT	   13
#define EXC_I386_PGFLT	   14

/*
 * Raise an exception in the current (user) thread. Called by the arch trap
 * handlers and by syscall_dispatch with interrupts enabled. Delivers
 * exception_raise to the thread's, then the task's exception port; with no
 * handler the task is terminated (and this does not return). Returns when a
 * handler replied KERN_SUCCESS: the thread then resumes at its (possibly
 * changed) user state.
 */
void exception_raise_user(int exception, int64_t code, int64_t subcode);

#endif /* KERN_EXCEPTION_H */
