/*
 * i386/start.S - Multiboot (v1) entry.
 *
 * GRUB loads the ELF32 image at its physical (p_paddr) addresses and jumps
 * to the physical e_entry in 32-bit protected mode, paging off, interrupts
 * off, eax = multiboot magic, ebx = physical address of the multiboot info.
 *
 * _start checks the magic and PAE, fills the boot page tables (PAE, 2 MiB
 * pages; one page directory mapping physical 0 .. 768 MiB, used twice):
 *	0 .. 768 MiB			-> 0 .. 768 MiB (identity, dropped later)
 *	0xC0000000 .. +768 MiB		-> 0 .. 768 MiB (direct map, kernel)
 * turns on NX when the CPU has it, enables paging, jumps to the higher
 * half, sets up the boot stack and calls arch_boot(mbi) (x86/boot.c).
 */
#include "asm.h"

#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	0x00000003	/* page-align modules, memory info */
#define MB_BOOT_MAGIC	0x2BADB002

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

#define PHYSMAP_PDES	384		/* 768 MiB in 2 MiB pages */

	.section .boot, "ax"
	.code32
	.balign 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.globl _start
_start:
	cli
	cld
	movl	$boot_stack32_top, %esp
	cmpl	$MB_BOOT_MAGIC, %eax
	jne	boot_fail_magic
	movl	%ebx, boot_mbi

	/* PAE available? (CPUID exists on every CPU with PAE.) */
	movl	$1, %eax
	cpuid
	testl	$(1 << 6), %edx
	jz	boot_fail_pae
	/* NX: extended leaf 0x80000001, edx bit 20. */
	xorl	%esi, %esi
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	1f
	movl	$0x80000001, %eax
	cpuid
	movl	%edx, %esi
1:
	call	boot_build_tables

	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	$boot_pdpt, %eax
	movl	%eax, %cr3
	testl	$(1 << 20), %esi
	jz	2f
	movl	$0xC0000080, %ecx	/* EFER.NXE */
	rdmsr
	orl	$(1 << 11), %eax
	wrmsr
	movl	$1, boot_nx - ASM_KERNEL_BASE	/* paging still off */
2:	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0
	movl	$high_half, %eax
	jmp	*%eax

/* Zero the tables, then fill them. Clobbers eax, ecx, edi. */
boot_build_tables:
	movl	$boot_tables_start, %edi
	movl	$((boot_tables_end - boot_tables_start) / 4), %ecx
	xorl	%eax, %eax
	rep stosl
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, boot_pd(, %ecx, 8)
	incl	%ecx
	cmpl	$PHYSMAP_PDES, %ecx
	jne	1b
	/* PDPT entries: present only (no W/U bits in PAE PDPTEs). */
	movl	$(boot_pd + PTE_P), boot_pdpt
	movl	$(boot_pd + PTE_P), boot_pdpt + 3 * 8
	ret

/* Fatal boot errors: a message on COM1, then halt. */
boot_fail_magic:
	movl	$msg_magic, %esi
	jmp	boot_fail
boot_fail_pae:
	movl	$msg_pae, %esi
boot_fail:
1:	lodsb
	testb	%al, %al
	jz	3f
	movb	%al, %ah
	movw	$0x3FD, %dx
2:	inb	%dx, %al
	testb	$0x20, %al
	jz	2b
	movb	%ah, %al
	movw	$0x3F8, %dx
	outb	%al, %dx
	jmp	1b
3:	cli
	hlt
	jmp	3b

	.section .boot.data, "aw"
	.balign 4
	.globl	boot_mbi
boot_mbi:
	.long	0
msg_magic:
	.asciz	"mach5: not loaded by a multiboot loader\r\n"
msg_pae:
	.asciz	"mach5: this CPU has no PAE (i386 needs it)\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
	.globl	boot_pdpt, boot_pd
boot_tables_start:
boot_pdpt:
	.skip	4096
boot_pd:
	.skip	4096
boot_tables_end:
	.skip	1024
boot_stack32_top:

/* ---- Higher half ---------------------------------------------------- */

	.text
high_half:
	movl	$boot_stack_top, %esp
	xorl	%ebp, %ebp
	pushl	boot_mbi		/* low address: identity map still on */
	call	arch_boot
1:	cli
	hlt
	jmp	1b

	.data
	.balign 4
	.globl	boot_nx
boot_nx:
	.long	0		/* EFER.NXE is on */

	.bss
	.balign 16
	.globl	boot_stack, boot_stack_top
boot_stack:
	.skip	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
