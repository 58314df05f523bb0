/*
 * kern/processor.c - the processor and the default processor set.
 *
 * Lock order: none; the objects are set up at boot and never change.
 */
#include <kern/debug.h>
#include <kern/kobject.h>
#include <kern/processor.h>
#include <kern/thread.h>
#include <ipc/ipc_kernel.h>

static struct processor the_processor;
static struct processor_set the_pset;

void processor_init(void)
{
	the_processor.slot = 0;
	the_pset.max_priority = PRIO_USER;
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
