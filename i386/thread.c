/*
 * i386/thread.c - kernel thread contexts, the FPU, the TLS descriptors
 * and the first entry into user mode.
 *
 * Kernel stack of a thread (KSTACK_SIZE, top 16-byte aligned):
 *	top - sizeof(trap_frame)	user registers (t->arch.user_frame)
 *	below				kernel frames; while switched out,
 *					context_switch's four saved registers
 *					and return address at t->arch.ksp
 *
 * FPU, kernel stack helpers, entries into user mode: x86/thread.h.
 * TLS: the thread's two GDT descriptors are loaded at every switch.
 */
#include <stddef.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/task.h>
#include <base/arch_callbacks.h>
#include <base/thread.h>

#include "x86.h"

#define FPU_SAVE_INSN	 "fxsave"
#define FPU_RESTORE_INSN "fxrstor"

static bool fpu_sse_enabled(void)
{
	return (read_cr4() & (1UL << 10)) != 0; /* SSE on (cpu.c) */
}

#include "../x86/thread.h"

/* A clean user frame: registers zero, eflags IF (0x200: a fresh thread's
 * thread_get_state shows it so, ABI §6.3; the return to user mode sets the
 * reserved bit 1, so the task starts with 0x202, §5.2), user selectors. */
static void user_frame_reset(struct trap_frame *f, uintptr_t pc, uintptr_t sp)
{
	__builtin_memset(f, 0, sizeof(*f));
	f->eip = pc;
	f->cs = USER_CS;
	f->eflags = EFLAGS_IF;
	f->esp = sp;
	f->ss = USER_DS;
	f->ds = f->es = f->fs = f->gs = USER_DS;
}

void arch_thread_init(struct thread *t, void (*entry)(void *), void *arg)
{
	struct trap_frame *f = kstack_user_frame(t);
	uintptr_t *sp = (uintptr_t *)f;

	user_frame_reset(f, 0, 0);
	*--sp = (uintptr_t)thread_trampoline; /* context_switch's ret */
	*--sp = 0;			      /* ebp: ends backtraces */
	*--sp = (uintptr_t)entry;	      /* ebx */
	*--sp = (uintptr_t)arg;		      /* esi */
	*--sp = 0;			      /* edi */
	t->arch.ksp = (uintptr_t)sp;
	t->arch.user_frame = f;
	t->arch.tls[0] = 0;
	t->arch.tls[1] = 0;
	t->arch.fpu_used = 0;
}

/* i386's traps take the kernel lock exclusive only: nothing runs the
 * fast path shared here (base/arch.h). */
void arch_lock_shared_enable(void)
{
}

void arch_thread_switch_shared(struct thread *prev, struct thread *next)
{
	(void)prev;
	(void)next;
	panic("i386: a switch under the kernel lock shared");
}

void arch_thread_switch(struct thread *prev, struct thread *next)
{
	if (prev == next)
		return;
	fpu_switch(prev, next);
	if (next->kstack != NULL)
		cpu_set_kernel_stack(kstack_top(next));
	cpu_set_tls(next->arch.tls);
	pmap_activate(thread_pmap(next));
	context_switch(&prev->arch.ksp, next->arch.ksp);
}

/* The i386 port keeps the frames (base/arch.h). */
void arch_thread_switch_drop(struct thread *prev, struct thread *next)
{
	arch_thread_switch(prev, next);
}
