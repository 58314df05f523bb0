/*
 * x86_64/entry.S - the kernel entry and exit paths.
 *
 *  - trap stubs for vectors 0-47: push a zero error code where the CPU
 *    pushes none, push the vector, save the general registers into a
 *    struct trap_frame (<machine/trap.h>) and call trap_handler(frame);
 *    trap_return restores the frame and irets;
 *  - syscall_entry: the syscall instruction (LSTAR). Switches to the
 *    thread's kernel stack (TSS rsp0), builds the same trap_frame and calls
 *    syscall_handler(frame) (for mach_msg, jumps to syscall_msg_handler
 *    with the trap's six arguments); returns (syscall_return) with sysretq
 *    when the handler says it is safe, through trap_return otherwise;
 *  - context_switch / thread_trampoline: kernel thread switching.
 *
 * All gates are interrupt gates and SFMASK clears IF, so every C entry
 * point is called with interrupts disabled.
 *
 * GS: in kernel mode the GS base is the processor's struct cpu
 * (base/cpu.h); the user's is in MSR_KERNEL_GS_BASE meanwhile. Every
 * entry from user mode and every return to it swaps them (swapgs), by the
 * saved cs. NMI, #DF and #MC may come between an entry and its swapgs:
 * their stubs (paranoid_common) look at the GS base itself (kernel
 * addresses are negative) and restore it as it was.
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

/* NMI, #DF, #MC: on IST stacks, anywhere, GS either way. */
.macro STUB_PARANOID v
	.balign 16
trap_stub_\v:
	.if \v != 8
	pushq	$0
	.endif
	pushq	$\v
	jmp	paranoid_common
.endm

	.irp v, 0,1,3,4,5,6,7,9,15,16,19,20,22,23,24,25,26,27,28,31
	STUB_NOERR \v
	.endr
	.irp v, 10,11,12,13,14,17,21,29,30
	STUB_ERR \v
	.endr
	.irp v, 2,8,18
	STUB_PARANOID \v
	.endr
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	STUB_NOERR \v
	.endr
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	STUB_NOERR \v
	.endr

	.balign 16
paranoid_common:
	SAVE_REGS
	cld
	movl	$MSR_GS_BASE_NR, %ecx
	rdmsr
	xorl	%ebx, %ebx		/* rbx: 1 if we swapped */
	testl	%edx, %edx
	js	1f			/* a kernel address: kernel GS */
	swapgs
	movl	$1, %ebx
1:	movq	%rsp, %rdi
	call	trap_handler
	testl	%ebx, %ebx
	jz	trap_pop
	swapgs
	jmp	trap_pop

	.balign 16
trap_common:
	testb	$3, 24(%rsp)		/* cs, above vector and error */
	jz	1f
	swapgs
1:	SAVE_REGS
	cld
	movq	%rsp, %rdi
	call	trap_handler
	.globl	trap_return
trap_return:
	testb	$3, TF_CS(%rsp)
	jz	trap_pop
	swapgs
trap_pop:
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
 * masked. The processor's scratch word (struct cpu, %gs) holds the user
 * rsp until it is pushed. NMI and #DF use IST stacks, so nothing runs on
 * the user stack.
 */
	.globl	syscall_entry
syscall_entry:
	swapgs
	movq	%rsp, %gs:CPU_USER_RSP
	movq	%gs:CPU_KSTACK_TOP, %rsp
	pushq	$ASM_USER_DS
	pushq	%gs:CPU_USER_RSP
	pushq	%r11
	pushq	$ASM_USER_CS
	pushq	%rcx
	pushq	$0
	pushq	$ASM_VECTOR_SYSCALL
	SAVE_REGS
	cmpl	$-25, %eax		/* mach_msg: its own handler, */
	jne	1f
	movq	%r10, %rcx		/* with the arguments as they came */
	jmp	*syscall_msg_handler(%rip)
1:	movq	%rsp, %rdi
	call	syscall_handler
