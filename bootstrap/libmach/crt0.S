/*
 * Program entry (ABI §7.2). On entry rsp points at the argument block:
 * argc (8 bytes), argv[0 .. argc-1], NULL, envp[...], NULL; rsp is 16-byte
 * aligned and every other register is 0. _start calls
 * libmach_start(argc, argv, envp), which runs main and never returns.
 */
	.text
	.globl _start
	.type _start, @function
	.p2align 4
_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl %ebp, %ebp			/* outermost frame for debuggers */
	movq (%rsp), %rdi		/* argc */
	leaq 8(%rsp), %rsi		/* argv */
	leaq 16(%rsp, %rdi, 8), %rdx	/* envp = &argv[argc + 1] */
	andq $-16, %rsp			/* the call leaves rsp+8 aligned */
	call libmach_start
	ud2				/* libmach_start does not return */
	.cfi_endproc
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
