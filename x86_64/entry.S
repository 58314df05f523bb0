/*
 * x86_64/entry.S - the kernel entry and exit paths.
 *
 *  - trap stubs for vectors 0-47: push a zero error code where the CPU
 *    pushes none, push the vector, save the general registers into a
 *    struct trap_frame (<machine/trap.h>) and call trap_handler(frame);
 *    trap_return restores the frame and irets;
 *  - syscall_entry: the syscall instruction (LSTAR). Switches to the
 *    thread's kernel stack (TSS rsp0), builds the same trap_frame and calls
 *    syscall_handler(frame) (syscall_handler_msg for mach_msg); returns with sysretq when the handler says it
 *    is safe, through trap_return otherwise;
 *  - context_switch / thread_trampoline: kernel thread switching.
 *
 * All gates are interrupt gates and SFMASK clears IF, so every C entry
 * point is called with interrupts disabled.
 */
#include "asm.h"

	.text

/* Save the general registers below vector/error; rsp -> trap_frame. */
.macro SAVE_REGS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro STUB_NOERR v
	.balign 16
trap_stub_\v:
	pushq	$0
	pushq	$\v
	jmp	trap_common
.endm

.macro STUB_ERR v
	.balign 16
trap_stub_\v:
	pushq	$\v
	jmp	trap_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
	STUB_NOERR \v
	.endr
	.irp v, 8,10,11,12,13,14,17,21,29,30
	STUB_ERR \v
	.endr
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	STUB_NOERR \v
	.endr

	.balign 16
trap_common:
	SAVE_REGS
	cld
	movq	%rsp, %rdi
	call	trap_handler
	.globl	trap_return
trap_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector, error */
	iretq

/* noreturn void trap_return_to(struct trap_frame *f): interrupts off. */
	.globl	trap_return_to
trap_return_to:
	movq	%rdi, %rsp
	jmp	trap_return

/*
 * syscall: rcx = user rip, r11 = user rflags, rsp = user rsp, IF/TF/DF/AC
 * masked. One CPU and IF off: a scratch word holds the user rsp until it
 * is pushed. NMI and #DF use IST stacks, so nothing runs on the user stack.
 */
	.globl	syscall_entry
syscall_entry:
	movq	%rsp, syscall_user_rsp(%rip)
	movq	cpu_tss + TSS_RSP0(%rip), %rsp
	pushq	$ASM_USER_DS
	pushq	syscall_user_rsp(%rip)
	pushq	%r11
	pushq	$ASM_USER_CS
	pushq	%rcx
	pushq	$0
	pushq	$ASM_VECTOR_SYSCALL
	SAVE_REGS
	movq	%rsp, %rdi
	cmpl	$-25, %eax		/* mach_msg: its own handler */
	jne	1f
	call	syscall_handler_msg
	jmp	2f
1:	call	syscall_handler
2:	testl	%eax, %eax
	jz	trap_return
	/* sysret: rcx == rip and r11 == rflags in the frame, rip canonical. */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	addq	$8, %rsp		/* r11 */
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	addq	$8, %rsp		/* rcx */
	popq	%rbx
	popq	%rax
	movq	TF_RIP - TF_VECTOR(%rsp), %rcx
	movq	TF_RFLAGS - TF_VECTOR(%rsp), %r11
	movq	TF_RSP - TF_VECTOR(%rsp), %rsp
	sysretq

/*
 * void context_switch(uintptr_t *save_ksp, uintptr_t load_ksp):
 * save the callee-saved registers on the current stack, store rsp in
 * *save_ksp, load load_ksp and pop the next thread's registers. Interrupts
 * off. The frame layout is built for new threads by arch_thread_init.
 */
	.globl	context_switch
context_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/* First run of a thread: rbx = entry, r12 = arg. Enables interrupts. */
	.globl	thread_trampoline
thread_trampoline:
	movq	%r12, %rdi
	sti
	call	*%rbx
	ud2

	.section .rodata
	.balign 8
	.globl	trap_stub_table
trap_stub_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
	.quad	trap_stub_\v
	.endr
	.irp v, 24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad	trap_stub_\v
	.endr

	.bss
	.balign 8
syscall_user_rsp:
	.skip	8

	.section .note.GNU-stack, "", @progbits
