/*
 * base/pc_sample.c - PC sampling buffers (base/pc_sample.h).
 *
 * The sample numbered s (s >= 1) sits at ring[(s - 1) % PC_SAMPLE_MAX];
 * since PC_SAMPLE_MAX divides 2^32 the slot stays right when the 32-bit
 * seqno wraps. retained counts the samples in the ring (at most
 * PC_SAMPLE_MAX), so a wrapped seqno is never taken for an empty ring.
 *
 * Lock order: the kernel lock (splhigh) is held by every caller; kalloc /
 * kfree nest it.
 */
#include <base/arch.h>
#include <base/kmem.h>
#include <base/pc_sample.h>
#include <base/task.h>
#include <base/thread.h>

_Static_assert((1ULL << 32) % PC_SAMPLE_MAX == 0,
	       "the ring must divide the seqno space");

struct pc_sample {
	sampled_pc_flavor_t flavor; /* the sampletypes recorded */
	sampled_pc_seqno_t seqno;   /* samples taken since enable (wraps) */
	unsigned int retained;	    /* samples in the ring */
	sampled_pc_t *ring;	    /* PC_SAMPLE_MAX samples */
};

#define PC_SAMPLE_RING_SIZE (PC_SAMPLE_MAX * sizeof(sampled_pc_t))

kern_return_t pc_sample_enable(struct pc_sample **slot,
			       sampled_pc_flavor_t flavor)
{
	struct pc_sample *ps;

	if (*slot != NULL)
		return KERN_FAILURE;
	if (flavor & ~(sampled_pc_flavor_t)PC_SAMPLE_FLAVORS)
		return KERN_INVALID_ARGUMENT;
	ps = kalloc(sizeof(*ps));
	if (ps == NULL)
		return KERN_RESOURCE_SHORTAGE;
	ps->ring = kalloc(PC_SAMPLE_RING_SIZE);
	if (ps->ring == NULL) {
		kfree(ps, sizeof(*ps));
		return KERN_RESOURCE_SHORTAGE;
	}
	ps->flavor = flavor == 0 ? SAMPLED_PC_PERIODIC : flavor;
	*slot = ps;
	return KERN_SUCCESS;
}

void pc_sample_free(struct pc_sample **slot)
{
	struct pc_sample *ps = *slot;

	if (ps == NULL)
		return;
	*slot = NULL;
	kfree(ps->ring, PC_SAMPLE_RING_SIZE);
	kfree(ps, sizeof(*ps));
}

kern_return_t pc_sample_disable(struct pc_sample **slot,
				unsigned int *samplecnt)
{
	if (*slot == NULL)
		return KERN_FAILURE;
	*samplecnt = (*slot)->seqno;
	pc_sample_free(slot);
	return KERN_SUCCESS;
}

kern_return_t pc_sample_get(const struct pc_sample *ps,
			    sampled_pc_seqno_t *seqno, sampled_pc_t *out,
			    unsigned int max, unsigned int *count)
{
	sampled_pc_seqno_t newer, first;
	unsigned int i, n;

	if (ps == NULL)
		return KERN_FAILURE;
	newer = ps->seqno - *seqno; /* modulo 2^32 */
	n = newer < ps->retained ? newer : ps->retained;
	first = ps->seqno - n; /* the samples first + 1 .. */
	if (n > max)
		n = max;
	for (i = 0; i < n; i++)
		out[i] = ps->ring[(first + i) % PC_SAMPLE_MAX];
	*seqno = first + n;
	*count = n;
	return KERN_SUCCESS;
}

void pc_sample_record(struct pc_sample *ps, uintptr_t id, uintptr_t pc,
		      sampled_pc_flavor_t sampletype)
{
	sampled_pc_t *s;

	if (!(ps->flavor & sampletype))
		return;
	s = &ps->ring[ps->seqno % PC_SAMPLE_MAX];
	s->id = id;
	s->pc = pc;
	s->sampletype = sampletype;
	ps->seqno++;
	if (ps->retained < PC_SAMPLE_MAX)
		ps->retained++;
}

bool pc_sample_wanted(const struct thread *t)
{
	return __atomic_load_n(&t->pc_sample, __ATOMIC_RELAXED) != NULL ||
	       (t->task != NULL &&
		__atomic_load_n(&t->task->pc_sample, __ATOMIC_RELAXED) != NULL);
}

void pc_sample_tick(struct thread *t)
{
	struct pc_sample *tps = t->pc_sample;
	struct pc_sample *kps = t->task != NULL ? t->task->pc_sample : NULL;
	uintptr_t pc;

	if ((tps == NULL && kps == NULL) || !arch_intr_user_pc(&pc))
		return;
	if (tps != NULL)
		pc_sample_record(tps, t->serial, pc, SAMPLED_PC_PERIODIC);
	if (kps != NULL)
		pc_sample_record(kps, t->serial, pc, SAMPLED_PC_PERIODIC);
}
