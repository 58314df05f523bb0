/*
 * bootstrap/i386/traps.S - Mach traps for the raw-trap i386 tasks, in the
 * form of GNU Mach's i386 syscall_sw.h (ABI i386.md §2.1): eax = -number,
 * lcall $7,$0 through the LDT call gate, the cdecl arguments already on
 * the stack at esp + 4.
 */
#define TRAP(name, number)	\
	.globl	name;		\
name:				\
	movl	$-(number), %eax; \
	lcall	$7, $0;		\
	ret

	.text
TRAP(mach_msg_trap, 25)
TRAP(mach_reply_port, 26)
TRAP(mach_thread_self, 27)
TRAP(mach_task_self, 28)
TRAP(mach_host_self, 29)
TRAP(mach_print, 30)
TRAP(task_terminate, 69)
TRAP(mach_port_deallocate, 73)
TRAP(mach_port_insert_right, 74)
TRAP(mach_port_allocate_name, 75)

/* int trap_raw(int eax): any eax, no arguments (bad-trap tests). */
	.globl	trap_raw
trap_raw:
	movl	4(%esp), %eax
	lcall	$7, $0
	ret

	.section .note.GNU-stack, "", @progbits