/* A trap's end, rsp at its frame: eax true when sysretq may return. */
syscall_return:
	testl	%eax, %eax
	jz	trap_return
	/* sysret: rcx == rip and r11 == rflags in the frame, rip canonical. */
syscall_sysret:
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
	swapgs
	sysretq

/* msg_trap_enter (x86_64/syscall.c) in a mach_msg handler that
 * syscall_entry jumped to (rsp at the frame): the running thread's user
 * frame, its flags, the frame's trap number sign-extended. Uses rax. */
.macro MSG_TRAP_ENTER
	movq	%gs:CPU_CURRENT, %rax
	movq	%rsp, THREAD_USER_FRAME(%rax)
	movb	$0, THREAD_USER_STATE_SET(%rax)
	movb	$1, THREAD_IN_MSG_TRAP(%rax)
	movq	$-25, TF_RAX(%rsp)
.endm

/*
 * syscall_handler_msg_alone(a0, ..., a5): syscall_msg_handler while one
 * processor runs threads, jumped to by syscall_entry with the trap's
 * arguments as it passed them (rdi, rsi, rdx, rcx, r8, r9; rax and r11
 * are free) and rsp at the frame, which syscall_return ends:
 * syscall_handler_msg's start (x86_64/syscall.c) in assembly. The kernel
 * lock taken, the trap's flags set (msg_trap_enter),
 * ipc_fast_mach_msg_trap called; its result goes to
 * syscall_msg_finish_alone, which returns what the handler returns. A lock
 * not free, or a shootdown waiting once it is taken (the lock given back),
 * and syscall_handler_msg does it all. Interrupts off.
 */
	.globl	syscall_handler_msg_alone
syscall_handler_msg_alone:
	movq	%gs:CPU_SELF, %r11
	xorl	%eax, %eax
	lock cmpxchgq %r11, kernel_lock(%rip)
	jne	2f
	cmpl	$0, %gs:CPU_TLB_FLUSH
	jne	1f
	MSG_TRAP_ENTER
	call	ipc_fast_mach_msg_trap
	movq	%rsp, %rdi
	movq	%rax, %rsi
	call	syscall_msg_finish_alone
	jmp	syscall_return
1:	movq	$0, kernel_lock(%rip)
2:	call	syscall_handler_msg
	jmp	syscall_return

/*
 * syscall_handler_msg_shared(a0, ..., a5): syscall_msg_handler once
 * several processors run threads, jumped to as syscall_handler_msg_alone:
 * syscall_handler_msg_smp's start (x86_64/syscall.c) in assembly. The
 * kernel lock taken shared as kernel_lock_acquire_shared takes it (this
 * processor's flag set by xchg, a full barrier, then the word found free),
 * the trap's flags set, syscall_mach_msg_shared called (on, its sixth
 * argument, in r9: the fast path's RPC reads no timeout); its result goes
 * to syscall_msg_finish_shared. The word taken, or a shootdown waiting,
 * and the hold is given back and syscall_handler_msg_smp does it all.
 * Interrupts off.
 */
	.globl	syscall_handler_msg_shared
syscall_handler_msg_shared:
	movl	$1, %eax
	xchgb	%al, %gs:CPU_LOCK_SHARED
	cmpq	$0, kernel_lock(%rip)
	jne	1f
	cmpl	$0, %gs:CPU_TLB_FLUSH
	jne	1f
	MSG_TRAP_ENTER
	movl	$ASM_RFLAGS_IF, %r9d
	call	syscall_mach_msg_shared
	movq	%rsp, %rdi
	movq	%rax, %rsi
	call	syscall_msg_finish_shared
	jmp	syscall_return
1:	movb	$0, %gs:CPU_LOCK_SHARED
	call	syscall_handler_msg_smp
	jmp	syscall_return

/* Push the callee-saved registers and store rsp in *save_ksp (rdi): the
 * context context_switch's second half resumes. */
.macro SAVE_KERNEL_CONTEXT
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
.endm

