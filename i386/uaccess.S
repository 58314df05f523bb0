/*
 * i386/uaccess.S - the instructions that touch user memory, but for
 * the inline copies of x86/usercopy_nofault.h.
 *
 * A page fault in kernel mode whose eip lies in one of the ranges of
 * usercopy_fixups resumes at that range's fixup address (trap.c), after
 * vm_fault has failed to make the page present. Called with the range
 * already checked against USER_ADDR_MAX (x86/usercopy.c). cdecl; esi and
 * edi are saved around the copies, so a fixup finds them on the stack.
 */
	.text

/* int usercopy_raw(void *dst, const void *src, size_t n): 0, or 1
 * (KERN_INVALID_ADDRESS) on a fault. Four bytes a move, then the rest. */
	.globl	usercopy_raw
usercopy_raw:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %edi
	movl	16(%esp), %esi
	movl	20(%esp), %ecx
	movl	%ecx, %edx
	shrl	$2, %ecx
	andl	$3, %edx
copy_begin:
	rep movsl
	movl	%edx, %ecx
	rep movsb
copy_end:
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
copy_fault:
	movl	$1, %eax
	popl	%edi
	popl	%esi
	ret

/* long usercopy_str_raw(char *dst, const char *src, size_t max): bytes
 * copied including the NUL, max + 1 if no NUL in max bytes, -1 on fault. */
	.globl	usercopy_str_raw
usercopy_str_raw:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %edi
	movl	16(%esp), %esi
	movl	20(%esp), %edx
	xorl	%eax, %eax
1:	cmpl	%edx, %eax
	je	2f
str_begin:
	movb	(%esi, %eax), %cl
str_end:
	movb	%cl, (%edi, %eax)
	incl	%eax
	testb	%cl, %cl
	jnz	1b
	jmp	3f
2:	leal	1(%edx), %eax
	jmp	3f
str_fault:
	movl	$-1, %eax
3:	popl	%edi
	popl	%esi
	ret

	.section .rodata
	.balign 4
	.globl	usercopy_fixups, usercopy_nr_fixups
usercopy_fixups:
	.long	copy_begin, copy_end, copy_fault
	.long	str_begin, str_end, str_fault
usercopy_nr_fixups:
	.long	2

	.section .note.GNU-stack, "", @progbits
