/*
 * x86_64/start.S - Multiboot (v1) entry.
 *
 * The loader (GRUB or QEMU's -kernel) loads the image at the physical
 * addresses the multiboot header gives (kernel.lds) and jumps to _start
 * in 32-bit protected mode, paging off, interrupts off, eax = multiboot
 * magic, ebx = physical address of the multiboot info.
 *
 * _start checks the magic and long mode, fills the boot page tables (all
 * 2 MiB pages) and enters long mode:
 *	0 .. 4 GiB			-> 0 .. 4 GiB (identity, dropped later)
 *	PHYSMAP_BASE .. + 4 GiB		-> 0 .. 4 GiB
 *	KERNEL_BASE .. + 1 GiB		-> 0 .. 1 GiB
 * then jumps to the higher half, sets up the boot stack and calls
 * arch_boot(mbi) (x86_64/boot.c), which never returns.
 *
 * Everything here up to long_mode_high runs at low (physical) addresses in
 * the .boot section.
 */
#include "asm.h"

#define MB_MAGIC	0x1BADB002
/* Page-align modules, memory info, load addresses in the header (the
 * a.out kludge: QEMU's -kernel loads no ELF64 image without it). */
#define MB_FLAGS	0x00010003
#define MB_BOOT_MAGIC	0x2BADB002

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

	.section .boot, "ax"
	.code32
	.balign 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long multiboot_header		/* header_addr */
	.long _kernel_start_phys	/* load_addr */
	.long _kernel_load_end_phys	/* load_end_addr */
	.long _kernel_bss_end_phys	/* bss_end_addr */
	.long _start			/* entry_addr */

	.globl _start
_start:
	cli
	cld
	movl	$boot_stack32_top, %esp
	cmpl	$MB_BOOT_MAGIC, %eax
	jne	boot_fail_magic
	movl	%ebx, boot_mbi

	/* Long mode available? */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	boot_fail_lm
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	boot_fail_lm
	movl	%edx, %esi		/* bit 20: NX */

	call	boot_build_tables

	/* PAE, then EFER.LME (+ NXE), then paging. */
	movl	%cr4, %eax
	orl	$(1 << 5), %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3
	movl	$0xC0000080, %ecx
	rdmsr
	orl	$(1 << 8), %eax
	testl	$(1 << 20), %esi
	jz	1f
	orl	$(1 << 11), %eax
1:	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG | WP | PE */
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$ASM_KERNEL_CS, $long_mode_low

/* Zero the tables, then fill them. Clobbers eax, ecx, edx, edi. */
boot_build_tables:
	movl	$boot_tables_start, %edi
	movl	$((boot_tables_end - boot_tables_start) / 4), %ecx
	xorl	%eax, %eax
	rep stosl
	/* Four page directories: 2048 large pages covering 0 .. 4 GiB. */
	movl	$boot_pd, %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, (%edi, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jne	1b
	/* Low PDPT: the four directories (identity and physmap share it). */
	xorl	%ecx, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$(boot_pd + PTE_P + PTE_W), %eax
	movl	%eax, boot_pdpt_low(, %ecx, 8)
	incl	%ecx
	cmpl	$4, %ecx
	jne	2b
	/* High PDPT, slot 510 (KERNEL_BASE): 0 .. 1 GiB. */
	movl	$(boot_pd + PTE_P + PTE_W), boot_pdpt_high + 510 * 8
	movl	$(boot_pdpt_low + PTE_P + PTE_W), boot_pml4
	movl	$(boot_pdpt_low + PTE_P + PTE_W), boot_pml4 + 256 * 8
	movl	$(boot_pdpt_high + PTE_P + PTE_W), boot_pml4 + 511 * 8
	ret

/* Fatal boot errors: a message on COM1, then halt. */
boot_fail_magic:
	movl	$msg_magic, %esi
	jmp	boot_fail
boot_fail_lm:
	movl	$msg_lm, %esi
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

	.code64
long_mode_low:
	movl	$ASM_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$long_mode_high, %rax
	jmp	*%rax

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad	0
	.quad	0
	.quad	0
	.quad	0
	.quad	0
	.quad	0x00AF9A000000FFFF	/* 0x28: kernel code, 64-bit */
	.quad	0x00CF92000000FFFF	/* 0x30: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt
	.globl	boot_mbi
boot_mbi:
	.long	0
msg_magic:
	.asciz	"mach5: not loaded by a multiboot loader\r\n"
msg_lm:
	.asciz	"mach5: this CPU has no long mode (x86_64)\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
	.globl	boot_pml4
boot_tables_start:
boot_pml4:
	.skip	4096
boot_pdpt_low:
	.skip	4096
boot_pdpt_high:
	.skip	4096
boot_pd:
	.skip	4 * 4096
boot_tables_end:
	.skip	1024
boot_stack32_top:

/* ---- Higher half ---------------------------------------------------- */

	.text
long_mode_high:
	leaq	boot_stack_top(%rip), %rsp
	xorl	%ebp, %ebp
	movl	boot_mbi, %edi		/* low address: identity map still on */
	call	arch_boot
1:	cli
	hlt
	jmp	1b

	.bss
	.balign 16
	.globl	boot_stack, boot_stack_top
boot_stack:
	.skip	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
