/*
 * ipc/port.c - ports, their rights and their death.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
/* Without frame pointers, as the fast path (ipc/fastpath.c): the reply
 * port's life runs here (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/kmem.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/notify.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/space.h>

static struct kmem_cache port_cache;
static unsigned long port_live;

void ipc_port_init(void)
{
	/* Cache-line aligned: the RPCs of two tasks on two processors write
	 * their own ports only, not a line they share. */
	kmem_cache_init(&port_cache, "port", sizeof(struct port), CACHE_LINE);
}

/*
 * A port goes back to the cache (ipc_port_free, ipc_port_destroy_quiet)
 * with these in their initial state: in no set, nothing queued, no thread
 * waiting, no request. The cache's spare port is taken back as it was
 * freed (kmem_cache_alloc_reuse): only the other fields are set again.
 */
static bool port_rest_initial(const struct port *port)
{
	return port->pset == NULL && list_empty(&port->pset_node) &&
	       list_empty(&port->messages) && waitq_empty(&port->rcv_waiters) &&
	       waitq_empty(&port->snd_waiters) && port->nsrequest == NULL &&
	       port->pdrequest == NULL && list_empty(&port->dnrequests);
}

struct port *ipc_port_alloc(void)
{
	bool reused;
	struct port *port = kmem_cache_alloc_reuse(&port_cache, &reused);

	if (port == NULL)
		return NULL;
	/* Every field, one by one, in order: the object is not cleared. */
	ref_init(&port->ref, 1);
	port->active = true;
	port->has_payload = false;
	port->receiver_name = MACH_PORT_NULL;
	port->receiver = NULL;
	port->destination = NULL;
	if (!reused) {
		port->pset = NULL;
		list_node_init(&port->pset_node);
		list_init(&port->messages);
		waitq_init(&port->rcv_waiters);
		waitq_init(&port->snd_waiters);
		port->nsrequest = NULL;
		port->pdrequest = NULL;
		list_init(&port->dnrequests);
	}
	port->msgcount = 0;
	port->qlimit = MACH_PORT_QLIMIT_DEFAULT;
	port->seqno = 0;
	port->srights = 0;
	port->sorights = 0;
	port->mscount = 0;
	port->nsrequest_sync = 0;
	port->kobject_type = KOBJ_NONE;
	port->payload = 0;
	port->kobject = NULL;
	port->user_ktype = 0;
	port_live++;
	return port;
}

/* Destructor: the last reference is gone, so no right remains. */
void ipc_port_free(struct port *port)
{
	assert(!port->active && port_rest_initial(port));
	kmem_cache_free_locked(&port_cache, port);
	port_live--;
}

void ipc_port_destroy_quiet(struct port *port)
{
	port->active = false; /* the rest as ipc_port_quiet found it */
	kmem_cache_free_locked(&port_cache, port);
	port_live--;
}

void ipc_port_set_receiver(struct port *port, struct ipc_space *space,
			   mach_port_name_t name)
{
	/* Threads of the old holder blocked in a receive on the port look
	 * again and return MACH_RCV_PORT_DIED (moved in a message, handed
	 * to a port-destroyed request). */
	if (port->receiver != NULL && port->receiver != space)
		waitq_wakeup_all(&port->rcv_waiters, WAIT_AWAKENED);
	port->receiver = space;
	port->receiver_name = space != NULL ? name : MACH_PORT_NULL;
	port->destination = NULL;
}

/* Take the port out of service: no receiver, no set, no payload. */
static void port_detach(struct port *port)
{
	ipc_pset_remove(port);
	ipc_port_set_receiver(port, NULL, MACH_PORT_NULL);
}

/* Destroy every queued message. */
static void port_flush_queue(struct port *port)
{
	struct list *node;

	while ((node = list_pop_head(&port->messages)) != NULL) {
		port->msgcount--;
		ipc_kmsg_destroy(list_entry(node, struct ipc_kmsg, node));
	}
}

