/*
 * base/cpu_one.h - the per-processor accessors of a port that runs one
 * processor (the hosted twin): struct cpu (base/cpu.h) is cpu_get(0),
 * always. Included by such a port's <machine/arch.h>; the x86 ports
 * have their own, %gs-based ones.
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

/* The running processor's struct cpu: cpu_get(0), unless the port says
 * otherwise (the hosted twin: the processor a host thread plays). */
#ifndef ARCH_CPU_ONE_SELF
#define ARCH_CPU_ONE_SELF arch_cpu0
#endif

static inline struct cpu *arch_cpu_self(void)
{
	return ARCH_CPU_ONE_SELF;
}

static inline struct thread *arch_cpu_current(void)
{
	return *(struct thread *const *)((const char *)arch_cpu_self() +
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
