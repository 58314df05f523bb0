/*
 * ipc/pset.h - port sets: receive from any of several ports.
 *
 * A port set is named by one entry (PORT_SET) of one space, which holds
 * its reference; a thread blocked receiving on it holds another. States:
 * active -> dead (ipc_pset_destroy: members removed, receivers woken).
 *
 * Links: members (weak both ways: a port leaves its set when it dies or
 * its receive right moves; the set empties itself when destroyed).
 *
 * Lock order: the kernel lock (splhigh); called with it held.
 */
#ifndef IPC_PSET_H
#define IPC_PSET_H

#include <stdbool.h>
#include <base/list.h>
#include <base/ref.h>
#include <base/waitq.h>
#include <mach/port.h>

struct port;
struct ipc_kmsg;

struct pset {
	struct ref ref;
	bool active;
	mach_port_name_t name;	  /* its name in its space */
	struct list members;	  /* struct port, by pset_node */
	struct waitq rcv_waiters; /* receivers blocked on the set */
};

/* Boot: set up the cache (ipc_init). */
void ipc_pset_init(void);

void ipc_pset_free(struct pset *pset);
REF_DEFINE_NAMED(ipc_pset, pset, ref, ipc_pset_free)

/* A new active empty set with one reference; NULL when memory is short. */
struct pset *ipc_pset_alloc(void);
/* Remove every member, wake receivers, drop the caller's reference. */
void ipc_pset_destroy(struct pset *pset);
/* Put port into pset, leaving any set it was in. */
void ipc_pset_add(struct pset *pset, struct port *port);
/* Take port out of its set, if any. */
void ipc_pset_remove(struct port *port);
/* The member whose first queued message is the oldest, or NULL. */
struct port *ipc_pset_oldest(struct pset *pset);

/* Number of live port sets (leak checks). */
unsigned long ipc_pset_count(void);

#endif /* IPC_PSET_H */
