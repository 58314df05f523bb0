/*
 * kern/processor.h - the processors and the default processor set, as
 * the mach_host interface names them.
 *
 * There is one processor per processor the arch found (slot 0, the
 * master, is the boot processor). Threads run on the master only: it is
 * the one running processor and the only one in the one processor set,
 * the default; the others are parked (off line, in no set; docs/design.md,
 * "SMP"). All live forever, like the host; the kernel keeps the receive
 * right (and a reference) of each port:
 *
 *	processor->port        KOBJ_PROCESSOR: the processor's port, also
 *	                       the name port processor_set_processors gives
 *	pset->port             KOBJ_PSET: control port (host_processor_set_priv)
 *	pset->name_port        KOBJ_PSET_NAME: name port (processor_set_default)
 */
#ifndef KERN_PROCESSOR_H
#define KERN_PROCESSOR_H

#include <stdbool.h>
#include <mach/kern_return.h>

struct port;

struct processor {
	struct port *port;
	int slot;     /* the arch's processor number */
	bool running; /* it runs threads (and is in the default set) */
};

/*
 * policies: the scheduling policies threads of the set may take
 * (thread_policy), as a mask of <mach/policy.h> values (they are bits).
 * POLICY_TIMESHARE is always there; POLICY_FIXEDPRI only once enabled
 * (processor_set_policy_enable), as in Mach 3.
 */
struct processor_set {
	struct port *port;
	struct port *name_port;
	int max_priority; /* processor_set_max_priority; PRIO_USER at boot */
	int policies;	  /* POLICY_TIMESHARE at boot */
};

/* Boot: create the processors, the default set and their ports. */
void processor_init(void);

struct processor *master_processor(void);
/* After arch_cpus_start: the processors started run threads. */
void processor_start_all(void);
/* The processors found (max_cpus), and the one in slot (NULL past the
 * last). */
unsigned int processor_count(void);
struct processor *processor_at(unsigned int slot);
/* The processors that run threads (avail_cpus). */
unsigned int processor_running_count(void);
/*
 * processor_exit: p stops running threads (base/sched.h, sched_cpu_park):
 * it is reported off line and leaves the default set at once, and runs
 * its idle thread only as soon as the thread it runs leaves it.
 * KERN_FAILURE for the master (it takes the clock and the console) or a
 * processor off line. Lock held.
 */
kern_return_t processor_shutdown(struct processor *p);
/* processor_start: p, stopped by processor_exit, runs threads again;
 * KERN_FAILURE if it runs threads or never started. Lock held. */
kern_return_t processor_restart(struct processor *p);
struct processor_set *default_pset(void);

/* True if policy (a valid <mach/policy.h> value) is enabled on pset. */
bool pset_policy_enabled(const struct processor_set *pset, int policy);
/* Enable a valid policy on pset (again: no effect). Lock held. */
void pset_policy_enable(struct processor_set *pset, int policy);
/*
 * Disable a valid policy other than POLICY_TIMESHARE on pset (not
 * enabled: no effect). Threads keep the policy they have; the caller
 * moves them back to timesharing if asked (processor_set_policy_disable's
 * change_threads). Lock held.
 */
void pset_policy_disable(struct processor_set *pset, int policy);

#endif /* KERN_PROCESSOR_H */
