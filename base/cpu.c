/*
 * base/cpu.c - the processors' data and the kernel lock (base/cpu.h,
 * base/lock.h).
 *
 * The kernel lock is a test-and-set lock, not a fair (ticket) one: on a
 * virtual machine whose processors are host threads, the processor next
 * in line of a fair lock may be descheduled by the host while the lock
 * waits for it (lock-waiter preemption; under QEMU on a loaded host a
 * handoff then costs milliseconds); a test-and-set lock goes to whoever
 * runs. Its holder field says which processor holds it
 * (kernel_lock_held); only the holder writes it.
 */
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/lock.h>

static struct cpu cpu_data[CPU_MAX];
struct cpu *const arch_cpu0 = &cpu_data[0]; /* one-processor ports */
struct kernel_lock kernel_lock = {.holder = -1};

struct cpu *cpu_get(unsigned int i)
{
	assert(i < CPU_MAX);
	return &cpu_data[i];
}

void kernel_lock_acquire(void)
{
	assert(!kernel_lock_held());
	while (__atomic_exchange_n(&kernel_lock.locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&kernel_lock.locked, __ATOMIC_RELAXED)) {
			arch_lock_spin_poll();
			arch_cpu_relax();
		}
	__atomic_store_n(&kernel_lock.holder, (int)cpu_self()->index,
			 __ATOMIC_RELAXED);
	arch_lock_spin_poll(); /* a request left while it did not spin */
}

void kernel_lock_release(void)
{
	assert(kernel_lock_held());
	__atomic_store_n(&kernel_lock.holder, -1, __ATOMIC_RELAXED);
	__atomic_store_n(&kernel_lock.locked, 0, __ATOMIC_RELEASE);
}
