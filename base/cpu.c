/*
 * base/cpu.c - the processors' data and the kernel lock (base/cpu.h,
 * base/lock.h).
 *
 * The kernel lock is a test-and-set lock, not a fair (ticket) one: on a
 * virtual machine whose processors are host threads, the processor next
 * in line of a fair lock may be descheduled by the host while the lock
 * waits for it (lock-waiter preemption; under QEMU on a loaded host a
 * handoff then costs milliseconds); a test-and-set lock goes to whoever
 * runs. Its word is the exclusive holder's struct cpu (NULL while free),
 * so kernel_lock_held is one comparison; only the holder stores NULL.
 * Shared holders each set a flag in their own struct cpu (base/lock.h),
 * which an exclusive taker waits to see clear. The uncontended acquires
 * and the releases are inline (base/lock.h); the spinning is here.
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

/*
 * The contended path of kernel_lock_take_word: test and test-and-set,
 * serving shootdowns while the lock is taken.
 */
void kernel_lock_acquire_slow(void)
{
	uintptr_t me = (uintptr_t)cpu_self(), w;

	if (__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) == me ||
	    cpu_self()->lock_shared)
		panic("kernel lock: cpu%u takes it again", cpu_self()->index);
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	for (;;) {
		w = __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED);
		if (w == 0 && __atomic_compare_exchange_n(
				      &kernel_lock.word, &w, me, false,
				      __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			break;
		arch_lock_spin_poll();
		arch_cpu_relax();
	}
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

/* True if another processor than self (may) hold the lock shared. */
static bool readers_in(const struct cpu *self, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (&cpu_data[i] != self &&
		    __atomic_load_n(&cpu_data[i].lock_shared, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

/*
 * How long an exclusive taker waits for a moment when no processor holds
 * the lock shared before it takes word anyway (spins). Under QEMU a
 * processor is a host thread the host may deschedule: one that took word
 * and then does not run stops every shared holder meanwhile (measured
 * before: an idle processor's clock tick that blocked new shared holders
 * at once stalled the running pair, one pair at -smp 4 fell from about
 * 64,000 round trips/s to 40,000). Waiting first, word free, costs the
 * shared holders nothing.
 */
#define KERNEL_LOCK_PATIENCE 65536

/*
 * kernel_lock_acquire with readers != 0: wait (patiently, above) until no
 * other processor holds the lock shared, take word, then wait for any
 * shared holder that came in meanwhile (none comes in after: each finds
 * word taken). A shared holder waits for nothing an exclusive taker
 * holds, so the waits end.
 */
/* Wait until no other processor than self holds the lock shared, or,
 * patient, at most KERNEL_LOCK_PATIENCE spins. Counted a waiter
 * meanwhile: shared releases pause (base/lock.h). */
static void readers_wait(const struct cpu *self, unsigned int n, bool patient)
{
	unsigned int spins = 0;

	if (!readers_in(self, n))
		return;
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	while ((!patient || ++spins < KERNEL_LOCK_PATIENCE) &&
	       readers_in(self, n)) {
		arch_lock_spin_poll();
		arch_cpu_relax();
	}
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

void kernel_lock_acquire_readers(void)
{
	struct cpu *self = cpu_self();
	unsigned int n =
		__atomic_load_n(&kernel_lock.readers, __ATOMIC_RELAXED);

	readers_wait(self, n, true); /* the word free meanwhile */
	kernel_lock_take_word();
	readers_wait(self, n, false); /* none comes in now */
}

/* The contended path of kernel_lock_acquire_shared: self's flag set, word
 * taken. Clear the flag, wait until word is free, and try again. */
void kernel_lock_acquire_shared_slow(struct cpu *self)
{
	if (__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED) ==
	    (uintptr_t)self)
		panic("kernel lock: cpu%u takes it shared, held", self->index);
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	do {
		__atomic_store_n(&self->lock_shared, false, __ATOMIC_RELAXED);
		while (__atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED)) {
			arch_lock_spin_poll();
			arch_cpu_relax();
		}
		(void)__atomic_exchange_n(&self->lock_shared, true,
					  __ATOMIC_SEQ_CST);
	} while (__atomic_load_n(&kernel_lock.word, __ATOMIC_ACQUIRE) != 0);
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

void kernel_lock_allow_shared(unsigned int n)
{
	assert(n <= CPU_MAX);
	if (n > kernel_lock.readers)
		__atomic_store_n(&kernel_lock.readers, n, __ATOMIC_RELAXED);
}

noreturn void kernel_lock_release_unheld(void)
{
	uintptr_t w = __atomic_load_n(&kernel_lock.word, __ATOMIC_RELAXED);

	if (w == 0)
		panic("kernel lock: cpu%u releases it, free",
		      cpu_self()->index);
	panic("kernel lock: cpu%u releases it, held by cpu%u",
	      cpu_self()->index, ((struct cpu *)w)->index);
}
