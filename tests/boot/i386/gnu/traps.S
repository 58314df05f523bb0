/*
 * tests/boot/i386/gnu/traps.S - the Mach traps of the gnu-i686 test
 * program, made from gnumach-dev's own <mach/syscall_sw.h> as GNU's C
 * library makes them: each kernel_trap(NAME, NUMBER, ARGS) line becomes
 * "NAME: movl $NUMBER,%eax; lcall $7,$0; ret" (its <mach/machine/asm.h>,
 * preprocessed with __i386__).
 */
#include <mach/syscall_sw.h>

	.section .note.GNU-stack, "", @progbits
