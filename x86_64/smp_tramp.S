/*
 * x86_64/smp_tramp.S - the application processors' way from real mode to
 * long mode.
 *
 * x86/smp.c copies the bytes between smp_tramp_start and smp_tramp_end
 * to physical SMP_TRAMP_PA (below 1 MiB, x86/smp.h) and fills
 * smp_tramp_params in
 * the copy; a startup IPI with vector SMP_TRAMP_PA >> 12 starts the AP in
 * real mode at cs:ip = (SMP_TRAMP_PA >> 4):0. The code runs only from
 * that copy, so every address in it is SMP_TRAMP_PA + its offset. It
 *	- loads its own GDT (32-bit code 0x08, data 0x10, 64-bit code 0x18)
 *	  and enters protected mode;
 *	- turns on PAE, loads params.cr3 (a page-table root that maps the
 *	  low 4 GiB at 0 as well as the kernel half, pmap_tramp_root in
 *	  x86_64/pmap.c), sets EFER.LME
 *	  and the EFER bits in params.efer, turns on paging (and WP);
 *	- in long mode, loads params.stack into rsp and calls
 *	  params.entry(params.arg) in the kernel's higher half, which never
 *	  returns.
 * Interrupts stay off throughout.
 */
#include "asm.h"
#include "../x86/smp.h"

#define TRAMP(label)	(SMP_TRAMP_PA + (label) - smp_tramp_start)

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
	ljmpl	$0x08, $TRAMP(tramp_pm32)

	.code32
tramp_pm32:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	TRAMP(smp_tramp_params) + TRAMP_CR3, %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx	/* EFER */
	rdmsr
	orl	$(1 << 8), %eax		/* LME */
	orl	TRAMP(smp_tramp_params) + TRAMP_EFER, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	ljmpl	$0x18, $TRAMP(tramp_lm64)

	.code64
tramp_lm64:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movq	TRAMP(smp_tramp_params) + TRAMP_STACK, %rsp
	movq	TRAMP(smp_tramp_params) + TRAMP_ARG, %rdi
	movq	TRAMP(smp_tramp_params) + TRAMP_ENTRY, %rax
	xorl	%ebp, %ebp
	pushq	$0			/* no return address */
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00CF9A000000FFFF	/* 0x08: code 32 */
	.quad	0x00CF92000000FFFF	/* 0x10: data */
	.quad	0x00AF9A000000FFFF	/* 0x18: code 64 */
tramp_gdt_end:
tramp_gdt_ptr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	TRAMP(tramp_gdt)

	.balign 8
/* struct smp_tramp_params (x86/smp.c; the offsets: x86/smp.h): cr3 (4
 * bytes), efer (4), stack (8), entry (8), arg (8). */
smp_tramp_params:
	.skip	TRAMP_PARAMS_LEN
smp_tramp_end:

	.section .note.GNU-stack, "", @progbits
