/*
 * x86_64/trap.c - exceptions and interrupts, after entry.S has saved a
 * struct trap_frame.
 *
 * From user mode: exceptions become exception_raise_user() calls per ABI
 * §8.2 (run with interrupts enabled); page faults go to vm_fault first.
 * Every return to user mode passes through trap_user_return.
 * From kernel mode: a page fault inside a user copy (uaccess.S) is
 * resolved by vm_fault or made to fail the copy; any other exception
 * prints the registers and a backtrace and panics. Interrupts (IRQs) go
 * to clock.c; an interrupted context that had interrupts enabled passes a
 * preemption point before it resumes.
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

_Static_assert(offsetof(struct trap_frame, rcx) == TF_RCX, "TF_RCX");
_Static_assert(offsetof(struct trap_frame, r11) == TF_R11, "TF_R11");
_Static_assert(offsetof(struct trap_frame, rax) == TF_RAX, "TF_RAX");
_Static_assert(offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VEC");
_Static_assert(offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFL");
_Static_assert(offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(KERNEL_CS == ASM_KERNEL_CS && USER_CS == ASM_USER_CS &&
		       USER_DS == ASM_USER_DS && KERNEL_DS == ASM_KERNEL_DS,
	       "selectors");
_Static_assert(TRAP_VECTOR_SYSCALL == ASM_VECTOR_SYSCALL, "syscall vector");

#define PF_WRITE (1UL << 1)
#define PF_FETCH (1UL << 4)

static const char *const vector_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 FPU error",
	"alignment check",
	"machine check",
	"SIMD FP error",
	"virtualization",
	"control protection",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"reserved",
	"hypervisor injection",
	"VMM communication",
	"security",
	"reserved",
};

/* User exception for each vector (ABI §8.2); exc 0 = no mapping. */
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

static const char *vector_name(uint64_t v)
{
	return v < 32 ? vector_names[v] : "interrupt";
}

/* True if a is a canonical 48-bit address. */
static bool canonical(uint64_t a)
{
	return a < USER_ADDR_MAX || a >= PHYSMAP_BASE;
}

/* True if a is a kernel address a frame pointer may hold. */
static bool kernel_stack_addr(uintptr_t a)
{
	extern char _end[];

	return (a >= PHYSMAP_BASE && a < PHYSMAP_BASE + PHYSMAP_SIZE) ||
	       (a >= KERNEL_BASE && a < (uintptr_t)_end);
}

void trap_print_frame(const struct trap_frame *f)
{
	printf("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", f->rax, f->rbx,
	       f->rcx, f->rdx);
	printf("rsi %016lx rdi %016lx rbp %016lx rsp %016lx\n", f->rsi, f->rdi,
	       f->rbp, f->rsp);
	printf("r8  %016lx r9  %016lx r10 %016lx r11 %016lx\n", f->r8, f->r9,
	       f->r10, f->r11);
	printf("r12 %016lx r13 %016lx r14 %016lx r15 %016lx\n", f->r12, f->r13,
	       f->r14, f->r15);
	printf("rip %016lx cs %04lx rflags %08lx ss %04lx\n", f->rip, f->cs,
	       f->rflags, f->ss);
}

/* Follow saved-rbp links from rbp; stop at the first implausible frame. */
void backtrace_from(uintptr_t rbp)
{
	unsigned int depth;

	printf("backtrace:\n");
	for (depth = 0; depth < 32; depth++) {
		const uintptr_t *fp = (const uintptr_t *)rbp;

		if ((rbp & 7) != 0 || !kernel_stack_addr(rbp) ||
		    !kernel_stack_addr(rbp + 15) || fp[1] < KERNEL_BASE)
			break;
		printf("  #%u 0x%016lx\n", depth, fp[1]);
		if (fp[0] <= rbp)
			break;
		rbp = fp[0];
	}
}

void arch_backtrace(void)
{
	backtrace_from((uintptr_t)__builtin_frame_address(0));
}

