/*
 * x86/trap.h - what both x86 ports' trap.c share: the mapping of user-mode
 * exceptions to Mach exceptions (ABI: exception vectors), page faults from
 * either mode, and the C entry of every vector. Included by x86_64/trap.c
 * and i386/trap.c only, after the port's x86.h; the includer defines:
 *	PC_NAME				"rip" or "eip", for messages
 *	trap_frame_intr_on(f)		the frame had interrupts enabled
 *	trap_frame_set_pc(f, pc)	where the frame resumes
 *	bad_stack_or_pc(f, &addr)	the fault is an access to an address
 *					the port cannot map (reported as
 *					EXC_BAD_ACCESS at addr)
 *	kernel_trap_fatal(f, cr2)	dump state and panic
 *	trap_lockless(f)		serve a vector that runs without the
 *					kernel lock (true if it did)
 *	trap_lapic(f)			a local APIC vector (48-63)
 *	kernel_stack_addr(a)		a is a kernel address a frame
 *					pointer may hold
 * and trap_user_return (x86.h).
 */
#ifndef X86_TRAP_H
#define X86_TRAP_H

#include <stddef.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/lock.h>
#include <base/arch_callbacks.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <mach/kern_return.h>

#define PF_WRITE (1UL << 1)
#define PF_FETCH (1UL << 4)

/* User exception for each vector (ABI); exc 0 = no mapping. */
struct user_exc {
	int exc;
	int code;
	bool subcode_is_error; /* subcode = CPU error code (else 0) */
};

static const struct user_exc user_exc_table[32] = {
	[0] = {EXC_ARITHMETIC, EXC_I386_DIV, false},
	[1] = {EXC_BREAKPOINT, EXC_I386_SGL, false},
	[3] = {EXC_BREAKPOINT, EXC_I386_BPT, false},
	[4] = {EXC_ARITHMETIC, EXC_I386_INTO, false},
	[5] = {EXC_SOFTWARE, EXC_I386_BOUND, false},
	[6] = {EXC_BAD_INSTRUCTION, EXC_I386_INVOP, false},
	[10] = {EXC_BAD_INSTRUCTION, EXC_I386_INVTSSFLT, true},
	[11] = {EXC_BAD_INSTRUCTION, EXC_I386_SEGNPFLT, true},
	[12] = {EXC_BAD_INSTRUCTION, EXC_I386_STKFLT, true},
	[13] = {EXC_BAD_INSTRUCTION, EXC_I386_GPFLT, true},
};

/* vm_fault access bits for a page-fault error code. */
static int fault_access(uintptr_t error)
{
	if (error & PF_FETCH)
		return VM_FAULT_EXECUTE;
	return (error & PF_WRITE) ? VM_FAULT_WRITE : VM_FAULT_READ;
}

/*
 * Kernel-mode exception. Interrupts off on entry and exit; a fault in a
 * user copy calls vm_fault with the interrupt state of the copying code.
 */
static void kernel_trap(struct trap_frame *f)
{
	uintptr_t cr2 = f->vector == 14 ? read_cr2() : 0;
	uintptr_t fixup =
		f->vector == 14 ? usercopy_fixup(trap_frame_pc(f)) : 0;
	int kr;

	if (fixup == 0 || cr2 >= USER_ADDR_MAX)
		kernel_trap_fatal(f, cr2);
	kr = KERN_INVALID_ADDRESS;
	if (current_task() != NULL && !usercopy_is_nofault(trap_frame_pc(f))) {
		/* Keep the copying code's critical section, if it has one. */
		if (trap_frame_intr_on(f))
			sti();
		kr = vm_fault(current_task(), cr2, fault_access(f->error));
		cli();
	}
	/* A terminated thread's copy fails: its waits end at once, so
	 * retrying could fault again forever; the thread is on its way out. */
	if (kr == 0 && current_thread()->should_exit)
		kr = KERN_ABORTED;
	if (kr != 0)
		trap_frame_set_pc(f, fixup);
}

