/*
 * x86_64/asm.h - constants shared by the assembly files and the C code of
 * the x86_64 layer (plain #defines only; the C side checks them with
 * _Static_assert in x86_64/trap.c).
 */
#ifndef X86_64_ASM_H
#define X86_64_ASM_H

#define ASM_KERNEL_BASE 0xFFFFFFFF80000000
#define ASM_KERNEL_CS	0x28
#define ASM_KERNEL_DS	0x30
#define ASM_USER_CS	0x1F
#define ASM_USER_DS	0x17

/* struct trap_frame: 15 general registers, vector, error, CPU frame. */
#define TF_RCX	  96
#define TF_R11	  32
#define TF_RAX	  112
#define TF_VECTOR 120
#define TF_RIP	  136
#define TF_RFLAGS 152
#define TF_RSP	  160
#define TF_SIZE	  176

#define ASM_VECTOR_SYSCALL 256

#define TF_CS 144

/* struct cpu (base/cpu.h, its arch part <machine/arch.h>) through %gs. */
#define CPU_USER_RSP	16
#define CPU_KSTACK_TOP	24
#define CPU_LOCK_SHARED 99 /* struct cpu's lock_shared (a byte) */
#define CPU_SELF	0  /* struct cpu's self pointer */
#define CPU_CURRENT	8  /* its running thread */
#define CPU_TLB_FLUSH	72 /* its arch part's tlb_flush (an int) */

/* struct thread's arch part (<machine/arch.h>), as entry.S writes it. */
#define THREAD_USER_FRAME     0x18
#define THREAD_USER_STATE_SET 0x221
#define THREAD_IN_MSG_TRAP    0x223

#define ASM_RFLAGS_IF 0x200

#define MSR_GS_BASE_NR 0xC0000101

/* Offset of the rsp0 field in the 64-bit TSS. */
#define TSS_RSP0 4

#endif /* X86_64_ASM_H */