/* A fatal exception in kernel mode: dump state and panic. */
static noreturn void kernel_trap_fatal(struct trap_frame *f, uint64_t cr2)
{
	printf("kernel trap: vector %lu (%s), error 0x%lx, cr2 0x%016lx\n",
	       f->vector, vector_name(f->vector), f->error, cr2);
	trap_print_frame(f);
	printf("  #- 0x%016lx (faulting rip)\n", f->rip);
	backtrace_from(f->rbp);
	if (f->vector == 8)
		panic("double fault at rip 0x%lx (kernel stack overflow?)",
		      f->rip);
	panic("kernel-mode exception %lu (%s) at rip 0x%lx", f->vector,
	      vector_name(f->vector), f->rip);
}

/* vm_fault access bits for a page-fault error code. */
static int fault_access(uint64_t error)
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
	uint64_t cr2 = f->vector == 14 ? read_cr2() : 0;
	uintptr_t fixup = f->vector == 14 ? usercopy_fixup(f->rip) : 0;
	int kr;

	if (fixup == 0 || cr2 >= USER_ADDR_MAX)
		kernel_trap_fatal(f, cr2);
	kr = KERN_INVALID_ADDRESS;
	if (current_task() != NULL && !usercopy_is_nofault(f->rip)) {
		/* Keep the copying code's critical section, if it has one. */
		if (f->rflags & RFLAGS_IF)
			sti();
		kr = vm_fault(current_task(), cr2, fault_access(f->error));
		cli();
	}
	/* A terminated thread's copy fails: its waits end at once, so
	 * retrying could fault again forever; the thread is on its way out. */
	if (kr == 0 && current_thread()->should_exit)
		kr = KERN_ABORTED;
	if (kr != 0)
		f->rip = fixup;
}

/* User page fault at cr2. Interrupts on. */
static void user_page_fault(struct trap_frame *f, uint64_t cr2)
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
static uint64_t fpu_fault_status(uint64_t vector)
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
 * A #GP at a non-canonical rip (the instruction fetch), or a #SS or #GP
 * (as QEMU raises it) with a non-canonical rsp (a push, pop, call or
 * return): reported as an access to an unmapped address, that address
 * in *addr, as GNU Mach does for any user address it cannot map.
 */
static bool bad_stack_or_pc(const struct trap_frame *f, uint64_t *addr)
{
	if (f->vector == 13 && !canonical(f->rip)) {
		*addr = f->rip;
		return true;
	}
	if ((f->vector == 12 || f->vector == 13) && !canonical(f->rsp)) {
		*addr = f->rsp;
		return true;
	}
	return false;
}

/*
 * Exception from user mode. Interrupts off on entry and exit, on while the
 * exception is handled.
 */
static void user_trap(struct trap_frame *f)
{
	const struct user_exc *e = &user_exc_table[f->vector];
	int exc = e->exc, code = e->code;
	uint64_t sub = e->subcode_is_error ? f->error : 0;

	if (f->vector == 7) {
		fpu_user_trap();
		return;
	}
	if (f->vector == 14) {
		uint64_t cr2 = read_cr2();
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
 * Last step before any return to user mode, interrupts off on entry and
 * exit: pending thread work, fs/gs base, and a frame the CPU can return
 * to (user selectors, sane rflags, canonical rip). May not return.
 */
void trap_user_return(struct trap_frame *f)
{
	for (;;) {
		thread_user_return();
		f->cs = USER_CS;
		f->ss = USER_DS;
		f->rflags &= ~(RFLAGS_IOPL | RFLAGS_NT | RFLAGS_RF | RFLAGS_VM);
		f->rflags |= RFLAGS_IF | 0x2;
		if (canonical(f->rip))
			break;
		/* iretq would #GP in the kernel: the fetch at rip fails, as
		 * for an unmapped address. */
		sti();
		exception_raise_user(EXC_BAD_ACCESS, KERN_INVALID_ADDRESS,
				     f->rip);
		cli();
	}
	thread_load_segbases();
}

/*
 * The C entry of every vector (entry.S). Interrupts off on entry and exit.
 */
void trap_handler(struct trap_frame *f)
{
	bool from_user = (f->cs & 3) != 0;

	if (f->vector == 2) { /* NMI, on its IST stack: report and go on */
		printf("NMI at rip 0x%lx\n", f->rip);
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
	else if (f->rflags & RFLAGS_IF)
		sched_preempt_point();
}
