/*
 * Mach trap stubs (ABI §2.1, §2.2).
 *
 * Convention: trap number (negative) in eax; arguments 1-6 in rdi, rsi, rdx,
 * r10, r8, r9 (rcx is copied to r10 because `syscall` overwrites rcx);
 * arguments 7 and later stay where the C caller put them: at rsp+8, rsp+16
 * ... on entry to the stub. The stubs push nothing, so at the `syscall`
 * instruction rsp+0 is the stub's return address and rsp+8 the 7th argument,
 * which is where the kernel reads it (mach_msg_trap's `notify`, arguments
 * 7-11 of syscall_vm_map). The result is in rax; rcx and r11 are clobbered,
 * which the C calling convention allows.
 */

#include <mach/syscall_sw.h>

	.text

/* MACH_TRAP name, number: define `name` as a trap stub. */
.macro MACH_TRAP name, number
	.globl \name
	.type \name, @function
	.p2align 4
\name:
	.cfi_startproc
	movl $(\number), %eax
	movq %rcx, %r10
	syscall
	ret
	.cfi_endproc
	.size \name, . - \name
.endm

	MACH_TRAP evc_wait, MACH_TRAP_evc_wait
	MACH_TRAP evc_wait_clear, MACH_TRAP_evc_wait_clear
	MACH_TRAP mach_msg_trap, MACH_TRAP_mach_msg_trap
	MACH_TRAP mach_reply_port, MACH_TRAP_mach_reply_port
	MACH_TRAP mach_thread_self, MACH_TRAP_mach_thread_self
	MACH_TRAP mach_task_self, MACH_TRAP_mach_task_self
	MACH_TRAP mach_host_self, MACH_TRAP_mach_host_self
	MACH_TRAP mach_print, MACH_TRAP_mach_print
	MACH_TRAP syscall_device_writev_request, MACH_TRAP_syscall_device_writev_request
	MACH_TRAP syscall_device_write_request, MACH_TRAP_syscall_device_write_request
	MACH_TRAP swtch_pri, MACH_TRAP_swtch_pri
	MACH_TRAP swtch, MACH_TRAP_swtch
	MACH_TRAP thread_switch, MACH_TRAP_thread_switch
	MACH_TRAP syscall_vm_map, MACH_TRAP_syscall_vm_map
	MACH_TRAP syscall_vm_allocate, MACH_TRAP_syscall_vm_allocate
	MACH_TRAP syscall_vm_deallocate, MACH_TRAP_syscall_vm_deallocate
	MACH_TRAP syscall_task_create, MACH_TRAP_syscall_task_create
	MACH_TRAP syscall_task_terminate, MACH_TRAP_syscall_task_terminate
	MACH_TRAP syscall_task_suspend, MACH_TRAP_syscall_task_suspend
	MACH_TRAP syscall_task_set_special_port, MACH_TRAP_syscall_task_set_special_port
	MACH_TRAP syscall_mach_port_allocate, MACH_TRAP_syscall_mach_port_allocate
	MACH_TRAP syscall_mach_port_deallocate, MACH_TRAP_syscall_mach_port_deallocate
	MACH_TRAP syscall_mach_port_insert_right, MACH_TRAP_syscall_mach_port_insert_right
	MACH_TRAP syscall_mach_port_allocate_name, MACH_TRAP_syscall_mach_port_allocate_name
	MACH_TRAP syscall_thread_depress_abort, MACH_TRAP_syscall_thread_depress_abort
	MACH_TRAP thread_set_self_state, MACH_TRAP_thread_set_self_state

/*
 * long mach5_raw_trap(long trap, long a1, ..., long a6): trap `trap` with
 * arguments a1-a6 shifted into the trap registers. a6 arrives on the stack
 * (7th C argument) and goes to r9.
 */
	.globl mach5_raw_trap
	.type mach5_raw_trap, @function
	.p2align 4
mach5_raw_trap:
	.cfi_startproc
	movl %edi, %eax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
	syscall
	ret
	.cfi_endproc
	.size mach5_raw_trap, . - mach5_raw_trap

	.section .note.GNU-stack, "", @progbits
