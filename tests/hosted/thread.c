/*
 * tests/hosted/thread.c - hosted kernel threads as ucontext coroutines,
 * the hosted idle wait, timer ticks and user entry.
 *
 * Every kernel thread runs on its own kernel stack (t->kstack) as a
 * coroutine; arch_thread_switch is a swapcontext. The boot thread runs on
 * the process stack. AddressSanitizer is told of each stack switch
 * (__sanitizer_start/finish_switch_fiber), and the stack of a thread that
 * died is unpoisoned before the reaper frees it, so the memory can be
 * reused by the allocator without false reports.
 *
 * Needs base/thread.c, base/sched.c and base/clock.c.
 * Lock order: none (single host thread).
 */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>
#include <base/arch.h>
#include <base/clock.h>
#include <base/lock.h>
#include <base/sched.h>
#include <base/thread.h>
#include "hosted.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#else
#define __sanitizer_start_switch_fiber(save, bottom, size) ((void)(save))
#define __sanitizer_finish_switch_fiber(save, bottom, size)                    \
	((void)(save), *(bottom) = NULL, *(size) = 0)
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

_Static_assert(sizeof(ucontext_t) <= sizeof(((struct arch_thread *)0)->ctx),
	       "struct arch_thread too small for a ucontext_t");

static struct thread *switch_from; /* thread being left */
static struct thread *switch_to;   /* thread being entered */
static unsigned long idle_ticks;   /* idle ticks since the last switch */

static ucontext_t *thread_ctx(struct thread *t)
{
	return (ucontext_t *)(void *)t->arch.ctx;
}

/* First thing after a switch, in the thread switched to: finish ASan's
 * switch, learn the boot stack's bounds, clean a dead thread's stack. */
static void after_switch(void *fake_stack)
{
	struct thread *prev = switch_from;
	const void *bottom;
	size_t size;

	__sanitizer_finish_switch_fiber(fake_stack, &bottom, &size);
	if (!prev->arch.stack_bottom) {
		prev->arch.stack_bottom = bottom;
		prev->arch.stack_size = size;
	}
	if (prev->state == THREAD_DEAD && prev->kstack)
		ASAN_UNPOISON_MEMORY_REGION(prev->kstack, KSTACK_SIZE);
	/* prev's context is saved: off this processor (base/thread.h). */
	__atomic_store_n(&prev->switching_out, 0, __ATOMIC_RELEASE);
	idle_ticks = 0;
}

/* Where a new thread starts: interrupts on, then entry(arg). */
static void thread_trampoline(void)
{
	struct thread *t = switch_to;

	after_switch(NULL);
	hosted_intr_set(true);
	t->arch.entry(t->arch.arg);
	fprintf(stderr, "hosted: thread %s returned from its entry\n", t->name);
	abort();
}

void arch_thread_init(struct thread *t, void (*entry)(void *), void *arg)
{
	ucontext_t *uc = thread_ctx(t);

	getcontext(uc);
	uc->uc_stack.ss_sp = t->kstack;
	uc->uc_stack.ss_size = KSTACK_SIZE;
	uc->uc_link = NULL;
	makecontext(uc, thread_trampoline, 0);
	t->arch.entry = entry;
	t->arch.arg = arg;
	t->arch.stack_bottom = t->kstack;
	t->arch.stack_size = KSTACK_SIZE;
}

/* Save prev, resume next. Interrupts off on entry and return. */
void arch_thread_switch(struct thread *prev, struct thread *next)
{
	void *fake_stack = NULL;
	bool dying = prev->state == THREAD_DEAD;

	if (arch_intr_enabled()) {
		fprintf(stderr, "hosted: thread switch with interrupts on\n");
		abort();
	}
	switch_from = prev;
	switch_to = next;
	__sanitizer_start_switch_fiber(dying ? NULL : &fake_stack,
				       next->arch.stack_bottom,
				       next->arch.stack_size);
	swapcontext(thread_ctx(prev), thread_ctx(next));
	after_switch(fake_stack);
}

/* The twin keeps the frames (base/arch.h). */
void arch_thread_switch_drop(struct thread *prev, struct thread *next)
{
	arch_thread_switch(prev, next);
}

/* As the kernel's (base/arch.h): wait until next is off any other
 * processor, switch, and go on holding the lock exclusive. The twin has
 * no return straight to user mode, so next always resumes in its own
 * switch (which upgrades the lock as below). */
void arch_thread_switch_shared(struct thread *prev, struct thread *next)
{
	while (__atomic_load_n(&next->switching_out, __ATOMIC_ACQUIRE))
		;
	arch_thread_switch(prev, next);
	if (cpu_self()->lock_shared)
		kernel_lock_upgrade();
}

/* The twin's mach_msg traps take the kernel lock exclusive only. */
void arch_lock_shared_enable(void)
{
}

/* One processor: the Linux thread that runs the test. */
unsigned int arch_cpu_count(void)
{
	return 1;
}

void arch_cpus_start(void)
{
}

bool arch_cpu_started(unsigned int i)
{
	return i == 0;
}

/* Nothing to run: time passes until the next tick. Interrupts off. */
void arch_cpu_idle(void)
{
	if (++idle_ticks > HOSTED_IDLE_LIMIT)
		panic("hosted: deadlock, every thread waits and no deadline "
		      "is near");
	hosted_clock_advance_ns(HOSTED_TICK_NS);
	clock_interrupt();
}

void hosted_tick(void)
{
	spl_t s = splhigh();

	hosted_clock_advance_ns(HOSTED_TICK_NS);
	clock_interrupt();
	sched_preempt_point();
	splx(s);
}

/* "User mode": call pc as a host function; its return ends the thread. */
noreturn void arch_user_enter(uintptr_t pc, uintptr_t sp)
{
	void (*user)(uintptr_t) = (void (*)(uintptr_t))pc;

	hosted_intr_set(true);
	user(sp);
	thread_exit();
}

void hosted_user_trap_return(void)
{
	splhigh();
	sched_preempt_point();
	thread_user_return();
	hosted_intr_set(true);
}
