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
struct kernel_lock kernel_lock;		    /* free: owner NULL */

struct cpu *cpu_get(unsigned int i)
{
	assert(i < CPU_MAX);
	return &cpu_data[i];
}

/* The contended path of kernel_lock_acquire: test and test-and-set,
 * serving shootdowns while the lock is taken, counted in waiters
 * meanwhile (base/lock.h: a release then pauses for this processor). */
void kernel_lock_acquire_slow(void)
{
	struct cpu *me = cpu_self(), *free;

	if (__atomic_load_n(&kernel_lock.owner, __ATOMIC_RELAXED) == me)
		panic("kernel lock: cpu%u takes it again", me->index);
	__atomic_fetch_add(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
	do {
		while (__atomic_load_n(&kernel_lock.owner, __ATOMIC_RELAXED)) {
			arch_lock_spin_poll();
			arch_cpu_relax();
		}
		free = NULL;
	} while (!__atomic_compare_exchange_n(&kernel_lock.owner, &free, me,
					      false, __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
	__atomic_fetch_sub(&kernel_lock.waiters, 1, __ATOMIC_RELAXED);
}

noreturn void kernel_lock_release_unheld(void)
{
	struct cpu *owner =
		__atomic_load_n(&kernel_lock.owner, __ATOMIC_RELAXED);

	if (owner == NULL)
		panic("kernel lock: cpu%u releases it, free",
		      cpu_self()->index);
	panic("kernel lock: cpu%u releases it, held by cpu%u",
	      cpu_self()->index, owner->index);
}
