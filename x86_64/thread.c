/*
 * x86_64/thread.c - kernel thread contexts, the FPU, fs/gs bases and the
 * first entry into user mode.
 *
 * Kernel stack of a thread (KSTACK_SIZE, top 16-byte aligned):
 *	top - sizeof(trap_frame)	user registers (t->arch.user_frame)
 *	below				kernel frames; while switched out,
 *					context_switch's six saved registers
 *					and return address at t->arch.ksp
 *
 * FPU: eager. A thread that has used the FPU (fpu_used) has its state
 * loaded at every switch to it (fxrstor) and saved at every switch away
 * (fxsave); other threads run with CR0.TS set, so their first FPU
 * instruction traps (#NM) and gets a fresh state (fninit, default MXCSR).
 */
#include <stddef.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/arch_callbacks.h>
#include "x86.h"

#define MXCSR_DEFAULT 0x1F80

static uintptr_t loaded_fs_base, loaded_gs_base;

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

/* A clean user frame: registers zero, rflags 0x202, user selectors. */
static void user_frame_reset(struct trap_frame *f, uintptr_t pc, uintptr_t sp)
{
	__builtin_memset(f, 0, sizeof(*f));
	f->rip = pc;
	f->cs = USER_CS;
	f->rflags = 0x202;
	f->rsp = sp;
	f->ss = USER_DS;
}

void arch_thread_init(struct thread *t, void (*entry)(void *), void *arg)
{
	struct trap_frame *f = kstack_user_frame(t);
	uintptr_t *sp = (uintptr_t *)f;

	user_frame_reset(f, 0, 0);
	*--sp = (uintptr_t)thread_trampoline; /* context_switch's ret */
	*--sp = 0;			      /* rbp: ends backtraces */
	*--sp = (uintptr_t)entry;	      /* rbx */
	*--sp = (uintptr_t)arg;		      /* r12 */
	*--sp = 0;			      /* r13 */
	*--sp = 0;			      /* r14 */
	*--sp = 0;			      /* r15 */
	t->arch.ksp = (uintptr_t)sp;
	t->arch.user_frame = f;
	t->arch.fs_base = 0;
	t->arch.gs_base = 0;
	t->arch.segbase_stale = 1;
	t->arch.fpu_used = 0;
}

/* The address space t runs in: its task's, or the kernel's. */
static struct pmap *thread_pmap(const struct thread *t)
{
	if (t->task == NULL || t->task->map == NULL)
		return pmap_kernel();
	return vm_map_pmap(t->task->map);
}

static void fpu_save(struct thread *t)
{
	__asm__ volatile("fxsave64 %0" : "=m"(t->arch.fpu));
}

static void fpu_restore(struct thread *t)
{
	__asm__ volatile("fxrstor64 %0" : : "m"(t->arch.fpu));
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

/* Save prev's FPU state, load next's or arm #NM. Interrupts off. */
static void fpu_switch(struct thread *prev, struct thread *next)
{
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
	__asm__ volatile("fninit\n\tldmxcsr %0" : : "m"(mxcsr));
	t->arch.fpu_used = 1;
}

/* A base register value the MSR accepts (non-canonical reads as 0). */
static uintptr_t segbase_sanitize(uintptr_t v)
{
	return (v < USER_ADDR_MAX) ? v : 0;
}

/* Load the current thread's fs/gs base if the MSRs hold other values.
 * Interrupts off, just before a return to user mode. */
void thread_load_segbases(void)
{
	struct thread *t = current_thread();
	uintptr_t fs = segbase_sanitize(t->arch.fs_base);
	uintptr_t gs = segbase_sanitize(t->arch.gs_base);

	t->arch.segbase_stale = 0;
	if (fs != loaded_fs_base) {
		wrmsr(MSR_FS_BASE, fs);
		loaded_fs_base = fs;
	}
	if (gs != loaded_gs_base) {
		wrmsr(MSR_GS_BASE, gs);
		loaded_gs_base = gs;
	}
}

void arch_thread_switch(struct thread *prev, struct thread *next)
{
	if (prev == next)
		return;
	fpu_switch(prev, next);
	if (next->arch.fs_base != loaded_fs_base ||
	    next->arch.gs_base != loaded_gs_base)
		next->arch.segbase_stale = 1; /* else the MSRs hold them */
	if (next->kstack != NULL)
		cpu_set_kernel_stack(kstack_top(next));
	pmap_activate(thread_pmap(next));
	context_switch(&prev->arch.ksp, next->arch.ksp);
}

noreturn void arch_user_resume(void)
{
	struct thread *t = current_thread();
	struct trap_frame *f = t->arch.user_frame;

	cli();
	cpu_set_kernel_stack(kstack_top(t));
	trap_user_return(f);
	trap_return_to(f);
}

/*
 * Enter user mode in the current thread (interrupts in any state; they
 * are enabled by the iretq). The frame at the top of the kernel stack is
 * rebuilt from scratch; the kernel frames below are abandoned.
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
	trap_return_to(f);
}
