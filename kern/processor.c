/*
 * kern/processor.c - the processors and the default processor set.
 *
 * One struct processor per processor the arch found (arch_cpu_count),
 * slot i for arch processor i; slot 0, the boot processor, is the master.
 * Every processor the arch started runs threads and is in the default
 * set; one that did not start is reported as GNU Mach reports a
 * processor that is off line: not running, in no set.
 *
 * processor_exit and processor_start stop and start a processor other
 * than the master (processor_shutdown, processor_restart): one stopped is
 * reported as one that did not start.
 *
 * Lock order: the kernel lock (splhigh) for the set's fields and the
 * running flags; the processors and their ports are set up at boot and
 * never change.
 */
#include <mach/policy.h>

#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <ipc/kobject_types.h>
#include <kern/processor.h>
#include <base/sched.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>

static struct processor *processors;
static unsigned int nr_processors;
static struct processor_set the_pset;

void processor_init(void)
{
	nr_processors = arch_cpu_count();
	processors = kalloc(nr_processors * sizeof(*processors));
	if (processors == NULL)
		panic("processor_init: no memory for %u processors",
		      nr_processors);
	for (unsigned int i = 0; i < nr_processors; i++) {
		struct processor *p = &processors[i];

		p->slot = (int)i;
		p->running = i == 0; /* the others: processor_start_all */
		p->port = ipc_kernel_port_alloc(KOBJ_PROCESSOR, p);
		if (p->port == NULL)
			panic("processor_init: cannot allocate the processor "
			      "ports");
	}
	the_pset.max_priority = PRIO_USER;
	the_pset.policies = POLICY_TIMESHARE;
	the_pset.port = ipc_kernel_port_alloc(KOBJ_PSET, &the_pset);
	the_pset.name_port = ipc_kernel_port_alloc(KOBJ_PSET_NAME, &the_pset);
	if (the_pset.port == NULL || the_pset.name_port == NULL)
		panic("processor_init: cannot allocate the set's ports");
}

void processor_start_all(void)
{
	for (unsigned int i = 1; i < nr_processors; i++) {
		processors[i].running = arch_cpu_started(i);
		if (processors[i].running) /* running threads, as reported */
			sched_cpu_wait_joined(i);
	}
}

kern_return_t processor_shutdown(struct processor *p)
{
	if (!p->running || p == master_processor() ||
	    !sched_cpu_park((unsigned int)p->slot))
		return KERN_FAILURE;
	p->running = false;
	return KERN_SUCCESS;
}

kern_return_t processor_restart(struct processor *p)
{
	if (p->running || !sched_cpu_unpark((unsigned int)p->slot))
		return KERN_FAILURE;
	p->running = true;
	return KERN_SUCCESS;
}

struct processor *master_processor(void)
{
	return &processors[0];
}

unsigned int processor_count(void)
{
	return nr_processors;
}

struct processor *processor_at(unsigned int slot)
{
	return slot < nr_processors ? &processors[slot] : NULL;
}

unsigned int processor_running_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nr_processors; i++)
		n += processors[i].running;
	return n;
}

struct processor_set *default_pset(void)
{
	return &the_pset;
}

bool pset_policy_enabled(const struct processor_set *pset, int policy)
{
	assert(!invalid_policy(policy));
	return (pset->policies & policy) != 0;
}

void pset_policy_enable(struct processor_set *pset, int policy)
{
	assert(!invalid_policy(policy));
	pset->policies |= policy;
}

void pset_policy_disable(struct processor_set *pset, int policy)
{
	assert(!invalid_policy(policy) && policy != POLICY_TIMESHARE);
	pset->policies &= ~policy;
}
