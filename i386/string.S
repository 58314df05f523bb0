/*
 * i386/string.S - the kernel's memset and memcpy with string moves: four
 * bytes a step (rep stosl / rep movsl), then the rest byte by byte. They
 * replace lib/string.c's portable versions (weak) in the kernel.
 */
	.text

/* void *memset(void *s, int c, size_t n) */
	.globl	memset
memset:
	pushl	%edi
	movl	8(%esp), %edi
	movzbl	12(%esp), %eax
	imull	$0x01010101, %eax, %eax
	movl	16(%esp), %ecx
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep stosl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep stosb
	movl	8(%esp), %eax
	popl	%edi
	ret

/* void *memcpy(void *dst, const void *src, size_t n) */
	.globl	memcpy
memcpy:
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %edi
	movl	16(%esp), %esi
	movl	20(%esp), %ecx
	movl	%ecx, %edx
	shrl	$2, %ecx
	rep movsl
	movl	%edx, %ecx
	andl	$3, %ecx
	rep movsb
	movl	12(%esp), %eax
	popl	%edi
	popl	%esi
	ret

	.section .note.GNU-stack, "", @progbits
