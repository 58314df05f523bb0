/*
 * x86_64/thread.c - kernel thread contexts, the FPU, fs/gs bases and the
 * first entry into user mode.
 *
 * Kernel stack of a thread (KSTACK_SIZE, top 16-byte aligned):
 *	top - sizeof(trap_frame)	user registers (t->arch.user_frame)
 *	below				kernel frames; while switched out,
 *					context_switch's six saved registers
 *					and return address at t->arch.ksp,
 *					or none (ksp 0) when it dropped them
 *					in its mach_msg trap
 *					(arch_thread_switch_drop)
 *
 * FPU, kernel stack helpers, entries into user mode: x86/thread.h.
 */
/* On the fast IPC path: no frame pointers (ipc/fastpath.c). */
#pragma GCC optimize("omit-frame-pointer")

#include <stddef.h>
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/arch_callbacks.h>
#include "asm.h"
#include "x86.h"

/* entry.S's context_switch_user reads the lock's waiters there. */
_Static_assert(offsetof(struct kernel_lock, word) == 0 &&
		       offsetof(struct kernel_lock, waiters) == 8,
	       "context_switch_user: struct kernel_lock's layout");
/* context_switch_user_shared releases a shared hold through %gs. */
_Static_assert(offsetof(struct cpu, lock_shared) == CPU_LOCK_SHARED &&
		       sizeof(((struct cpu *)0)->lock_shared) == 1,
	       "struct cpu's lock_shared");

/* entry.S's syscall_handler_msg_alone writes these through %gs. */
_Static_assert(offsetof(struct cpu, self) == CPU_SELF &&
		       offsetof(struct cpu, current) == CPU_CURRENT &&
		       offsetof(struct cpu, arch.tlb_flush) == CPU_TLB_FLUSH &&
		       offsetof(struct thread, arch.user_frame) ==
			       THREAD_USER_FRAME &&
		       offsetof(struct thread, arch.user_state_set) ==
			       THREAD_USER_STATE_SET &&
		       offsetof(struct thread, arch.in_msg_trap) ==
			       THREAD_IN_MSG_TRAP &&
		       RFLAGS_IF == ASM_RFLAGS_IF,
	       "syscall_handler_msg_alone's offsets");

#define FPU_SAVE_INSN	 "fxsave64"
#define FPU_RESTORE_INSN "fxrstor64"

static bool fpu_sse_enabled(void)
{
	return true;
}

#include "../x86/thread.h"

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

/* A base register value the MSR accepts (non-canonical reads as 0). */
static uintptr_t segbase_sanitize(uintptr_t v)
{
	return (v < USER_ADDR_MAX) ? v : 0;
}

/* Load t's fs/gs base into processor c's MSRs where they hold other
 * values; the user's gs base waits in MSR_KERNEL_GS_BASE for the swapgs
 * of the return (entry.S). Interrupts off. */
static inline void segbases_load(struct arch_cpu *c, struct thread *t)
{
	uintptr_t fs = segbase_sanitize(t->arch.fs_base);
	uintptr_t gs = segbase_sanitize(t->arch.gs_base);

	t->arch.segbase_stale = 0;
	if (fs != c->loaded_fs_base) {
		wrmsr(MSR_FS_BASE, fs);
		c->loaded_fs_base = fs;
	}
	if (gs != c->loaded_gs_base) {
		wrmsr(MSR_KERNEL_GS_BASE, gs);
		c->loaded_gs_base = gs;
	}
}

/* segbases_load for the current thread, just before a return to user
 * mode. */
void thread_load_segbases(void)
{
	segbases_load(&cpu_self()->arch, current_thread());
}

/* The frame to return next (the current thread, switched to) to user mode
 * with, straight from the switch: its mach_msg trap's result set; NULL
 * when it must return through its own kernel frames (syscall_finish's
 * conditions). Lock held, interrupts off. */
static inline struct trap_frame *syscall_resume_frame(struct thread *next)
{
	struct trap_frame *f = next->arch.user_frame;

	/* What syscall_finish would find, to return by sysretq. */
	if (!next->arch.in_msg_trap || next->arch.user_state_set ||
	    thread_user_work(next) || !syscall_frame_plain(f))
		return NULL;
	next->arch.in_msg_trap = 0;
	next->resume_user = false;
	f->rax = next->resume_value;
	if (next->arch.segbase_stale)
		thread_load_segbases();
	return f;
}

