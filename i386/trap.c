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
 * passes a preemption point before it resumes; the local APIC's vectors
 * (timer, reschedule, TLB shootdown) go to x86/smp.c.
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

/* A fatal exception in kernel mode: dump state and panic. */
static noreturn void kernel_trap_fatal(struct trap_frame *f, uint32_t cr2)
{
	printf("kernel trap: vector %u, error 0x%x, cr2 0x%08x\n", f->vector,
	       f->error, cr2);
	trap_print_frame(f);
	backtrace_from(f->ebp);
	panic("kernel-mode exception %u at eip 0x%x", f->vector, f->eip);
}

#define PC_NAME "eip"

static bool trap_frame_intr_on(const struct trap_frame *f)
{
	return (f->eflags & EFLAGS_IF) != 0;
}

static void trap_frame_set_pc(struct trap_frame *f, uintptr_t pc)
{
	f->eip = pc;
}

/* No address a user frame holds is beyond what the port maps: every fault
 * of a user stack or pc is an ordinary #PF or #GP. */
static bool bad_stack_or_pc(const struct trap_frame *f, uintptr_t *addr)
{
	(void)f;
	(void)addr;
	return false;
}

/* What runs without the kernel lock: the PIT's and local timers' ticks
 * that only count, the shootdown and spurious vectors (x86/clock.c,
 * x86/smp.c). */
static bool trap_lockless(struct trap_frame *f)
{
	return pit_lockless(f) || lapic_lockless(f);
}

static void trap_lapic(struct trap_frame *f)
{
	lapic_interrupt(f);
}

#include "../x86/trap.h"

/* A user fs/gs value: null, or a selector of a segment the CPU can load
 * (a TLS slot or an LDT entry, cpu_user_seg_ok), else the user data
 * segment: the return to user mode never faults in the kernel. */
static uint32_t user_seg(uint32_t sel)
{
	sel &= 0xFFFF;
	return (sel == 0 || cpu_user_seg_ok(sel)) ? sel : USER_DS;
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
