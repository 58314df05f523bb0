/*
 * base/pc_sample.h - PC sampling (mach4 4000-4005): a ring of the user
 * PCs a task's threads, or one thread, had at each clock tick.
 *
 * A task or a thread holds at most one sampling buffer (task->pc_sample,
 * thread->pc_sample: NULL while sampling is off). The buffer is a ring of
 * PC_SAMPLE_MAX sampled_pc_t, the bound of mach4.defs' sampled_pc_array_t.
 * Samples are numbered from 1 by a 32-bit sequence number that wraps; the
 * ring keeps the newest PC_SAMPLE_MAX of them.
 *
 * States: off (NULL) -> on (pc_sample_enable) -> off (pc_sample_disable,
 * or pc_sample_free when the task or thread is destroyed).
 *
 * Flavors (<mach/pc_sample.h>): SAMPLED_PC_PERIODIC (0 means it, "the
 * default") is honoured: at each clock tick that interrupts a thread in
 * user mode, its pc is recorded with sampletype SAMPLED_PC_PERIODIC. The
 * SAMPLED_PC_VM_* fault flavors are refused (KERN_INVALID_ARGUMENT): the
 * fault path has no sampling hook, and a flavor that silently records
 * nothing would mislead a profiler.
 *
 * A sample's id is the sampled thread's serial number (base/thread.h:
 * the same for every sample of one thread, never given to another; no
 * kernel address leaves the kernel).
 *
 * Codes: KERN_FAILURE when enabling what is already on, or disabling or
 * reading what is off; KERN_INVALID_ARGUMENT for an unknown or refused
 * flavor; KERN_RESOURCE_SHORTAGE when the buffer cannot be allocated.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller; kalloc /
 * kfree nest it.
 */
#ifndef KERN_PC_SAMPLE_H
#define KERN_PC_SAMPLE_H

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/pc_sample.h>

struct thread;

/* Samples a buffer keeps: mach4.defs' sampled_pc_array_t bound. */
#define PC_SAMPLE_MAX 512

/* The flavors pc_sample_enable accepts. */
#define PC_SAMPLE_FLAVORS SAMPLED_PC_PERIODIC

struct pc_sample;

/*
 * Turn sampling on: *slot (NULL) gets a new, empty buffer (seqno 0)
 * recording the flavor's samples. Returns KERN_SUCCESS, KERN_FAILURE
 * (*slot already set), KERN_INVALID_ARGUMENT (a flavor bit outside
 * PC_SAMPLE_FLAVORS) or KERN_RESOURCE_SHORTAGE. Nothing changes on error.
 */
kern_return_t pc_sample_enable(struct pc_sample **slot,
			       sampled_pc_flavor_t flavor);
/*
 * Turn sampling off: *samplecnt gets the number of samples taken since
 * enable (the seqno), the buffer is freed and *slot becomes NULL.
 * KERN_FAILURE if *slot is NULL.
 */
kern_return_t pc_sample_disable(struct pc_sample **slot,
				unsigned int *samplecnt);
/*
 * Copy into out (room for max samples) the retained samples newer than
 * *seqno, oldest first, at most max; *count gets how many, *seqno the
 * seqno of the last one copied (or of the newest sample when none is
 * newer). Samples the ring lost count in the seqno only: the caller lost
 * (new seqno - old seqno - count). A *seqno ahead of the buffer's is
 * taken as wrapped (so very old). KERN_FAILURE if ps is NULL.
 */
kern_return_t pc_sample_get(const struct pc_sample *ps,
			    sampled_pc_seqno_t *seqno, sampled_pc_t *out,
			    unsigned int max, unsigned int *count);
/* Record one sample of type sampletype if ps's flavor asks for it. */
void pc_sample_record(struct pc_sample *ps, uintptr_t id, uintptr_t pc,
		      sampled_pc_flavor_t sampletype);
/*
 * The clock hook (base/clock.c): if t or its task samples and the tick
 * interrupted user mode (arch_intr_user_pc), record t's pc as a
 * SAMPLED_PC_PERIODIC sample. Interrupts disabled.
 */
void pc_sample_tick(struct thread *t);
/* t or its task samples (pc_sample_tick has something to do): read
 * without the lock by a tick that takes none (clock.h), a hint. */
bool pc_sample_wanted(const struct thread *t);
/* Free *slot's buffer, if any, and clear it (task/thread destroy). */
void pc_sample_free(struct pc_sample **slot);

#endif /* KERN_PC_SAMPLE_H */
