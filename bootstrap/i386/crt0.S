/*
 * bootstrap/i386/crt0.S - entry of the raw-trap i386 tasks: esp points at
 * argc, then argv[], NULL, envp[], NULL (ABI i386.md §5.2). As GNU Mach's
 * test _start: push the address of argc and call c_start(sp).
 */
	.text
	.globl	_start
_start:
	xorl	%ebp, %ebp
	pushl	%esp
	call	c_start
	ud2

	.section .note.GNU-stack, "", @progbits
