/*
 * x86_64/syscall.c - the C side of the syscall instruction entry.
 */
/* On the fast IPC path: no frame pointers (ipc/fastpath.c). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/arch.h>
#include <base/arch_callbacks.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/thread.h>
#include "asm.h"
#include "x86.h"

/* The general return: pending thread work, then sysretq if the frame
 * allows it (rcx == rip, r11 == rflags: the state was not replaced), iretq
 * otherwise. Interrupts off. */
static int syscall_return_slow(struct trap_frame *f)
{
	trap_user_return(f);
	return f->rcx == f->rip && f->r11 == f->rflags &&
	       f->rip < USER_ADDR_MAX;
}

/* The kernel lock is released as the last step before user mode. */
static inline int syscall_exit(int sysret)
{
	kernel_lock_release();
	return sysret;
}

/* The end of every trap: rax = result unless thread_set_state replaced
 * the registers meanwhile; true when sysretq may return (see below).
 * Interrupts off. */
static inline __attribute__((always_inline)) int
syscall_finish(struct thread *t, struct trap_frame *f, uint64_t result)
{
	if (t->arch.user_state_set) /* the new state's rax stays */
		return syscall_return_slow(f);
	f->rax = result;
	if (thread_user_work(t) || !syscall_frame_plain(f))
		return syscall_return_slow(f);
	if (t->arch.segbase_stale)
		thread_load_segbases();
	return 1;
}

/* t enters the mach_msg trap with frame f (the kernel lock held, in
 * either mode). */
static inline void msg_trap_enter(struct thread *t, struct trap_frame *f)
{
	t->arch.user_frame = f;
	t->arch.user_state_set = 0;
	t->arch.in_msg_trap = 1;
	f->rax = (uint64_t)-25;
}

/* The mach_msg trap's frame: a syscall's, at the top of the running
 * thread's kernel stack (syscall_entry's). */
static inline struct trap_frame *msg_trap_frame(void)
{
	uintptr_t top;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(top) : "i"(CPU_KSTACK_TOP));
	return (struct trap_frame *)(top - sizeof(struct trap_frame));
}

/* The mach_msg trap of t (frame f, the lock held exclusive) once the fast
 * path returned result: the general path if it declined, then the
 * return's preparation; true when sysretq may return. */
static inline __attribute__((always_inline)) int
msg_trap_rest(struct thread *t, struct trap_frame *f, uint64_t result)
{
	if (result == SYSCALL_DECLINED) /* the arguments again from f */
		result = syscall_mach_msg_general(f->rdi, f->rsi, f->rdx,
						  f->r10, f->r8, f->r9, f->rsp,
						  RFLAGS_IF);
	t->arch.in_msg_trap = 0;
	return syscall_finish(t, f, result);
}

/* The mach_msg trap under the kernel lock exclusive, its arguments a0..a5
 * (as the frame has them); alone: no other processor runs threads (none
 * waits for the lock). */
static inline __attribute__((always_inline)) int
msg_trap_exclusive(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4, uint64_t a5, bool alone)
{
	struct thread *t = current_thread();
	struct trap_frame *f = msg_trap_frame();
	uint64_t result;
	int sysret;

	if (alone)
		kernel_lock_acquire_alone();
	else
		kernel_lock_acquire();
	msg_trap_enter(t, f);
	result = syscall_mach_msg_fast(a0, a1, a2, a3, a4, a5, RFLAGS_IF);
	sysret = msg_trap_rest(t, f, result);
	if (alone)
		kernel_lock_release_alone();
	else
		kernel_lock_release();
	return sysret;
}

/* syscall_handler for mach_msg (eax = -25), with the trap's six register
 * arguments as syscall_entry found them (the fourth, r10, in rcx), while
 * one processor runs threads (the others, if any, join the scheduler
 * before the first task runs: processor_start_all waits for them):
 * entry.S's syscall_handler_msg_alone (through syscall_msg_handler) does
 * its common case and jumps here for the rest. */
