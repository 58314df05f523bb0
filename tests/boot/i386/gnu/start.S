/*
 * tests/boot/i386/gnu/start.S - the entry of the gnu-i686 test program
 * (ABI i386.md §5.2, §7): esp points at argc, then argv[], NULL, envp[],
 * NULL; as GNU Mach's test _start, push the address of argc and call
 * c_start(sp).
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	pushl	%esp
	call	c_start
	hlt

	.section .note.GNU-stack, "", @progbits
