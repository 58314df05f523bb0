/*
 * ipc/space.h - port name spaces: a task's table of names and rights.
 *
 * An entry maps a name to rights on one object:
 *
 *	type bits (MACH_PORT_TYPE_*)    object         urefs
 *	SEND                             port           1..UREFS_MAX
 *	RECEIVE                          port           0
 *	SEND | RECEIVE                   port           1..UREFS_MAX (send
 *urefs) SEND_ONCE                        port           1 PORT_SET pset 0
 *	DEAD_NAME                        none           1..UREFS_MAX
 *
 * An entry with SEND or RECEIVE is also found by its port, so a space
 * names a port's send/receive rights with one name: the entry holding the
 * receive right through the port (receiver, receiver_name), an entry with
 * SEND alone through the reverse map (in_port_map). A send-once
 * right always has a name of its own. A send or send-once entry whose port
 * died is turned into a dead name when next looked at (ipc_space_entry_check),
 * or at once when it has a dead-name request.
 *
 * Names are allocated lowest-first from 1. Each entry holds one reference
 * on its port or port set, whatever rights it holds.
 *
 * Lock order: the kernel lock (splhigh) covers everything; all functions
 * here are called with it held.
 */
#ifndef IPC_SPACE_H
#define IPC_SPACE_H

#include <stdbool.h>
#include <base/list.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/ref.h>
#include <mach/port.h>
#include <ipc/port.h>

struct port;
struct pset;
struct ipc_dnreq;

#define MACH_PORT_UREFS_MAX ((mach_port_urefs_t)65535)

/* The allocations set every field (but the transient ones, whose
 * t_touched says they are not valid): a new one needs its value there
 * (ipc_space_entry_alloc, ipc_space_entry_alloc_reply, ..._receive). */
struct ipc_entry {
	mach_port_name_t name;
	mach_port_type_t type; /* MACH_PORT_TYPE_* right bits */
	mach_port_urefs_t urefs;
	struct port *port;	 /* strong; SEND/RECEIVE/SEND_ONCE */
	struct pset *pset;	 /* strong; PORT_SET */
	struct ipc_dnreq *dnreq; /* dead-name request, or NULL */
	struct list name_node;	 /* hash chain by name (not small names) */
	struct list port_node;	 /* hash chain by port (SEND alone) */
	bool in_port_map;

	/* Transient state of a message translation (ipc/msg_translate.c),
	 * valid only while t_touched, under one critical section. */
	bool t_touched;
	mach_port_type_t t_type;
	mach_port_urefs_t t_urefs;
	struct ipc_entry *t_next;
};

/* Names below this are found in a direct table (no hashing), and only
 * there. */
#define SPACE_SMALL_NAMES 40

struct ipc_space {
	struct ref ref;
	bool active;
	struct list *by_name;  /* buckets */
	struct list *by_port;  /* buckets */
	unsigned int nbuckets; /* power of two */
	unsigned int nentries;
	mach_port_name_t free_hint;		    /* no free name below it */
	struct ipc_entry *small[SPACE_SMALL_NAMES]; /* by name, or NULL */
	/* One entry of the space's own, for a reply right the fast path
	 * gives (ipc_space_entry_alloc_reply): no heap allocation per RPC. */
	bool inline_used;
	struct ipc_entry inline_entry;
	/* Taken by the fast path's RPC under the kernel lock shared
	 * (ipc_fast_mach_msg_shared): the entries, and the ports this space
	 * receives on (their rights, references, waiters and queue). Under
	 * the kernel lock exclusive nobody takes it. */
	struct spinlock fast_lock;
	struct list node;	  /* in the list of every space (space.c) */
	unsigned long fast_sends; /* the fast path's sends from it (tests) */
};

/* Boot: set up the caches (ipc_kernel_init). */
void ipc_space_init(void);

void ipc_space_free(struct ipc_space *space);
REF_DEFINE(ipc_space, ref, ipc_space_free)

/* A new empty active space with one reference; NULL when memory is short. */
struct ipc_space *ipc_space_create(void);
/*
 * Release every right of the space (sending the notifications that
 * follow), mark it inactive and drop the caller's reference. Safe to call
 * on an already destroyed space (it only drops the reference then).
 */
void ipc_space_destroy(struct ipc_space *space);

/* ipc_space_lookup of a name of SPACE_SMALL_NAMES or above. */
struct ipc_entry *ipc_space_lookup_hashed(struct ipc_space *space,
					  mach_port_name_t name);

/* The entry of name, or NULL. Does not convert dead rights. */
static inline struct ipc_entry *ipc_space_lookup(struct ipc_space *space,
						 mach_port_name_t name)
{
	if (name < SPACE_SMALL_NAMES)
		return space->small[name];
	return ipc_space_lookup_hashed(space, name);
}
/* The entry holding send or receive rights for port, or NULL. */
struct ipc_entry *ipc_space_lookup_port(struct ipc_space *space,
					struct port *port);