/* User page fault at cr2. Interrupts on. */
static void user_page_fault(struct trap_frame *f, uintptr_t cr2)
{
	int kr;

	if (cr2 >= USER_ADDR_MAX) { /* a kernel address: as if unmapped */
		exception_raise_user(EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, cr2);
		return;
	}
	kr = vm_fault(current_task(), cr2, fault_access(f->error));
	if (kr != 0)
		exception_raise_user(EXC_BAD_ACCESS, kr, cr2);
}

/* FPU status for #MF (x87 status word) and #XM (MXCSR); the faulting
 * thread's FPU state is live. */
static uintptr_t fpu_fault_status(unsigned int vector)
{
	uint32_t mxcsr = 0;
	uint16_t sw = 0;

	if (vector == 16) {
		__asm__ volatile("fnstsw %0" : "=m"(sw));
		return sw;
	}
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	return mxcsr;
}

/*
 * Exception from user mode. Interrupts off on entry and exit, on while the
 * exception is handled.
 */
static void user_trap(struct trap_frame *f)
{
	const struct user_exc *e = &user_exc_table[f->vector];
	int exc = e->exc, code = e->code;
	uintptr_t sub = e->subcode_is_error ? f->error : 0;

	if (f->vector == 7) {
		fpu_user_trap();
		return;
	}
	if (f->vector == 14) {
		uintptr_t cr2 = read_cr2();
		sti();
		user_page_fault(f, cr2);
		cli();
		return;
	}
	if (bad_stack_or_pc(f, &sub)) {
		exc = EXC_BAD_ACCESS;
		code = KERN_INVALID_ADDRESS;
	} else if (f->vector == 16 || f->vector == 19) {
		exc = EXC_ARITHMETIC;
		code = f->vector == 16 ? EXC_I386_EXTERR : 19;
		sub = fpu_fault_status(f->vector);
	} else if (exc == 0) {
		/* No ABI mapping: report the vector, don't panic. */
		exc = EXC_BAD_INSTRUCTION;
		code = (int)f->vector;
		sub = f->error;
	}
	sti();
	exception_raise_user(exc, code, sub);
	cli();
}

/*
 * The C entry of every vector (entry.S). Interrupts off on entry and exit.
 * Takes the kernel lock unless this processor holds it (base/lock.h):
 * always from user mode, and released again just before the return to
 * user mode, by whichever processor the thread then runs on.
 */
void trap_handler(struct trap_frame *f)
{
	bool from_user = trap_frame_from_user(f);
	bool took;

	if (f->vector == 2) { /* NMI: report and go on */
		printf("NMI at " PC_NAME " 0x%lx\n",
		       (unsigned long)trap_frame_pc(f));
		return;
	}
	if (f->vector == 8 || f->vector == 18)
		kernel_trap_fatal(f, read_cr2());
	if (trap_lockless(f))
		return;
	took = kernel_lock_enter();
	assert(took || !from_user);
	if (from_user)
		current_thread()->arch.user_frame = f;
	if (f->vector >= 48)
		trap_lapic(f);
	else if (f->vector >= 32)
		irq_handler(f);
	else if (from_user)
		user_trap(f);
	else
		kernel_trap(f);
	if (from_user)
		trap_user_return(f);
	else if (trap_frame_intr_on(f))
		sched_preempt_point();
	kernel_lock_leave(took);
}

/* Follow saved frame-pointer links from fp; stop at the first implausible
 * frame (misaligned, outside the kernel, or not going up the stack). */
void backtrace_from(uintptr_t fp)
{
	const size_t word = sizeof(uintptr_t);
	unsigned int depth;

	printf("backtrace:\n");
	for (depth = 0; depth < 32; depth++) {
		const uintptr_t *frame = (const uintptr_t *)fp;

		if ((fp & (word - 1)) != 0 || !kernel_stack_addr(fp) ||
		    !kernel_stack_addr(fp + 2 * word - 1) ||
		    frame[1] < KERNEL_BASE)
			break;
		printf("  #%u 0x%0*lx\n", depth, (int)(2 * word),
		       (unsigned long)frame[1]);
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}

void arch_backtrace(void)
{
	backtrace_from((uintptr_t)__builtin_frame_address(0));
}

#endif /* X86_TRAP_H */
