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

#define PC_NAME "rip"

static bool trap_frame_intr_on(const struct trap_frame *f)
{
	return (f->rflags & RFLAGS_IF) != 0;
}

static void trap_frame_set_pc(struct trap_frame *f, uintptr_t pc)
{
	f->rip = pc;
}

/*
 * A #GP at a non-canonical rip (the instruction fetch), or a #SS or #GP
 * (as QEMU raises it) with a non-canonical rsp (a push, pop, call or
 * return): reported as an access to an unmapped address, that address
 * in *addr, as GNU Mach does for any user address it cannot map.
 */
static bool bad_stack_or_pc(const struct trap_frame *f, uintptr_t *addr)
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

static bool trap_lockless(struct trap_frame *f)
{
	return pit_lockless(f) || lapic_lockless(f);
}

static void trap_lapic(struct trap_frame *f)
{
	lapic_interrupt(f);
}

#include "../x86/trap.h"

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
