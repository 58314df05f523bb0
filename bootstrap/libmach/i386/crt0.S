/*
 * Program entry on i386 (ABI i386.md §5.2). On entry esp points at the
 * argument block: argc (4 bytes), argv[0 .. argc-1], NULL, envp[...],
 * NULL; esp is 4-byte aligned and every other register is 0. _start
 * calls libmach_start(argc, argv, envp) (cdecl, the stack 16-byte aligned
 * at the call as the i386 System V ABI wants), which never returns.
 */
	.text
	.globl _start
	.type _start, @function
	.p2align 4
_start:
	.cfi_startproc
	.cfi_undefined eip
	xorl %ebp, %ebp			/* outermost frame for debuggers */
	movl (%esp), %eax		/* argc */
	leal 4(%esp), %ecx		/* argv */
	leal 8(%esp, %eax, 4), %edx	/* envp = &argv[argc + 1] */
	andl $-16, %esp
	subl $4, %esp			/* three arguments, then aligned */
	pushl %edx
	pushl %ecx
	pushl %eax
	call libmach_start
	ud2				/* libmach_start does not return */
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
