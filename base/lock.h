/*
 * base/lock.h - the kernel lock.
 *
 * One lock, a spinlock, serialises the whole kernel, as seL4 does on
 * several processors: a processor runs kernel code only while it holds
 * it. Rules:
 *
 *  - Every entry from user mode (syscall, exception, interrupt) takes it
 *    (kernel_lock_acquire) and every return to user mode releases it, as
 *    the last step before the registers are restored.
 *  - An interrupt or exception taken in kernel mode takes it only if the
 *    processor does not hold it already (the idle thread halts without
 *    it), and then releases it on the way out.
 *  - A thread switch hands the lock to the next thread: a thread always
 *    resumes holding it, on whichever processor it resumes. A new thread
 *    starts holding it.
 *  - The idle thread releases it while it halts (sched.c idle_loop).
 *  - Nothing holding it waits for another processor, except a TLB
 *    shootdown: a processor spinning for the lock serves shootdown
 *    requests meanwhile (arch_lock_spin_poll), and the arch's shootdown
 *    and spurious interrupts run without the lock.
 *
 * Critical sections keep their uniprocessor form, with interrupts
 * disabled as well so that the processor stays put and its interrupt
 * handlers do not run in the middle:
 *
 *	spl_t s = splhigh();	interrupts off; the lock if not held yet
 *	... touch shared state ...
 *	splx(s);		back as it was (the lock released if
 *				splhigh took it)
 *
 * Sections nest. Blocking (waitq_wait) is allowed inside a section: the
 * section resumes, lock held and interrupts disabled, when the thread runs
 * again, maybe on another processor.
 *
 * Leaf spinlocks (struct spinlock) protect what runs without the kernel
 * lock (the clock's hardware registers); they are taken with interrupts
 * disabled and nothing is taken under them.
 */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <base/arch.h>
#include <base/cpu.h>

typedef unsigned long spl_t;

/* The token's bit that says splhigh took the kernel lock. */
#define SPL_LOCKED (~(~0UL >> 1))

/*
 * The lock word: the holder's struct cpu, NULL while free. Its
 * uncontended acquire and its release are a few inline instructions (a
 * compare-and-swap of NULL to cpu_self(), a store of NULL); a processor
 * that finds it taken spins out of line (kernel_lock_acquire_slow),
 * serving shootdowns meanwhile. Only the holder stores NULL.
 *
 * waiters counts the processors spinning for it (a hint, updated by
 * them alone): a release that sees one pauses once (arch_cpu_relax), so
 * that the waiter takes the lock before the releaser can again. Under
 * QEMU's single-threaded TCG, where the processors take turns on one
 * host thread, a pause ends the releaser's turn and the waiter's comes,
 * the lock free; without it, a waiter only ever looked at the lock when
 * its turn came at an interrupt, and a processor mostly in the kernel
 * held the lock at nearly every such moment: the waiter's thread could
 * wait for seconds (a task started on the other processor did not run
 * before the demo ended). x86_64's context_switch_user releases it in
 * assembly, the same way (waiters at offset 8).
 */
struct kernel_lock {
	struct cpu *owner;
	unsigned int waiters;
};

extern struct kernel_lock kernel_lock;

/* base/cpu.c: spin until the lock is free and take it (not held by this
 * processor: panics if it is). Interrupts off. */
void kernel_lock_acquire_slow(void);
/* base/cpu.c: panic, the lock released by a processor not holding it. */
noreturn void kernel_lock_release_unheld(void);

/* True if the running processor holds the kernel lock. Interrupts off. */
static inline bool kernel_lock_held(void)
{
	return __atomic_load_n(&kernel_lock.owner, __ATOMIC_RELAXED) ==
	       cpu_self();
}

/* Take the kernel lock (not held by this processor), then serve what
 * another processor left for this one (arch_lock_spin_poll). Interrupts
 * off. */
static inline void kernel_lock_acquire(void)
{
	struct cpu *free = NULL;

	if (!__atomic_compare_exchange_n(&kernel_lock.owner, &free, cpu_self(),
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		kernel_lock_acquire_slow();
	arch_lock_spin_poll(); /* a request left while it did not spin */
}

/* Release it (held by this processor: panics if not), then let a
 * processor waiting for it take it (struct kernel_lock). Interrupts
 * off. */
static inline void kernel_lock_release(void)
{
	if (__atomic_load_n(&kernel_lock.owner, __ATOMIC_RELAXED) != cpu_self())
		kernel_lock_release_unheld();
	__atomic_store_n(&kernel_lock.owner, NULL, __ATOMIC_RELEASE);
	if (__atomic_load_n(&kernel_lock.waiters, __ATOMIC_RELAXED))
		arch_cpu_relax();
}

/* Kernel entry from a context that may or may not hold the lock (an
 * interrupt in kernel mode): true if it was taken, for kernel_lock_leave.
 * Interrupts off. */
static inline bool kernel_lock_enter(void)
{
	if (kernel_lock_held())
		return false;
	kernel_lock_acquire();
	return true;
}

static inline void kernel_lock_leave(bool taken)
{
	if (taken)
		kernel_lock_release();
}

static inline spl_t splhigh(void)
{
	spl_t s = arch_intr_save();

	if (!kernel_lock_held()) {
		kernel_lock_acquire();
		s |= SPL_LOCKED;
	}
	return s;
}

static inline void splx(spl_t s)
{
	if (s & SPL_LOCKED)
		kernel_lock_release();
	arch_intr_restore(s & ~SPL_LOCKED);
}

/* A leaf spinlock: interrupts disabled by the caller, nothing taken
 * under it. */
struct spinlock {
	int locked;
};

static inline void spin_lock(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif /* KERN_LOCK_H */
