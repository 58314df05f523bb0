/*
 * i386/asm.h - constants shared by the assembly files and the C code of
 * the i386 layer (plain #defines only; the C side checks them with
 * _Static_assert in i386/trap.c).
 */
#ifndef I386_ASM_H
#define I386_ASM_H

#define ASM_KERNEL_BASE 0xC0000000
#define ASM_KERNEL_CS	0x08
#define ASM_KERNEL_DS	0x10
/* The kernel's %gs: a GDT entry of each processor's own GDT, based at
 * its struct cpu (i386/cpu.c). */
#define ASM_KERNEL_PERCPU 0x28

/* struct trap_frame: 4 segment registers, pushal, vector, error, CPU. */
#define TF_EAX	  44
#define TF_VECTOR 48
#define TF_EIP	  56
#define TF_SIZE	  76

#define ASM_VECTOR_SYSCALL 256

/* Offset of esp0 in the 32-bit TSS. */
#define TSS_ESP0 4

#endif /* I386_ASM_H */