/* If entry names rights to a dead port, turn it into a dead name. */
void ipc_space_entry_check(struct ipc_space *space, struct ipc_entry *entry);

/*
 * The entry of name after turning rights to a dead port into a dead name;
 * NULL if none.
 */
static inline struct ipc_entry *
ipc_space_lookup_checked(struct ipc_space *space, mach_port_name_t name)
{
	struct ipc_entry *entry = ipc_space_lookup(space, name);

	if (entry != NULL && (entry->type & MACH_PORT_TYPE_SEND_RIGHTS) &&
	    !entry->port->active)
		ipc_space_entry_check(space, entry);
	return entry;
}

/*
 * A new empty entry (type 0) under the lowest free name, or under name if
 * name != MACH_PORT_NULL (which must be free). NULL when memory is short.
 */
struct ipc_entry *ipc_space_entry_alloc(struct ipc_space *space,
					mach_port_name_t name);

/* The by-name bucket of name among n (a power of two). */
static inline unsigned int ipc_space_hash_name(mach_port_name_t name,
					       unsigned int n)
{
	return (name * 2654435761u) & (n - 1);
}

/* The entry of name (SPACE_SMALL_NAMES or above) in the name map, or
 * NULL: ipc_space_lookup_hashed's search, inline. */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_space_lookup_map(struct ipc_space *space, mach_port_name_t name)
{
	struct list *head, *node;

	head = &space->by_name[ipc_space_hash_name(name, space->nbuckets)];
	for (node = head->next; node != head; node = node->next) {
		struct ipc_entry *e =
			list_entry(node, struct ipc_entry, name_node);

		if (e->name == name)
			return e;
	}
	return NULL;
}

/* ipc_space_lookup with the name map's search inline (the fast path's:
 * no call, and so no registers saved around one, for a name of
 * SPACE_SMALL_NAMES or above, as a server's receive rights often are). */
static inline __attribute__((always_inline)) struct ipc_entry *
ipc_space_lookup_inline(struct ipc_space *space, mach_port_name_t name)
{
	if (name < SPACE_SMALL_NAMES)
		return space->small[name];
	return ipc_space_lookup_map(space, name);
}

struct ipc_entry *ipc_space_entry_alloc_reply_slow(struct ipc_space *space);

/* e's right: of type (0 for none) to port, urefs user references; in
 * no reverse map, touched by no translation. */
static inline void ipc_entry_set(struct ipc_entry *e, mach_port_type_t type,
				 mach_port_urefs_t urefs, struct port *port)
{
	e->type = type;
	e->urefs = urefs;
	e->port = port;
	e->in_port_map = false;
	e->t_touched = false;
}

/* Every field of e but the transient ones and its name and links: a
 * right of type (0 for none) to port, no user reference counted yet. */
static inline void ipc_entry_fill(struct ipc_entry *e, mach_port_type_t type,
				  struct port *port)
{
	ipc_entry_set(e, type, 0, port);
	e->pset = NULL;
	e->dnreq = NULL;
}

/* Enter entry (empty) in space under name, which is free; the tables
 * have room (no growth here). */
static inline struct ipc_entry *ipc_space_entry_link(struct ipc_space *space,
						     struct ipc_entry *e,
						     mach_port_name_t name)
{
	e->name = name;
	if (name < SPACE_SMALL_NAMES)
		space->small[name] = e;
	else
		list_insert_tail(&space->by_name[ipc_space_hash_name(
					 name, space->nbuckets)],
				 &e->name_node);
	list_node_init(&e->port_node);
	space->nentries++;
	return e;
}

/*
 * The lowest free small name, for the space's own entry, now taken
 * (inline_used); MACH_PORT_NULL, nothing done, if that entry is in use or
 * no small name is free. A small name goes in no hash table, so nentries
 * may pass the tables' growth mark with it (the next hashed entry grows
 * them); free_hint is never MACH_PORT_NULL.
 */
static inline mach_port_name_t ipc_space_inline_claim(struct ipc_space *space)
{
	mach_port_name_t name = space->free_hint;

	if (space->inline_used || !space->active)
		return MACH_PORT_NULL;
	while (name < SPACE_SMALL_NAMES && space->small[name] != NULL)
		name++;
	if (name >= SPACE_SMALL_NAMES)
		return MACH_PORT_NULL;
	space->free_hint = name;
	space->inline_used = true;
	return name;
}

/* The space's own entry, empty, under the lowest free small name, or NULL
 * (ipc_space_inline_claim). */
