/*
 * kern/processor.h - the processor and the default processor set, as the
 * mach_host interface names them.
 *
 * Mach5 runs on one CPU: there is one processor (slot 0, the master) in
 * one processor set, the default. Both live forever, like the host; the
 * kernel keeps the receive right (and a reference) of each port:
 *
 *	processor->port        KOBJ_PROCESSOR: the processor's port, also
 *	                       the name port processor_set_processors gives
 *	pset->port             KOBJ_PSET: control port (host_processor_set_priv)
 *	pset->name_port        KOBJ_PSET_NAME: name port (processor_set_default)
 */
#ifndef KERN_PROCESSOR_H
#define KERN_PROCESSOR_H

struct port;

struct processor {
	struct port *port;
	int slot;
};

struct processor_set {
	struct port *port;
	struct port *name_port;
	int max_priority; /* processor_set_max_priority; PRIO_USER at boot */
};

/* Boot: create the processor, the default set and their ports. */
void processor_init(void);

struct processor *master_processor(void);
struct processor_set *default_pset(void);

#endif /* KERN_PROCESSOR_H */
