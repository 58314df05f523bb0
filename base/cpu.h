/*
 * base/cpu.h - per-processor data.
 *
 * One struct cpu per processor the arch found (cpu_get(i), i <
 * arch_cpu_count(); cpu_get(0) is the boot processor's). The running
 * processor's is arch_cpu_self(): on x86_64 the GS base points at it
 * (swapgs on every entry from and return to user mode); on i386 the
 * kernel's %gs selects a segment of the processor's own GDT based at it
 * (loaded on every entry); on one-processor ports (the hosted twin) it
 * is cpu_get(0).
 *
 * current is read with one instruction (arch_cpu_current: a %gs-relative
 * load on x86 ports), so current_thread() is right with interrupts enabled
 * even if the thread moves to another processor around it. Every other
 * field is read and written with interrupts disabled and, but for the
 * fields the arch's interrupt handlers own (arch), under the kernel lock
 * (base/lock.h).
 */
#ifndef BASE_CPU_H
#define BASE_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <base/arch.h>

#define CPU_MAX 16

/* A cache line; what separates two processors' data: a line and the next
 * one (prefetched with it by many processors). */
#define CACHE_LINE 64
#define CPU_LINE   (2 * CACHE_LINE)

struct thread;

/* Each in its own lines: a processor writes its own at every trap
 * (lock_shared, and the arch's at every switch) and no other's. */
struct __attribute__((aligned(CPU_LINE))) cpu {
	struct cpu *self;	/* arch_cpu_self() reads it (offset 0) */
	struct thread *current; /* the running thread (one pointer in) */
	struct arch_cpu arch;	/* the arch's (x86_64: entry.S reads it) */
	unsigned int index;	/* = its slot: cpu_get(index) == this */
	struct thread *idle;	/* its idle thread (runs only here) */
	bool resched;		/* switch at the next preemption point */
	bool online;		/* in the scheduler (sched_cpu_run) */
	bool parked;	  /* processor_exit'ed: runs its idle thread only */
	bool lock_shared; /* holds the kernel lock shared (base/lock.h):
			   * set by this processor, read by others */
};

_Static_assert(offsetof(struct cpu, self) == 0, "cpu.self");
_Static_assert(offsetof(struct cpu, current) == ARCH_CPU_CURRENT_OFFSET,
	       "cpu.current");
_Static_assert(offsetof(struct cpu, arch) == ARCH_CPU_ARCH_OFFSET, "cpu.arch");

/* Processor i's data (i < CPU_MAX). */
struct cpu *cpu_get(unsigned int i);

/* The running processor's data. Interrupts disabled (or the answer may
 * be stale at once). */
static inline struct cpu *cpu_self(void)
{
	return arch_cpu_self();
}

#endif /* BASE_CPU_H */