/* Load next's state into this processor for the switch (not its
 * registers): FPU, fs/gs bases' staleness, kernel stack, pmap. */
static inline void switch_load(struct arch_cpu *c, struct thread *prev,
			       struct thread *next)
{
	struct pmap *pmap;

	fpu_switch(prev, next);
	if (next->arch.fs_base != c->loaded_fs_base ||
	    next->arch.gs_base != c->loaded_gs_base)
		next->arch.segbase_stale = 1; /* else the MSRs hold them */
	if (next->kstack != NULL) {	      /* cpu_set_kernel_stack, inline */
		uintptr_t top = kstack_top(next);

		((struct tss *)c->tss)->rsp[0] = top;
		c->kstack_top = top;
	}
	pmap = thread_pmap(next);
	if (pmap != c->active_pmap)
		pmap_activate(pmap);
}

/* prev runs again (its context_switch*, context_switch_user* returned):
 * resumed by the switch of a processor holding the kernel lock shared, it
 * goes on holding it exclusive. Every switch that saved prev's context
 * calls it when it returns, whichever way prev left (a thread that went
 * straight to user mode may come back through the general switch of a
 * processor holding the lock shared). */
void thread_switch_resumed(void)
{
	if (cpu_self()->lock_shared)
		kernel_lock_upgrade();
}

/* How a general switch resumes next, its state loaded (switch_load):
 * straight to user mode from its frame (*f: nothing left but its
 * return), at its trap's frame (*f: it dropped its kernel frames,
 * syscall_msg_resume goes on), or through its saved context. */
enum switch_resume { RESUME_USER, RESUME_TRAP, RESUME_CONTEXT };

static inline __attribute__((always_inline)) enum switch_resume
switch_general_load(struct arch_cpu *c, struct thread *prev,
		    struct thread *next, struct trap_frame **f)
{
	switch_load(c, prev, next);
	if (next->resume_user && (*f = syscall_resume_frame(next)) != NULL)
		return RESUME_USER;
	*f = next->arch.user_frame;
	return next->arch.ksp == 0 ? RESUME_TRAP : RESUME_CONTEXT;
}

/* arch_thread_switch's general case: any state to load, a return through
 * next's own kernel frames. */
static __attribute__((noinline)) void thread_switch_general(struct thread *prev,
							    struct thread *next)
{
	struct trap_frame *f;

	switch (switch_general_load(&cpu_self()->arch, prev, next, &f)) {
	case RESUME_USER:
		context_switch_user(&prev->arch.ksp, f, &kernel_lock);
		break;
	case RESUME_TRAP:
		context_switch_resume(&prev->arch.ksp, f);
		break;
	case RESUME_CONTEXT:
		context_switch(&prev->arch.ksp, next->arch.ksp);
		break;
	}
	thread_switch_resumed();
}

/*
 * The switch of an RPC's handoff: to a user thread (its task's address
 * space loaded here if it is another, its fs/gs bases if they differ from
 * the processor's: every thread of a glibc program has its own), neither
 * using the FPU, whose receive the fast path completed in its mach_msg
 * trap (nothing left but its return to user mode, straight from the
 * switch):
 * next's frame, its result set and its kernel stack loaded; NULL, nothing
 * done, if the switch is not that case. Lock held, interrupts off.
 */