static inline struct ipc_entry *
ipc_space_entry_take_inline(struct ipc_space *space)
{
	mach_port_name_t name = ipc_space_inline_claim(space);

	if (name == MACH_PORT_NULL)
		return NULL;
	return ipc_space_entry_link(space, &space->inline_entry, name);
}

/* ipc_space_entry_alloc_reply's common case alone: the space's own
 * entry, or NULL (nothing done, no allocation). */
static inline struct ipc_entry *
ipc_space_entry_alloc_reply_inline(struct ipc_space *space)
{
	struct ipc_entry *e = ipc_space_entry_take_inline(space);

	if (e != NULL)
		ipc_entry_fill(e, 0, NULL); /* a zeroed entry's: no rights */
	return e;
}

/*
 * ipc_space_entry_alloc_reply_inline with a send-once right to port in
 * the entry, its only user reference (the port's count and reference
 * are the caller's to take; ipc_entry_fill(e, 0, NULL) before
 * ipc_space_entry_free if the right is not made after all). Only the
 * fields a free space's own entry may have otherwise are written: it
 * only ever holds send-once rights (ipc_space_entry_alloc_reply's), so
 * it is in no port set, and it has no dead-name request and is in no
 * reverse map when it is freed (ipc_space_entry_free's checks); its
 * reverse-map node is not used.
 */
static inline struct ipc_entry *
ipc_space_entry_alloc_send_once_inline(struct ipc_space *space,
				       struct port *port)
{
	mach_port_name_t name = ipc_space_inline_claim(space);
	struct ipc_entry *e = &space->inline_entry;

	if (name == MACH_PORT_NULL)
		return NULL;
	ipc_entry_set(e, MACH_PORT_TYPE_SEND_ONCE, 1, port);
	e->name = name;
	space->small[name] = e;
	space->nentries++;
	return e;
}

/*
 * As ipc_space_entry_alloc(space, MACH_PORT_NULL) (the same name), for a
 * right that is likely short-lived (a send-once reply right): held in the
 * space's own entry when that is free. Inline for the fast path: the
 * common case (the inline entry free, a small name, no growth) here, the
 * rest in ipc_space_entry_alloc_reply_slow.
 */
static inline struct ipc_entry *
ipc_space_entry_alloc_reply(struct ipc_space *space)
{
	struct ipc_entry *e = ipc_space_entry_alloc_reply_inline(space);

	return e != NULL ? e : ipc_space_entry_alloc_reply_slow(space);
}

/* The heap entries' cache. */
extern struct kmem_cache ipc_entry_cache;

/* ipc_space_entry_free for a caller that made the entry so itself (the
 * fast path, which emptied a send-once right's entry it found without a
 * dead-name request): the same, without the checks. */
static inline void ipc_space_entry_free_known(struct ipc_space *space,
					      struct ipc_entry *entry)
{
	if (entry->name < SPACE_SMALL_NAMES)
		space->small[entry->name] = NULL;
	else
		list_remove(&entry->name_node);
	if (entry->name < space->free_hint)
		space->free_hint = entry->name;
	space->nentries--;
	if (entry == &space->inline_entry)
		space->inline_used = false;
	else
		kmem_cache_free_locked(&ipc_entry_cache, entry);
}

/* Free an entry whose type became 0 (it holds no reference any more). */
static inline void ipc_space_entry_free(struct ipc_space *space,
					struct ipc_entry *entry)
{
	assert(entry->type == 0 && entry->dnreq == NULL && !entry->in_port_map);
	ipc_space_entry_free_known(space, entry);
}
/*
 * A new entry under the lowest free name holding the receive right of
 * port, a new port no entry names yet (the right and its reference are
 * the entry's; port->receiver is the caller's to set). NULL, nothing
 * done, when no entry can be made (no name, no memory, space dead).
 */
struct ipc_entry *ipc_space_entry_alloc_receive(struct ipc_space *space,
						struct port *port);
/* Keep the reverse map in step with entry->type and entry->port: an
 * entry is in it when it holds a send right and no receive right. */
void ipc_space_entry_update_port_map(struct ipc_space *space,
				     struct ipc_entry *entry);
/* Move an entry to a free new name. */
void ipc_space_entry_rename(struct ipc_space *space, struct ipc_entry *entry,
			    mach_port_name_t new_name);

/* Call fn on every entry (fn may free the entry it is given). */
void ipc_space_for_each(struct ipc_space *space,
			void (*fn)(struct ipc_space *, struct ipc_entry *,
				   void *),
			void *arg);

/* Live entries in all spaces, and live spaces (leak checks). */
unsigned long ipc_entry_count(void);
unsigned long ipc_space_count(void);

#endif /* IPC_SPACE_H */
