/*
 * i386/entry.S - the kernel entry and exit paths.
 *
 *  - trap stubs for vectors 0-63 (exceptions, the PIC's IRQs, the local
 *    APIC's vectors of x86/smp.h): push a zero error code where the CPU
 *    pushes none, push the vector, save the registers into a struct
 *    trap_frame (<machine/trap.h>) and call trap_handler(frame);
 *    trap_return restores the frame and irets;
 *  - syscall_gate_entry: the lcall $7,$0 call gate (LDT entry 0, ABI
 *    §2.1). The gate pushes user ss, esp, cs, eip but no eflags and leaves
 *    IF alone: the entry saves eflags first, disables interrupts, reorders
 *    the words into an iret frame and builds the same trap_frame, then
 *    calls syscall_handler(frame); it returns with iret like any trap;
 *  - context_switch / thread_trampoline: kernel thread switching.
 *
 * Every C entry point is called with interrupts disabled, ds = es =
 * KERNEL_DS, fs = 0, gs = KERNEL_PERCPU (this processor's struct cpu,
 * base/cpu.h) and DF clear. The interrupted context's segment registers
 * are in the frame: the return reloads them from the GDT of the
 * processor it runs on, so a kernel context that moved to another
 * processor (a thread switch) finds that one's struct cpu behind %gs.
 */
#include "asm.h"

	.text

/* Save the segment and general registers below vector/error; load the
 * kernel's data segments and this processor's %gs. */
.macro SAVE_REGS
	pushal
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	movl	$ASM_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	$ASM_KERNEL_PERCPU, %eax
	movl	%eax, %gs
	xorl	%eax, %eax
	movl	%eax, %fs
	cld
.endm

.macro STUB_NOERR v
	.balign 16
trap_stub_\v:
	pushl	$0
	pushl	$\v
	jmp	trap_common
.endm

.macro STUB_ERR v
	.balign 16
trap_stub_\v:
	pushl	$\v
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
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	STUB_NOERR \v
	.endr

	.balign 16
trap_common:
	SAVE_REGS
	pushl	%esp
	call	trap_handler
	addl	$4, %esp
	.globl	trap_return
trap_return:
	popl	%gs
	popl	%fs
	popl	%es
	popl	%ds
	popal
	addl	$8, %esp		/* vector, error */
	iret

/* noreturn void trap_return_to(struct trap_frame *f): interrupts off. */
	.globl	trap_return_to
trap_return_to:
	movl	4(%esp), %esp
	jmp	trap_return

/*
 * The call gate: on the thread's kernel stack (TSS esp0) the CPU pushed
 * user ss, esp, cs, eip (word count 0: no arguments copied); interrupts
 * are in the user's state. eflags goes first, then the words are put in
 * iret order: eip, cs, eflags, esp, ss.
 */
	.balign 16
	.globl	syscall_gate_entry
syscall_gate_entry:
	pushfl				/* eflags eip cs esp ss */
	cli
	pushl	%eax			/* eax eflags eip cs esp ss */
	movl	8(%esp), %eax		/* eip */
	xchgl	%eax, 4(%esp)		/* eax eip eip cs ...; eax = eflags */
	xchgl	%eax, 12(%esp)		/* eax eip eip eflags; eax = cs */
	movl	%eax, 8(%esp)		/* eax eip cs eflags esp ss */
	popl	%eax
	pushl	$0
	pushl	$ASM_VECTOR_SYSCALL
	SAVE_REGS
	pushl	%esp
	call	syscall_handler
	addl	$4, %esp
	jmp	trap_return

/*
 * void context_switch(uintptr_t *save_ksp, uintptr_t load_ksp):
 * save the callee-saved registers on the current stack, store esp in
 * *save_ksp, load load_ksp and pop the next thread's registers. Interrupts
 * off. The frame layout is built for new threads by arch_thread_init.
 */
	.globl	context_switch
context_switch:
	movl	4(%esp), %eax
	movl	8(%esp), %edx
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%esp, (%eax)
	movl	%edx, %esp
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/* First run of a thread: ebx = entry, esi = arg. Enables interrupts. */
	.globl	thread_trampoline
thread_trampoline:
	pushl	%esi
	sti
	call	*%ebx
	ud2

	.section .rodata
	.balign 4
	.globl	trap_stub_table
trap_stub_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23
	.long	trap_stub_\v
	.endr
	.irp v, 24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.long	trap_stub_\v
	.endr
	.irp v, 48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
	.long	trap_stub_\v
	.endr

	.section .note.GNU-stack, "", @progbits
