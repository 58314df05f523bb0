/*
 * base/cpu.c - the processors' data and the kernel lock (base/cpu.h,
 * base/lock.h).
 *
 * The kernel lock is a test-and-set lock, not a fair (ticket) one: on a
 * virtual machine whose processors are host threads, the processor next
 * in line of a fair lock may be descheduled by the host while the lock
 * waits for it (lock-waiter preemption; under QEMU on a loaded host a
 * handoff then costs milliseconds); a test-and-set lock goes to whoever
 * runs. Its word is the holder's struct cpu (NULL while free), so
 * kernel_lock_held is one comparison; only the holder stores NULL. The
 * uncontended acquire and the release are inline (base/lock.h); the
 * spinning is here.
 */
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/lock.h>

static struct cpu cpu_data[CPU_MAX];
struct cpu *const arch_cpu0 = &cpu_data[0]; /* one-processor ports */
struct kernel_lock kernel_lock;		    /* free: word 0 */

struct cpu *cpu_get(unsigned int i)
{
	assert(i < CPU_MAX);
	return &cpu_data[i];
}

/* How long an exclusive taker waits for the shared holders to leave by
 * themselves before it marks the lock wanted (spins). */
#define KERNEL_LOCK_PATIENCE 65536

/*
 * The contended path of kernel_lock_acquire: test and test-and-set,
 * serving shootdowns while the lock is taken. While shared holders hold
 * it, it is taken as soon as none does; after KERNEL_LOCK_PATIENCE spins
 * it is marked wanted (no new shared holder), then taken when the last one
 * leaves. Not at once: under QEMU a waiting processor is a host thread
 * the host may deschedule, and a wanted mark left by one that does not
 * run stops every shared holder meanwhile (an idle processor's clock tick
 * would stall the others' RPCs, as a fair lock's next in line would).
 */
void kernel_lock_acquire_slow(void)
{
	uintptr_t me = (uintptr_t)cpu_self(), w;
	unsigned int spins = 0;

	if (__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) == me ||
	    cpu_self()->lock_shared)
		panic("kernel lock: cpu%u takes it again", cpu_self()->index);
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	for (;;) {
		w = __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED);
		if (w == 0 || w == (KERNEL_LOCK_SHARED | KERNEL_LOCK_WANTED)) {
			if (__atomic_compare_exchange_n(
				    &kernel_lock.word, &w, me, false,
				    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				break;
			continue;
		}
		if ((w & (KERNEL_LOCK_SHARED | KERNEL_LOCK_WANTED)) ==
			    KERNEL_LOCK_SHARED &&
		    ++spins > KERNEL_LOCK_PATIENCE)
			__atomic_compare_exchange_n(
				&kernel_lock.word, &w, w | KERNEL_LOCK_WANTED,
				false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
		arch_lock_spin_poll();
		arch_cpu_relax();
	}
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

/* The contended path of kernel_lock_acquire_shared: wait while it is
 * held exclusive or wanted so, then join (or take it first). */
void kernel_lock_acquire_shared_slow(void)
{
	uintptr_t w, n;

	if (cpu_self()->lock_shared ||
	    __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) ==
		    (uintptr_t)cpu_self())
		panic("kernel lock: cpu%u takes it shared again",
		      cpu_self()->index);
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	for (;;) {
		w = __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED);
		if (w == 0 || (w & (KERNEL_LOCK_SHARED | KERNEL_LOCK_WANTED)) ==
				      KERNEL_LOCK_SHARED) {
			n = (w | KERNEL_LOCK_SHARED) + KERNEL_LOCK_ONE_SHARED;
			if (__atomic_compare_exchange_n(
				    &kernel_lock.word, &w, n, false,
				    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				break;
			continue;
		}
		arch_lock_spin_poll();
		arch_cpu_relax();
	}
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

/* The last shared holder left (the word KERNEL_LOCK_SHARED, nobody
 * waiting to take it exclusive): free it, unless a processor joined or
 * marked it wanted meanwhile (then that one goes on from there). */
void kernel_lock_release_shared_last(void)
{
	uintptr_t w = KERNEL_LOCK_SHARED;

	__atomic_compare_exchange_n(&kernel_lock.word, &w, 0, false,
				    __ATOMIC_RELEASE, __ATOMIC_RELAXED);
}

noreturn void kernel_lock_release_unheld(void)
{
	uintptr_t w = __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED);

	if (w == 0)
		panic("kernel lock: cpu%u releases it, free",
		      cpu_self()->index);
	if (w & KERNEL_LOCK_SHARED)
		panic("kernel lock: cpu%u releases it, held shared (%#lx)",
		      cpu_self()->index, (unsigned long)w);
	panic("kernel lock: cpu%u releases it, held by cpu%u",
	      cpu_self()->index, ((struct cpu *)w)->index);
}
