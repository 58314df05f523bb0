/*
 * x86/thread.h - what both x86 ports' thread.c share: the kernel stack
 * layout (user frame at the top), the eager FPU switching and #NM
 * handling, and the entries into user mode. Included by x86_64/thread.c
 * and i386/thread.c only, after the port's x86.h; the includer defines:
 *	FPU_SAVE_INSN, FPU_RESTORE_INSN	the fxsave/fxrstor mnemonics
 *	fpu_sse_enabled()		may #NM load a default MXCSR
 *	user_frame_reset(f, pc, sp)	a clean user frame
 *
 * FPU: eager. A thread that has used the FPU (fpu_used) has its state
 * loaded at every switch to it and saved at every switch away; other
 * threads run with CR0.TS set, so their first FPU instruction traps (#NM)
 * and gets a fresh state (fninit, default MXCSR).
 */
#ifndef X86_THREAD_H
#define X86_THREAD_H

#include <stddef.h>
#include <base/arch.h>
#include <base/task.h>
#include <base/arch_callbacks.h>
#include <base/lock.h>
#include <base/thread.h>

#define MXCSR_DEFAULT 0x1F80

static void user_frame_reset(struct trap_frame *f, uintptr_t pc, uintptr_t sp);

/* Top of t's kernel stack: the first byte above it, 16-byte aligned. */
static uintptr_t kstack_top(const struct thread *t)
{
	return ((uintptr_t)t->kstack + KSTACK_SIZE) & ~(uintptr_t)15;
}

/* The user frame slot at the top of t's kernel stack. */
static struct trap_frame *kstack_user_frame(const struct thread *t)
{
	return (struct trap_frame *)(kstack_top(t) - sizeof(struct trap_frame));
}

/* The address space t runs in: its task's, or the kernel's. */
static struct pmap *thread_pmap(const struct thread *t)
{
	if (t->task == NULL || t->task->pmap == NULL)
		return pmap_kernel();
	return t->task->pmap;
}

static void fpu_save(struct thread *t)
{
	__asm__ volatile(FPU_SAVE_INSN " %0" : "=m"(t->arch.fpu));
}

static void fpu_restore(struct thread *t)
{
	__asm__ volatile(FPU_RESTORE_INSN " %0" : : "m"(t->arch.fpu));
}

/* Is t's FPU state in the FPU right now (not only in t->arch.fpu)? */
static bool fpu_live(const struct thread *t)
{
	return t == current_thread() && t->arch.fpu_used &&
	       !(read_cr0() & CR0_TS);
}

void fpu_state_save(struct thread *t)
{
	unsigned long s = arch_intr_save();

	if (fpu_live(t))
		fpu_save(t);
	arch_intr_restore(s);
}

void fpu_state_reload(struct thread *t)
{
	unsigned long s = arch_intr_save();

	if (fpu_live(t))
		fpu_restore(t);
	arch_intr_restore(s);
}

/* Save prev's FPU state, load next's or arm #NM. Interrupts off. A
 * thread that has not used the FPU runs with CR0.TS set (set when it was
 * switched to; cleared only by its first use, fpu_user_trap, which sets
 * fpu_used): between two of them nothing changes. */
static void fpu_switch(struct thread *prev, struct thread *next)
{
	if (!prev->arch.fpu_used && !next->arch.fpu_used)
		return;
	if (prev->arch.fpu_used && !(read_cr0() & CR0_TS))
		fpu_save(prev);
	if (next->arch.fpu_used) {
		__asm__ volatile("clts");
		fpu_restore(next);
	} else {
		write_cr0(read_cr0() | CR0_TS);
	}
}

/* First FPU use (#NM) by the current thread from user mode: give it a clean
 * state, or reload its own. Interrupts off. */
void fpu_user_trap(void)
{
	struct thread *t = current_thread();
	uint32_t mxcsr = MXCSR_DEFAULT;

	__asm__ volatile("clts");
	if (t->arch.fpu_used) {
		fpu_restore(t);
		return;
	}
	__asm__ volatile("fninit");
	if (fpu_sse_enabled())
		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	t->arch.fpu_used = 1;
}

noreturn void arch_user_resume(void)
{
	struct thread *t = current_thread();
	struct trap_frame *f = t->arch.user_frame;

	cli();
	cpu_set_kernel_stack(kstack_top(t));
	trap_user_return(f);
	kernel_lock_release();
	trap_return_to(f);
}

/*
 * Enter user mode in the current thread (interrupts in any state; they
 * are enabled by the return to user mode; the kernel lock, held, is
 * released). The frame at the top of the
 * kernel stack is rebuilt from scratch; the kernel frames below are
 * abandoned.
 */
noreturn void arch_user_enter(uintptr_t pc, uintptr_t sp)
{
	struct thread *t = current_thread();
	struct trap_frame *f = kstack_user_frame(t);

	cli();
	user_frame_reset(f, pc, sp);
	t->arch.user_frame = f;
	cpu_set_kernel_stack(kstack_top(t));
	trap_user_return(f);
	kernel_lock_release();
	trap_return_to(f);
}

#endif /* X86_THREAD_H */