static inline __attribute__((always_inline)) struct trap_frame *
handoff_frame(struct cpu *cpu, struct thread *prev, struct thread *next)
{
	struct arch_cpu *c = &cpu->arch;
	struct trap_frame *f;
	uintptr_t top;

	if (prev->arch.fpu_used ||
	    next->arch.switch_flags != ARCH_SWITCH_PLAIN ||
	    !next->resume_user || next->task == NULL ||
	    next->task->pmap == NULL)
		return NULL;
	/* syscall_resume_frame, but for what the flags showed: in its
	 * mach_msg trap, so f is at the top of its kernel stack. */
	f = next->arch.user_frame;
	if (thread_user_work_on(next, cpu) || !syscall_frame_plain(f))
		return NULL;
	if (next->task->pmap != c->active_pmap) /* another task's */
		pmap_load(c, next->task->pmap);
	if (next->arch.fs_base != c->loaded_fs_base ||
	    next->arch.gs_base != c->loaded_gs_base) /* another thread's */
		segbases_load(c, next);
	next->arch.in_msg_trap = 0;
	next->resume_user = false;
	f->rax = next->resume_value;
	top = (uintptr_t)(f + 1); /* cpu_set_kernel_stack, inline */
	((struct tss *)c->tss)->rsp[0] = top;
	c->kstack_top = top;
	return f;
}

/* The handoff's case with no frame of its own (a tail call either way). */
void arch_thread_switch(struct thread *prev, struct thread *next)
{
	struct trap_frame *f;

	if (prev == next)
		return;
	f = handoff_frame(cpu_self(), prev, next);
	if (f == NULL)
		return thread_switch_general(prev, next);
	context_switch_user(&prev->arch.ksp, f, &kernel_lock);
	thread_switch_resumed(); /* by a switch with the lock shared, maybe */
}

/* arch_thread_switch_drop's general case: thread_switch_general with
 * prev's context not saved. Does not return (nor do the switches it jumps
 * to). */
static __attribute__((noinline)) void
thread_switch_general_drop(struct thread *prev, struct thread *next)
{
	struct trap_frame *f;

	switch (switch_general_load(&cpu_self()->arch, prev, next, &f)) {
	case RESUME_USER:
		return context_drop_user(&prev->arch.ksp, f, &kernel_lock);
	case RESUME_TRAP:
		return context_drop_resume(&prev->arch.ksp, f);
	case RESUME_CONTEXT:
		break;
	}
	context_drop_load(&prev->arch.ksp, next->arch.ksp);
}

/* base/arch.h: arch_thread_switch, prev's kernel frames dropped (its saved
 * rsp 0): if it runs again but not straight to user mode, its switch
 * starts it in syscall_msg_resume at its trap's frame. Does not return. */
void arch_thread_switch_drop(struct thread *prev, struct thread *next)
{
	struct trap_frame *f = handoff_frame(cpu_self(), prev, next);

	prev->arch.ksp = 0;
	if (f == NULL)
		return thread_switch_general_drop(prev, next);
	context_drop_user(&prev->arch.ksp, f, &kernel_lock);
}

/* arch_thread_switch_shared's general case: as thread_switch_general. */
static __attribute__((noinline)) void
thread_switch_shared_general(struct thread *prev, struct thread *next)
{
	struct trap_frame *f;

	switch (switch_general_load(&cpu_self()->arch, prev, next, &f)) {
	case RESUME_USER:
		context_switch_user_shared(&prev->arch.ksp, f, &kernel_lock,
					   &prev->switching_out);
		break;
	case RESUME_TRAP:
		context_switch_resume_shared(&prev->arch.ksp, f,
					     &prev->switching_out);
		break;
	case RESUME_CONTEXT:
		context_switch_shared(&prev->arch.ksp, next->arch.ksp,
				      &prev->switching_out);
		break;
	}
	thread_switch_resumed();
}

/* Only a processor holding the kernel lock shared can switch to a thread
 * another one is still switching out of (base/lock.h): wait until its
 * context is saved (its switch clears next->switching_out then, as this
 * one clears prev's). */
void arch_thread_switch_shared(struct thread *prev, struct thread *next)
{
	struct trap_frame *f;

	while (__atomic_load_n(&next->switching_out, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	f = handoff_frame(cpu_self(), prev, next);
	if (f == NULL)
		return thread_switch_shared_general(prev, next);
	context_switch_user_shared(&prev->arch.ksp, f, &kernel_lock,
				   &prev->switching_out);
	thread_switch_resumed();
}

/* From now on mach_msg traps try the shared fast path first
 * (syscall_handler_msg_shared, else syscall_handler_msg_smp). */
void arch_lock_shared_enable(void)
{
	__atomic_store_n(&syscall_msg_handler, syscall_handler_msg_shared,
			 __ATOMIC_RELAXED);
}
