/*
 * kern/processor.c - the processor and the default processor set.
 *
 * Lock order: the kernel lock (splhigh) for the set's fields; the ports
 * are set up at boot and never change.
 */
#include <mach/policy.h>

#include <base/debug.h>
#include <ipc/kobject_types.h>
#include <kern/processor.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>

static struct processor the_processor;
static struct processor_set the_pset;

void processor_init(void)
{
	the_processor.slot = 0;
	the_pset.max_priority = PRIO_USER;
	the_pset.policies = POLICY_TIMESHARE;
	the_processor.port =
		ipc_kernel_port_alloc(KOBJ_PROCESSOR, &the_processor);
	the_pset.port = ipc_kernel_port_alloc(KOBJ_PSET, &the_pset);
	the_pset.name_port = ipc_kernel_port_alloc(KOBJ_PSET_NAME, &the_pset);
	if (the_processor.port == NULL || the_pset.port == NULL ||
	    the_pset.name_port == NULL)
		panic("processor_init: cannot allocate the processor ports");
}

struct processor *master_processor(void)
{
	return &the_processor;
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