int syscall_handler_msg(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			uint64_t a4, uint64_t a5)
{
	return msg_trap_exclusive(a0, a1, a2, a3, a4, a5, true);
}

/* syscall_handler_msg_alone's end (entry.S): the trap after
 * syscall_mach_msg_fast returned result, the lock held exclusive and the
 * trap's flags set (msg_trap_exclusive's second half). */
int syscall_msg_finish_alone(struct trap_frame *f, uint64_t result)
{
	int sysret = msg_trap_rest(current_thread(), f, result);

	kernel_lock_release_alone();
	return sysret;
}

/* The mach_msg trap of a thread that dropped its kernel frames in the
 * fast path's RPC (arch_thread_switch_drop), switched to by
 * context_switch_resume*: the fast path's end (ipc_fast_rpc_resume) and
 * the trap's, as msg_trap_exclusive's. */
int syscall_msg_resume(void)
{
	struct thread *t = current_thread();
	struct trap_frame *f = msg_trap_frame();
	int sysret;

	thread_switch_resumed(); /* the lock exclusive */
	sysret = msg_trap_rest(t, f, ipc_fast_rpc_resume());
	kernel_lock_release();
	return sysret;
}

/* syscall_handler_msg once several processors run threads: the fast
 * path's RPC with the kernel lock shared first (base/lock.h), then, if it
 * declines, the lock exclusive and the rest. */
int syscall_handler_msg_smp(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			    uint64_t a4, uint64_t a5)
{
	struct thread *t = current_thread();
	struct trap_frame *f = msg_trap_frame();
	uint64_t result;

	kernel_lock_acquire_shared();
	msg_trap_enter(t, f);
	result = syscall_mach_msg_shared(a0, a1, a2, a3, a4, RFLAGS_IF);
	return syscall_msg_finish_shared(f, result);
}

/* The end of syscall_handler_msg_shared (entry.S) and of
 * syscall_handler_msg_smp: the trap after syscall_mach_msg_shared
 * returned result, the lock held shared if it declined, exclusive if it
 * sent. */
int syscall_msg_finish_shared(struct trap_frame *f, uint64_t result)
{
	struct thread *t = current_thread();

	if (result == SYSCALL_DECLINED) {
		kernel_lock_release_shared();
		return msg_trap_exclusive(f->rdi, f->rsi, f->rdx, f->r10, f->r8,
					  f->r9, false);
	}
	t->arch.in_msg_trap = 0; /* the lock now exclusive */
	return syscall_exit(syscall_finish(t, f, result));
}

void (*syscall_msg_handler)(void) = syscall_handler_msg_alone;

/*
 * Called by syscall_entry (entry.S) with interrupts off and f at the top of
 * the thread's kernel stack. Runs the trap with interrupts on, stores its
 * result in f->rax (unless thread_set_state replaced the registers
 * meanwhile), prepares the return to user mode (interrupts off
 * again) and returns true when sysretq restores the frame exactly, false
 * to use iretq. The common case (no thread work pending, registers not
 * replaced, fs/gs bases unchanged) returns at once.
 */
int syscall_handler(struct trap_frame *f)
{
	struct thread *t = current_thread();
	uint64_t a[6], result;

	kernel_lock_acquire();
	t->arch.user_frame = f;
	t->arch.user_state_set = 0;
	f->rax = (uint64_t)(int64_t)(int32_t)f->rax; /* ABI §2.1 */
	result = syscall_quick((int64_t)f->rax);     /* interrupts still off */
	if (result != SYSCALL_DECLINED)
		return syscall_exit(syscall_finish(t, f, result));
	a[0] = f->rdi;
	a[1] = f->rsi;
	a[2] = f->rdx;
	a[3] = f->r10;
	a[4] = f->r8;
	a[5] = f->r9;
	sti();
	result = syscall_dispatch((int64_t)f->rax, a, f->rsp);
	cli();
	return syscall_exit(syscall_finish(t, f, result));
}
