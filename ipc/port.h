/*
 * ipc/port.h - ports: message queues with one receive right.
 *
 * A port is a refcounted kernel object. States:
 *
 *	ACTIVE, received   receiver != NULL: a space holds the receive right
 *	                   under receiver_name
 *	ACTIVE, in transit receiver == NULL, kobject_type == NONE: the receive
 *	                   right travels in a message; destination is the
 *	                   port whose queue holds that message (NULL while
 *	                   the message is not queued)
 *	ACTIVE, kernel     receiver == NULL, kobject_type != NONE: the kernel
 *	                   holds the receive right (task, thread, host ports)
 *	DEAD               active == false: the receive right was destroyed;
 *	                   the struct lives until its last reference goes
 *
 * References (ipc_port_ref/ipc_port_unref): one per space entry naming the port
 * (whatever rights the entry holds), one per right carried in a message
 * (header or body), one per send-once right held as a notification request
 * (nsrequest, pdrequest, dead-name requests, msg-accepted), one for the
 * kernel's receive right of a kernel-object port, one held by a thread
 * blocked on the port. srights/sorights count the send and send-once rights
 * in existence (an entry with any number of send urefs counts as one).
 *
 * Links: receiver (weak: the space's entry keeps the port, not the reverse),
 * destination (weak: valid while the message carrying the receive right is
 * queued there; a port that dies destroys its queue, which clears it),
 * pset (weak: cleared when the set goes), messages (strong: queued kmsgs are
 * owned by the port), nsrequest/pdrequest/dnrequests (strong send-once
 * rights).
 *
 * Lock order: the kernel lock (splhigh) covers every field; all functions
 * here are called with it held and return with it held.
 */
#ifndef IPC_PORT_H
#define IPC_PORT_H

#include <stdbool.h>
#include <stdint.h>
#include <base/list.h>
#include <base/ref.h>
#include <base/waitq.h>
#include <mach/port.h>
#include <mach/message.h>

struct ipc_space;
struct pset;
struct ipc_kmsg;

/* A right carried as "dead" (MACH_PORT_DEAD in a message). */
#define PORT_DEAD ((struct port *)-1)
/* True for a pointer to a real port (not NULL, not PORT_DEAD). */
#define PORT_VALID(p) ((p) != NULL && (p) != PORT_DEAD)

/* A dead-name request: (space, name) wants to hear when the port dies.
 * A kernel watch has space NULL and no notify right: when the port dies,
 * kernel_fn(req) is called instead of a notification (kernel lock held,
 * inside the port's death: it must not block); req is then off the port
 * and the watcher's again (not freed here). */
struct ipc_dnreq {
	struct list node;	 /* on port->dnrequests */
	struct port *port;	 /* weak: the port watched */
	struct ipc_space *space; /* weak: the entry's space */
	mach_port_name_t name;	 /* the entry's name */
	struct port *notify;	 /* strong: send-once right to notify */
	void (*kernel_fn)(struct ipc_dnreq *req); /* a kernel watch's */
};

/* ipc_port_alloc sets every field: a new one needs its value there. */
struct port {
	struct ref ref;
	bool active;
	bool has_payload;		/* payload is set */
	mach_port_name_t receiver_name; /* valid while receiver != NULL */
	struct ipc_space *receiver;	/* weak; NULL in transit / kernel */
	struct port *destination;	/* weak; in transit and queued */
	struct pset *pset;		/* weak; NULL if in no set */
	struct list pset_node;		/* on pset->members */

	/* Message queue. */
	struct list messages; /* struct ipc_kmsg, FIFO */
	unsigned int msgcount;
	unsigned int qlimit;
	mach_port_seqno_t seqno; /* of the next message dequeued */

	/* Rights in existence. */
	unsigned int srights;
	unsigned int sorights;
	mach_port_mscount_t mscount;

	struct waitq rcv_waiters; /* receivers blocked on this port */
	struct waitq snd_waiters; /* senders blocked on a full queue */

	/* Notification requests (send-once rights, strong). */
	struct port *nsrequest;
	struct port *pdrequest;
	mach_port_mscount_t nsrequest_sync;

	/* Kernel object (ipc/kobject_types.h); type 0 = none. */
	unsigned int kobject_type;

	struct list dnrequests; /* struct ipc_dnreq (the requests) */

