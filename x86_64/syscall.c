/*
 * x86_64/syscall.c - the C side of the syscall instruction entry.
 */
#include <base/arch.h>
#include <base/arch_callbacks.h>
#include <base/thread.h>
#include "x86.h"

/*
 * Called by syscall_entry (entry.S) with interrupts off and f at the top of
 * the thread's kernel stack. Runs the trap with interrupts on, stores its
 * result in f->rax (unless thread_set_state replaced the registers
 * meanwhile), prepares the return to user mode (interrupts off
 * again) and returns true when sysretq restores the frame exactly (rcx ==
 * rip, r11 == rflags: the state was not replaced), false to use iretq.
 */
int syscall_handler(struct trap_frame *f)
{
	struct thread *t = current_thread();
	uint64_t a[6], result;

	t->arch.user_frame = f;
	t->arch.user_state_set = 0;
	f->rax = (uint64_t)(int64_t)(int32_t)f->rax; /* ABI §2.1 */
	a[0] = f->rdi;
	a[1] = f->rsi;
	a[2] = f->rdx;
	a[3] = f->r10;
	a[4] = f->r8;
	a[5] = f->r9;
	sti();
	result = syscall_dispatch((int64_t)f->rax, a, f->rsp);
	cli();
	if (!t->arch.user_state_set) /* else the new state's rax stays */
		f->rax = result;
	trap_user_return(f);
	return f->rcx == f->rip && f->r11 == f->rflags &&
	       f->rip < USER_ADDR_MAX;
}
