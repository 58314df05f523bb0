/*
 * base/cpu_one.h - the per-processor accessors of a port that runs one
 * processor (i386, the hosted twin): struct cpu (base/cpu.h) is
 * cpu_get(0), always. Included by such a port's <machine/arch.h>, which
 * x86_64's replaces with its %gs-based ones.
 */
#ifndef BASE_CPU_ONE_H
#define BASE_CPU_ONE_H

#define ARCH_CPU_CURRENT_OFFSET sizeof(void *)
#define ARCH_CPU_ARCH_OFFSET	(2 * sizeof(void *))
struct cpu;
struct thread;
struct arch_cpu {
	int unused;
};
extern struct cpu *const arch_cpu0; /* base/cpu.c */

static inline struct cpu *arch_cpu_self(void)
{
	return arch_cpu0;
}

static inline struct thread *arch_cpu_current(void)
{
	return *(struct thread *const *)((const char *)arch_cpu0 +
					 ARCH_CPU_CURRENT_OFFSET);
}

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* base/arch.h's: one processor, no shootdown to serve. */
static inline void arch_lock_spin_poll(void)
{
}

#endif /* BASE_CPU_ONE_H */