	uint64_t payload;
	void *kobject;
	/* mach_port_set_ktype's tag of an ordinary port (user device). */
	mach_port_ktype_t user_ktype;
};

/* Boot: set up the cache (ipc_kernel_init). */
void ipc_port_init(void);

void ipc_port_free(struct port *port);
REF_DEFINE_NAMED(ipc_port, port, ref, ipc_port_free)

/*
 * A new active port with no receiver, no rights but its receive right,
 * qlimit MACH_PORT_QLIMIT_DEFAULT. The caller owns the receive right and
 * its reference. NULL when memory is short.
 */
struct port *ipc_port_alloc(void);

/* Record who holds the receive right (space NULL: in transit). */
void ipc_port_set_receiver(struct port *port, struct ipc_space *space,
			   mach_port_name_t name);

/*
 * Destroy a receive right; consumes it and its reference. With a
 * port-destroyed request, the receive right is sent in the notification
 * instead (the port stays active, in transit); otherwise the port dies:
 * queued messages are destroyed, blocked threads woken, dead-name requests
 * fired, its no-senders request released.
 */
void ipc_port_destroy_receive(struct port *port);

/*
 * True if the holder of port's receive right has the only reference to
 * it (no send or send-once right, no message carrying one, no thread
 * waiting) and nothing is asked of it (no set, no request, nothing
 * queued): destroying the right is then just freeing the port.
 */
static inline bool ipc_port_quiet(const struct port *port)
{
	return ipc_port_refs(port) == 1 && port->pset == NULL &&
	       port->pdrequest == NULL && port->nsrequest == NULL &&
	       list_empty(&port->messages) && list_empty(&port->dnrequests) &&
	       waitq_empty(&port->rcv_waiters) &&
	       waitq_empty(&port->snd_waiters);
}
/* ipc_port_destroy_receive of a quiet port (ipc_port_quiet): it dies
 * and is freed. */
void ipc_port_destroy_quiet(struct port *port);

/*
 * The port has no senders left: fire its no-senders request, or for a
 * kernel-object port call its module's hook (ipc/kobject.h).
 */
void ipc_port_check_no_senders(struct port *port);

/* Create rights (each returns with a new reference for the right). */
struct port *ipc_port_make_send(struct port *port);

static inline struct port *ipc_port_copy_send(struct port *port)
{
	port->srights++;
	return ipc_port_ref(port);
}

static inline struct port *ipc_port_make_send_once(struct port *port)
{
	port->sorights++;
	return ipc_port_ref(port);
}

/*
 * Release a right; consumes it and its reference. Releasing the last send
 * right of an active port fires its no-senders request; destroying an
 * unused send-once right sends a send-once notification through it.
 * PORT_DEAD and NULL are accepted and ignored.
 */
static inline void ipc_port_release_send(struct port *port)
{
	if (!PORT_VALID(port))
		return;
	assert(port->srights > 0);
	if (--port->srights == 0)
		ipc_port_check_no_senders(port);
	ipc_port_unref(port);
}
void ipc_port_release_send_once(struct port *port);
/* Drop a send-once right without the send-once notification (the
 * right is used up by a notification that will not be sent). */
static inline void ipc_port_discard_send_once(struct port *port)
{
	if (!PORT_VALID(port))
		return;
	assert(port->sorights > 0);
	port->sorights--;
	ipc_port_unref(port);
}
/* Release a right of a carried type (16, 17 or 18). */
void ipc_port_release_right(struct port *port, mach_msg_type_name_t type);

/* A message was delivered through this right (type 17 or 18): release
 * it without a send-once notification. */
void ipc_port_consume_dest(struct port *port, mach_msg_type_name_t type);

/*
 * Would carrying port's receive right in a message to dest make a cycle
 * (dest is port, or dest's receive right is in transit in a message
 * queued on port, directly or through other ports in transit)? Such a
 * message could never be received: the ports would leak.
 */
bool ipc_port_circular(struct port *port, struct port *dest);

/* The queue is full for a sender using a send right. */
bool ipc_port_queue_full(const struct port *port);

/* Dead-name requests. */
void ipc_port_dnreq_add(struct port *port, struct ipc_dnreq *req);
void ipc_port_dnreq_remove(struct ipc_dnreq *req);

/* Number of live ports (leak checks). */
unsigned long ipc_port_count(void);

#endif /* IPC_PORT_H */
