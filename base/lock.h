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
 * The lock is a big-reader lock: one word for the exclusive holder and
 * one flag per processor for the shared holders.
 *
 * word is the exclusive holder's struct cpu, 0 while nobody holds it
 * exclusive. The uncontended exclusive acquire and its release are a few
 * inline instructions (a compare-and-swap of 0 to cpu_self(), a store of
 * 0); a processor that finds it taken spins out of line
 * (kernel_lock_acquire_slow), serving shootdowns meanwhile. Only the
 * exclusive holder stores 0.
 *
 * Shared: the mach_msg fast path's RPC between two tasks
 * (ipc_fast_mach_msg_shared) runs under the lock shared and its two
 * spaces' locks, so that the RPCs of unrelated tasks run on several
 * processors at once; nothing else runs shared. A processor holds it
 * shared while its own cpu->lock_shared is set: it sets the flag, then
 * (after a full barrier) finds word 0, or clears the flag and waits. An
 * exclusive taker, once it owns word, waits until the flag of every
 * processor that may take it shared (cpu_get(0 .. readers - 1)) is clear.
 * The two sides store, fence and then load, so one of them always sees
 * the other. An exclusive taker does not take word at once while shared
 * holders run: it waits first for a moment when none does, up to
 * KERNEL_LOCK_PATIENCE spins (base/cpu.c says why). A shared acquire and
 * release thus write only the processor's own cache line: two RPC pairs on two
 * processors share no line of the lock. readers is 0 while one processor runs
 * threads (kernel_lock_allow_shared sets it when more do), and the exclusive
 * acquire then has nothing to scan.
 *
 * A processor holding it shared takes no exclusive lock: kernel_lock_enter
 * counts it held (only a no-fault user copy can trap then), and a thread
 * resumed in the kernel by a shared holder's switch upgrades
 * (kernel_lock_upgrade) before it goes on.
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
 * before the demo ended). x86_64's context_switch_user(_shared) releases
 * it in assembly, the same way (waiters at offset 8).
 */
struct kernel_lock {
	uintptr_t word;
	unsigned int waiters; /* processors spinning for it (see above) */
	unsigned int readers; /* cpu_get(i) may hold it shared: i < readers */
};

extern struct kernel_lock kernel_lock;

/* base/cpu.c: spin until the lock is free and take it (not held by this
 * processor: panics if it is). Interrupts off. */
void kernel_lock_acquire_slow(void);
/* base/cpu.c: kernel_lock_acquire once several processors may hold it
 * shared (readers != 0): the word taken, then no shared holder left. */
void kernel_lock_acquire_readers(void);
/* base/cpu.c: panic, the lock released by a processor not holding it. */
noreturn void kernel_lock_release_unheld(void);
/* base/cpu.c: the contended shared acquire (the flag set, word taken). */
void kernel_lock_acquire_shared_slow(struct cpu *self);
/* base/cpu.c: from now on processors cpu_get(0 .. n - 1) may take the
 * lock shared. Lock held exclusive. */
void kernel_lock_allow_shared(unsigned int n);

/* True if the running processor holds the kernel lock (exclusive).
 * Interrupts off. */
static inline bool kernel_lock_held(void)
{
	return __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) ==
	       (uintptr_t)cpu_self();
}

/* The word taken (compare-and-swap, a full barrier), or spin for it. */
static inline void kernel_lock_take_word(void)
{
	uintptr_t free = 0;

	if (!__atomic_compare_exchange_n(&kernel_lock.word, &free,
					 (uintptr_t)cpu_self(), false,
					 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		kernel_lock_acquire_slow();
}

/* Take the kernel lock (not held by this processor), then serve what
 * another processor left for this one (arch_lock_spin_poll). Interrupts
 * off. */
static inline void kernel_lock_acquire(void)
{
	if (__atomic_load_n(&kernel_lock.readers, __ATOMIC_RELAXED) != 0)
		kernel_lock_acquire_readers();
	else
		kernel_lock_take_word();
	arch_lock_spin_poll(); /* a request left while it did not spin */
}

/* kernel_lock_acquire while only this processor runs threads (so nobody
 * holds it shared: readers is 0). Interrupts off. */
static inline void kernel_lock_acquire_alone(void)
{
	kernel_lock_take_word();
	arch_lock_spin_poll();
}

/* Release it (held by this processor: panics if not), with nobody to
 * let in (only one processor runs threads). Interrupts off. */
static inline void kernel_lock_release_alone(void)
{
	if (__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) !=
	    (uintptr_t)cpu_self())
		kernel_lock_release_unheld();
	__atomic_store_n(&kernel_lock.word, 0, __ATOMIC_RELEASE);
}

/* Let a processor waiting for the lock take it (waiters, above). */
static inline void kernel_lock_let_in(void)
{
	if (__atomic_load_n(&kernel_lock.waiters, __ATOMIC_RELAXED))
		arch_cpu_relax();
}

/* Release it (held by this processor: panics if not), then let a
 * processor waiting for it take it (waiters, above). Interrupts off. */
static inline void kernel_lock_release(void)
{
	kernel_lock_release_alone();
	kernel_lock_let_in();
}

/* Take it shared (this processor holds it in no way). Interrupts off. */
static inline void kernel_lock_acquire_shared(void)
{
	struct cpu *self = cpu_self();

	/* xchg: the flag's store, then a full barrier, then the load. */
	(void)__atomic_exchange_n(&self->lock_shared, true, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&kernel_lock.word, __ATOMIC_ACQUIRE) != 0)
		kernel_lock_acquire_shared_slow(self);
	arch_lock_spin_poll(); /* a lazy shootdown (the kernel window) */
}

/* Release a shared hold (this processor's). Interrupts off. */
static inline void kernel_lock_release_shared(void)
{
	__atomic_store_n(&cpu_self()->lock_shared, false, __ATOMIC_RELEASE);
	kernel_lock_let_in();
}

/* A shared hold made exclusive (not atomically: others may run between
 * the two). Interrupts off. */
static inline void kernel_lock_upgrade(void)
{
	kernel_lock_release_shared();
	kernel_lock_acquire();
}

/* Kernel entry from a context that may or may not hold the lock (an
 * interrupt in kernel mode): true if it was taken, for kernel_lock_leave.
 * Interrupts off. */
static inline bool kernel_lock_enter(void)
{
	if (kernel_lock_held() || cpu_self()->lock_shared)
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

/* Take l if it is free (true), else false at once. */
static inline bool spin_trylock(struct spinlock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) == 0 &&
	       !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

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
