/*
 * ipc/pset.c - port sets.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/kmem.h>
#include <ipc/kmsg.h>
#include <ipc/port.h>
#include <ipc/pset.h>

static struct kmem_cache pset_cache;
static unsigned long pset_live;

void ipc_pset_init(void)
{
	kmem_cache_init(&pset_cache, "pset", sizeof(struct pset), 0);
}

struct pset *ipc_pset_alloc(void)
{
	struct pset *pset;

	pset = kmem_cache_alloc(&pset_cache);
	if (pset == NULL)
		return NULL;
	ref_init(&pset->ref, 1);
	pset->active = true;
	list_init(&pset->members);
	waitq_init(&pset->rcv_waiters);
	pset_live++;
	return pset;
}

/* Destructor: the last reference is gone. */
void ipc_pset_free(struct pset *pset)
{
	assert(!pset->active && list_empty(&pset->members));
	kmem_cache_free(&pset_cache, pset);
	pset_live--;
}

void ipc_pset_destroy(struct pset *pset)
{
	struct list *node;

	while ((node = list_pop_head(&pset->members)) != NULL) {
		struct port *port = list_entry(node, struct port, pset_node);
		port->pset = NULL;
	}
	pset->active = false;
	waitq_wakeup_all(&pset->rcv_waiters, WAIT_AWAKENED);
	ipc_pset_unref(pset);
}

void ipc_pset_add(struct pset *pset, struct port *port)
{
	ipc_pset_remove(port);
	port->pset = pset;
	list_insert_tail(&pset->members, &port->pset_node);
	/* Threads receiving on the port itself must not keep waiting there:
	 * they look again and return MACH_RCV_PORT_CHANGED. */
	waitq_wakeup_all(&port->rcv_waiters, WAIT_AWAKENED);
	/* Messages already queued become visible to the set's receivers. */
	if (port->msgcount > 0)
		waitq_wakeup_all(&pset->rcv_waiters, WAIT_AWAKENED);
}

void ipc_pset_remove(struct port *port)
{
	if (port->pset == NULL)
		return;
	list_remove(&port->pset_node);
	port->pset = NULL;
}

struct port *ipc_pset_oldest(struct pset *pset)
{
	struct port *best = NULL;
	uint64_t best_stamp = 0;
	struct list *node;

	list_for_each (&pset->members, node) {
		struct port *port = list_entry(node, struct port, pset_node);
		struct ipc_kmsg *kmsg;

		if (list_empty(&port->messages))
			continue;
		kmsg = list_entry(list_first(&port->messages), struct ipc_kmsg,
				  node);
		if (best == NULL || kmsg->stamp < best_stamp) {
			best = port;
			best_stamp = kmsg->stamp;
		}
	}
	return best;
}

unsigned long ipc_pset_count(void)
{
	return pset_live;
}
