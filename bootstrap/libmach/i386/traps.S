/*
 * Mach trap stubs on i386 (ABI i386.md §2.1, §2.2), in the form of GNU
 * Mach's i386 syscall_sw.h: the trap number (negative) in eax, then
 * `lcall $7,$0` through the call gate of LDT entry 0. The C caller's
 * cdecl arguments are already where the kernel reads them: at esp + 4,
 * esp + 8, ... (esp + 0 is the stub's return address). The result is in
 * eax; the kernel preserves every other register.
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
	lcall $7, $0
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
 * arguments a1-a6: they are copied down one slot so that a1 is at esp + 4
 * of the lcall, as for any trap.
 */
	.globl mach5_raw_trap
	.type mach5_raw_trap, @function
	.p2align 4
mach5_raw_trap:
	.cfi_startproc
	pushl 28(%esp)			/* a6 */
	pushl 28(%esp)			/* a5 */
	pushl 28(%esp)			/* a4 */
	pushl 28(%esp)			/* a3 */
	pushl 28(%esp)			/* a2 */
	pushl 28(%esp)			/* a1 */
	movl 28(%esp), %eax		/* trap */
	call 1f				/* esp + 0: a return address */
	addl $24, %esp
	ret
1:	lcall $7, $0
	ret
	.cfi_endproc
	.size mach5_raw_trap, . - mach5_raw_trap

	.section .note.GNU-stack, "", @progbits
