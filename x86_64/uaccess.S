/*
 * x86_64/uaccess.S - the instructions that touch user memory, but for
 * the inline copies of x86/usercopy_nofault.h.
 *
 * A page fault in kernel mode whose rip lies in one of the ranges of
 * usercopy_fixups resumes at that range's fixup address (trap.c), after
 * vm_fault has failed to make the page present. Called with the range
 * already checked against USER_ADDR_MAX (x86_64/usercopy.c).
 */
	.text

/* int usercopy_raw(void *dst, const void *src, size_t n): 0, or 1
 * (KERN_INVALID_ADDRESS) on a fault. Eight bytes a move, then the rest. */
	.globl	usercopy_raw
usercopy_raw:
	movq	%rdx, %rcx
	shrq	$3, %rcx
	andl	$7, %edx
copy_begin:
	rep movsq
	movq	%rdx, %rcx
	rep movsb
copy_end:
	xorl	%eax, %eax
	ret
copy_fault:
	movl	$1, %eax
	ret

/* long usercopy_str_raw(char *dst, const char *src, size_t max): bytes
 * copied including the NUL, max + 1 if no NUL in max bytes, -1 on fault. */
	.globl	usercopy_str_raw
usercopy_str_raw:
	xorl	%eax, %eax
1:	cmpq	%rdx, %rax
	je	2f
str_begin:
	movb	(%rsi, %rax), %cl
str_end:
	movb	%cl, (%rdi, %rax)
	incq	%rax
	testb	%cl, %cl
	jnz	1b
	ret
2:	leaq	1(%rdx), %rax
	ret
str_fault:
	movq	$-1, %rax
	ret

	.section .rodata
	.balign 8
	.globl	usercopy_fixups, usercopy_nr_fixups
usercopy_fixups:
	.quad	copy_begin, copy_end, copy_fault
	.quad	str_begin, str_end, str_fault
usercopy_nr_fixups:
	.quad	2

	.section .note.GNU-stack, "", @progbits
