/*
 * i386/trap.c - exceptions and interrupts, after entry.S has saved a
 * struct trap_frame.
 *
 * From user mode: exceptions become exception_raise_user() calls per ABI
 * §6.2 (run with interrupts enabled); page faults go to vm_fault first.
 * int $0x80 and sysenter reach no gate and arrive as #GP (error 0x402 and
 * 0), as the ABI sheet observes. Every return to user mode passes through
 * trap_user_return. From kernel mode: a page fault inside a user copy
 * (uaccess.S) is resolved by vm_fault or made to fail the copy; any other
 * exception prints the registers and a backtrace and panics. Interrupts go
 * to x86/clock.c; an interrupted context that had interrupts enabled
 * passes a preemption point before it resumes.
 */
#include <stddef.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/arch_callbacks.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <mach/kern_return.h>

#include "asm.h"
#include "x86.h"

_Static_assert(offsetof(struct trap_frame, eax) == TF_EAX, "TF_EAX");
_Static_assert(offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VEC");
_Static_assert(offsetof(struct trap_frame, eip) == TF_EIP, "TF_EIP");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(KERNEL_CS == ASM_KERNEL_CS && KERNEL_DS == ASM_KERNEL_DS,
	       "selectors");
_Static_assert(TRAP_VECTOR_SYSCALL == ASM_VECTOR_SYSCALL, "syscall vector");

#define PF_WRITE (1UL << 1)
#define PF_FETCH (1UL << 4)

/* User exception for each vector (ABI §6.2); exc 0 = no mapping. */
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

/* True if a is a kernel address a frame pointer may hold. */
static bool kernel_stack_addr(uintptr_t a)
{
	return a >= PHYSMAP_BASE && a < PHYSMAP_BASE + PHYSMAP_SIZE;
}

static void trap_print_frame(const struct trap_frame *f)
{
	printf("eax %08x ebx %08x ecx %08x edx %08x\n", f->eax, f->ebx, f->ecx,
	       f->edx);
	printf("esi %08x edi %08x ebp %08x\n", f->esi, f->edi, f->ebp);
	printf("eip %08x cs %04x eflags %08x ds %04x es %04x fs %04x gs "
	       "%04x\n",
	       f->eip, f->cs, f->eflags, f->ds, f->es, f->fs, f->gs);
}

/* Follow saved-ebp links from ebp; stop at the first implausible frame. */
void backtrace_from(uintptr_t ebp)
{
	unsigned int depth;

	printf("backtrace:\n");
	for (depth = 0; depth < 32; depth++) {
		const uintptr_t *fp = (const uintptr_t *)ebp;

		if ((ebp & 3) != 0 || !kernel_stack_addr(ebp) ||
		    !kernel_stack_addr(ebp + 7) || fp[1] < KERNEL_BASE)
			break;
		printf("  #%u 0x%08lx\n", depth, (unsigned long)fp[1]);
		if (fp[0] <= ebp)
			break;
		ebp = fp[0];
	}
}

void arch_backtrace(void)
{
	backtrace_from((uintptr_t)__builtin_frame_address(0));
}

/* A fatal exception in kernel mode: dump state and panic. */
static noreturn void kernel_trap_fatal(struct trap_frame *f, uint32_t cr2)
{
	printf("kernel trap: vector %u, error 0x%x, cr2 0x%08x\n", f->vector,
	       f->error, cr2);
	trap_print_frame(f);
	backtrace_from(f->ebp);
	panic("kernel-mode exception %u at eip 0x%x", f->vector, f->eip);
}

/* vm_fault access bits for a page-fault error code. */
static int fault_access(uint32_t error)
{
	if (error & PF_FETCH)
		return VM_FAULT_EXECUTE;
	return (error & PF_WRITE) ? VM_FAULT_WRITE : VM_FAULT_READ;
}

/* Kernel-mode exception: a fault in a user copy calls vm_fault with the
 * interrupt state of the copying code; anything else is fatal. */
static void kernel_trap(struct trap_frame *f)
{
	uint32_t cr2 = f->vector == 14 ? read_cr2() : 0;
	uintptr_t fixup = f->vector == 14 ? usercopy_fixup(f->eip) : 0;
	int kr;

	if (fixup == 0 || cr2 >= USER_ADDR_MAX)
		kernel_trap_fatal(f, cr2);
	kr = KERN_INVALID_ADDRESS;
	if (current_task() != NULL && !usercopy_is_nofault(f->eip)) {
		if (f->eflags & EFLAGS_IF)
			sti();
		kr = vm_fault(current_task(), cr2, fault_access(f->error));
		cli();
	}
	if (kr == 0 && current_thread()->should_exit)
		kr = KERN_ABORTED;
	if (kr != 0)
		f->eip = fixup;
}

/* User page fault at cr2. Interrupts on. */
static void user_page_fault(struct trap_frame *f, uint32_t cr2)
{
	int kr;

	if (cr2 >= USER_ADDR_MAX) {
		exception_raise_user(EXC_BAD_ACCESS, KERN_INVALID_ADDRESS, cr2);
		return;
	}
	kr = vm_fault(current_task(), cr2, fault_access(f->error));
	if (kr != 0)
		exception_raise_user(EXC_BAD_ACCESS, kr, cr2);
}

/* FPU status for #MF (x87 status word) and #XM (MXCSR). */
static uint32_t fpu_fault_status(uint32_t vector)
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

/* Exception from user mode. Interrupts off on entry and exit, on while the
 * exception is handled. */
static void user_trap(struct trap_frame *f)
{
	const struct user_exc *e = &user_exc_table[f->vector];
	int exc = e->exc, code = e->code;
	uint32_t sub = e->subcode_is_error ? f->error : 0;

	if (f->vector == 7) {
		fpu_user_trap();
		return;
	}
	if (f->vector == 14) {
		uint32_t cr2 = read_cr2();
		sti();
		user_page_fault(f, cr2);
		cli();
		return;
	}
	if (f->vector == 16 || f->vector == 19) {
		exc = EXC_ARITHMETIC;
		code = f->vector == 16 ? EXC_I386_EXTERR : 19;
		sub = fpu_fault_status(f->vector);
	} else if (exc == 0) {
		exc = EXC_BAD_INSTRUCTION;
		code = (int)f->vector;
		sub = f->error;
	}
	sti();
	exception_raise_user(exc, code, sub);
	cli();
}

/* A user fs/gs value: null, the user data segment, or a TLS slot. */
static uint32_t user_seg(uint32_t sel)
{
	sel &= 0xFFFF;
	return (sel == USER_TLS0 || sel == USER_TLS1 || sel == 0) ? sel
								  : USER_DS;
}

/*
 * Last step before any return to user mode, interrupts off on entry and
 * exit: pending thread work and a frame the CPU can return to (user
 * selectors, sane eflags, eip inside the user code segment). May not
 * return.
 */
void trap_user_return(struct trap_frame *f)
{
	for (;;) {
		thread_user_return();
		f->cs = USER_CS;
		f->ss = USER_DS;
		f->ds = USER_DS;
		f->es = USER_DS;
		f->fs = user_seg(f->fs);
		f->gs = user_seg(f->gs);
		f->eflags &= ~(EFLAGS_IOPL | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM);
		f->eflags |= EFLAGS_IF | 0x2;
		if (f->eip < USER_ADDR_MAX)
			break;
		/* iret would #GP in the kernel (beyond the code segment):
		 * the fetch at eip fails, as for an unmapped address. */
		sti();
		exception_raise_user(EXC_BAD_ACCESS, KERN_INVALID_ADDRESS,
				     f->eip);
		cli();
	}
}

/* The C entry of every vector (entry.S). Interrupts off on entry and exit. */
void trap_handler(struct trap_frame *f)
{
	bool from_user = (f->cs & 3) != 0;

	if (f->vector == 2) {
		printf("NMI at eip 0x%x\n", f->eip);
		return;
	}
	if (f->vector == 8 || f->vector == 18)
		kernel_trap_fatal(f, read_cr2());
	if (from_user)
		current_thread()->arch.user_frame = f;
	if (f->vector >= 32)
		irq_handler(f);
	else if (from_user)
		user_trap(f);
	else
		kernel_trap(f);
	if (from_user)
		trap_user_return(f);
	else if (f->eflags & EFLAGS_IF)
		sched_preempt_point();
}
