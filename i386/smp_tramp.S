/*
 * i386/smp_tramp.S - the application processors' way from real mode to
 * 32-bit protected mode with PAE paging.
 *
 * x86/smp.c copies the bytes between smp_tramp_start and smp_tramp_end
 * to physical SMP_TRAMP_PA (below 1 MiB, x86/smp.h) and fills
 * smp_tramp_params in the copy; a startup IPI with vector
 * SMP_TRAMP_PA >> 12 starts the AP in real mode at
 * cs:ip = (SMP_TRAMP_PA >> 4):0. The code runs only from that copy, so
 * every address in it is SMP_TRAMP_PA + its offset. It
 *	- loads its own GDT (code 0x08, data 0x10: the kernel's selectors,
 *	  i386/cpu.c) and enters protected mode;
 *	- turns on PAE, loads params.cr3 (a PDPT whose slots 0 and 3 both
 *	  point at the kernel directory: low memory at 0 as well as the
 *	  kernel's top gigabyte, pmap_tramp_root in i386/pmap.c), sets the
 *	  EFER bits of params.efer (NXE when the boot processor has it;
 *	  EFER is left alone when it is 0), turns on paging (and WP);
 *	- loads params.stack into esp and calls params.entry(params.arg)
 *	  in the kernel (cdecl: the argument on the stack), which never
 *	  returns.
 * Interrupts stay off throughout.
 */
#include "asm.h"
#include "../x86/smp.h"

#define TRAMP(label)	(SMP_TRAMP_PA + (label) - smp_tramp_start)
#define PARAM(off)	(TRAMP(smp_tramp_params) + (off))

	.section .rodata
	.balign 16
	.globl	smp_tramp_start, smp_tramp_end, smp_tramp_params
smp_tramp_start:
	.code16
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	(tramp_gdt_ptr - smp_tramp_start)
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	$ASM_KERNEL_CS, $TRAMP(tramp_pm32)

	.code32
tramp_pm32:
	movl	$ASM_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	PARAM(TRAMP_CR3), %eax
	movl	%eax, %cr3
	movl	PARAM(TRAMP_EFER), %ebx
	testl	%ebx, %ebx
	jz	1f
	movl	$0xC0000080, %ecx	/* EFER */
	rdmsr
	orl	%ebx, %eax
	wrmsr
1:	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	movl	PARAM(TRAMP_STACK), %esp
	pushl	PARAM(TRAMP_ARG)
	pushl	$0			/* no return address */
	xorl	%ebp, %ebp
	movl	PARAM(TRAMP_ENTRY), %eax
	jmp	*%eax

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: code 32 */
	.quad	0x00CF92000000FFFF	/* 0x10: data */
tramp_gdt_end:
tramp_gdt_ptr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	TRAMP(tramp_gdt)

	.balign 8
/* struct smp_tramp_params (x86/smp.c; the offsets: x86/smp.h): cr3 (4
 * bytes), efer (4), stack (8), entry (8), arg (8); i386 reads the low 4
 * bytes of the last three. */
smp_tramp_params:
	.skip	TRAMP_PARAMS_LEN
smp_tramp_end:

	.section .note.GNU-stack, "", @progbits