/* Fire every dead-name request. */
static void port_fire_dnrequests(struct port *port)
{
	struct list *node;

	while ((node = list_pop_head(&port->dnrequests)) != NULL) {
		struct ipc_dnreq *req =
			list_entry(node, struct ipc_dnreq, node);
		struct ipc_entry *entry;

		if (req->space == NULL) { /* a kernel watch */
			req->kernel_fn(req);
			continue;
		}
		entry = ipc_space_lookup(req->space, req->name);

		/* The entry becomes a dead name with one more uref, which
		 * the notification carries. */
		if (entry != NULL) {
			entry->dnreq = NULL;
			ipc_space_entry_check(req->space, entry);
			if (entry->urefs < MACH_PORT_UREFS_MAX)
				entry->urefs++;
		}
		ipc_notify_dead_name(req->notify, req->name);
		kfree(req, sizeof(*req));
	}
}

/* The receive right is destroyed and no one asked for it: the port dies. */
static void port_die(struct port *port)
{
	struct port *ns = ipc_port_move(&port->nsrequest);

	port->active = false;
	port->has_payload = false;
	port->destination = NULL;
	port_flush_queue(port);
	waitq_wakeup_all(&port->rcv_waiters, WAIT_AWAKENED);
	waitq_wakeup_all(&port->snd_waiters, WAIT_AWAKENED);
	port_fire_dnrequests(port);
	ipc_port_release_send_once(ns);
}

void ipc_port_destroy_receive(struct port *port)
{
	struct port *pd;

	port_detach(port);
	pd = ipc_port_move(&port->pdrequest);
	if (pd != NULL) {
		/* Hand the receive right to whoever asked for it. */
		port->has_payload = false;
		ipc_notify_port_destroyed(pd, port);
		return;
	}
	port_die(port);
	ipc_port_unref(port);
}

struct port *ipc_port_make_send(struct port *port)
{
	port->mscount++;
	port->srights++;
	return ipc_port_ref(port);
}

void ipc_port_check_no_senders(struct port *port)
{
	if (!port->active || port->srights > 0)
		return;
	if (port->kobject_type != KOBJ_NONE && port->receiver == NULL) {
		ipc_kobject_no_senders(port);
		return;
	}
	if (port->nsrequest != NULL)
		ipc_notify_no_senders(ipc_port_move(&port->nsrequest),
				      port->mscount);
}

bool ipc_port_circular(struct port *port, struct port *dest)
{
	for (struct port *p = dest; PORT_VALID(p); p = p->destination) {
		if (p == port)
			return true;
		if (!p->active || p->receiver != NULL ||
		    p->kobject_type != KOBJ_NONE)
			return false; /* a space or the kernel holds it */
	}
	return false;
}

void ipc_port_release_send_once(struct port *port)
{
	if (!PORT_VALID(port))
		return;
	assert(port->sorights > 0);
	if (port->active) {
		/* The notification travels through this very right. */
		ipc_notify_send_once(port);
		return;
	}
	port->sorights--;
	ipc_port_unref(port);
}

void ipc_port_consume_dest(struct port *port, mach_msg_type_name_t type)
{
	if (!PORT_VALID(port))
		return;
	if (type != MACH_MSG_TYPE_PORT_SEND_ONCE)
		ipc_port_release_send(port);
	else
		ipc_port_discard_send_once(port);
}

void ipc_port_release_right(struct port *port, mach_msg_type_name_t type)
{
	if (!PORT_VALID(port))
		return;
	switch (type) {
	case MACH_MSG_TYPE_PORT_RECEIVE:
		ipc_port_destroy_receive(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND:
		ipc_port_release_send(port);
		break;
	case MACH_MSG_TYPE_PORT_SEND_ONCE:
		ipc_port_release_send_once(port);
		break;
	default:
		panic("ipc_port_release_right: type %u", type);
	}
}

bool ipc_port_queue_full(const struct port *port)
{
	return port->msgcount >= port->qlimit;
}

void ipc_port_dnreq_add(struct port *port, struct ipc_dnreq *req)
{
	req->port = port;
	list_insert_tail(&port->dnrequests, &req->node);
}

void ipc_port_dnreq_remove(struct ipc_dnreq *req)
{
	list_remove(&req->node);
}

unsigned long ipc_port_count(void)
{
	return port_live;
}