/*
 * void context_switch(uintptr_t *save_ksp, uintptr_t load_ksp):
 * save the callee-saved registers on the current stack, store rsp in
 * *save_ksp, load load_ksp and pop the next thread's registers. Interrupts
 * off. The frame layout is built for new threads by arch_thread_init.
 */
	.globl	context_switch
context_switch:
	SAVE_KERNEL_CONTEXT
	.globl	context_drop_load
context_drop_load:			/* (context_drop_* below) */
context_switch_load:
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * void context_switch_user(uintptr_t *save_ksp, struct trap_frame *f,
 * struct kernel_lock *lock): save the callee-saved registers as
 * context_switch does (it resumes them), store rsp in *save_ksp, move to
 * f (the top of the next thread's kernel stack, its syscall frame),
 * release the kernel lock as kernel_lock_release does (lock->owner =
 * NULL: a plain store releases on x86; then a pause if lock->waiters,
 * at offset 8, is not 0) and return to user mode through syscall_entry's
 * sysretq. Interrupts off.
 */
	.globl	context_switch_user
context_switch_user:
	SAVE_KERNEL_CONTEXT
	.globl	context_drop_user
context_drop_user:
	movq	%rsi, %rsp
	movq	$0, (%rdx)
	cmpl	$0, 8(%rdx)
	je	1f
	pause
1:	jmp	syscall_sysret

/*
 * The switches from a thread that dropped its kernel frames in its
 * mach_msg trap (arch_thread_switch_drop, x86_64/thread.c: its saved rsp
 * 0), whose context is not saved: context_drop_load, context_drop_user
 * and context_drop_resume are context_switch, context_switch_user and
 * context_switch_resume entered past their first half (the same
 * arguments, save_ksp not written).
 *
 * void context_switch_resume(uintptr_t *save_ksp, struct trap_frame *f):
 * context_switch to a thread that dropped its kernel frames, f its trap's
 * frame: prev's context saved as context_switch saves it, rsp at f, and
 * the trap goes on in syscall_msg_resume (x86_64/syscall.c), which
 * syscall_return ends. void context_switch_resume_shared(
 * uintptr_t *save_ksp, struct trap_frame *f, uint32_t *switching_out): by
 * a processor holding the kernel lock shared (context_switch_shared).
 */
	.globl	context_switch_resume
context_switch_resume:
	SAVE_KERNEL_CONTEXT
	.globl	context_drop_resume
context_drop_resume:
context_resume:
	movq	%rsi, %rsp
	call	syscall_msg_resume
	jmp	syscall_return

	.globl	context_switch_resume_shared
context_switch_resume_shared:
	SAVE_KERNEL_CONTEXT
	movl	$0, (%rdx)
	jmp	context_resume

/*
 * void context_switch_shared(uintptr_t *save_ksp, uintptr_t load_ksp,
 * uint32_t *switching_out): context_switch by a processor holding the
 * kernel lock shared; once the context is saved, *switching_out = 0
 * (prev's thread.switching_out: it is off this processor).
 */
	.globl	context_switch_shared
context_switch_shared:
	SAVE_KERNEL_CONTEXT
	movl	$0, (%rdx)
	jmp	context_switch_load

/*
 * void context_switch_user_shared(uintptr_t *save_ksp,
 * struct trap_frame *f, struct kernel_lock *lock, uint32_t *switching_out):
 * as context_switch_user, but this processor holds the kernel lock
 * shared: *switching_out = 0 once the context is saved, and the hold is
 * released as kernel_lock_release_shared does (this processor's
 * cpu->lock_shared cleared, through %gs; then a pause if lock->waiters,
 * at offset 8, is not 0). Interrupts off.
 */
	.globl	context_switch_user_shared
context_switch_user_shared:
	SAVE_KERNEL_CONTEXT
	movl	$0, (%rcx)
	movq	%rsi, %rsp
	movb	$0, %gs:CPU_LOCK_SHARED
	cmpl	$0, 8(%rdx)		/* a processor waits: a pause */
	je	1f
	pause
1:	jmp	syscall_sysret

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
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	.quad	trap_stub_\v
	.endr

	.section .note.GNU-stack, "", @progbits
