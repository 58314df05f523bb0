/*
 * ipc/space.c - port name spaces: the name table and its reverse map.
 *
 * Both maps are chained hash tables of one size, doubled when the entries
 * outnumber the buckets twice over. Names below SPACE_SMALL_NAMES (the
 * lowest-first allocation keeps most names there) are kept in a direct
 * table instead of the name map, which ipc_space_lookup reads without
 * hashing. Names are
 * allocated lowest-first from 1: free_hint is a name below which every name is
 * taken.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
/* Without frame pointers, as the fast path (ipc/fastpath.c): the reply
 * port's life runs here (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/kmem.h>
#include <base/string.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/right.h>
#include <ipc/space.h>

#define SPACE_INITIAL_BUCKETS 16

static struct kmem_cache space_cache;
struct kmem_cache ipc_entry_cache; /* ipc/space.h */
static unsigned long space_live;
/* Every live space (ipc_entry_count sums their entries: no counter of
 * every space's, which the fast path's RPCs on several processors at
 * once would all write). Kernel lock held exclusive. */
static struct list space_list;

void ipc_space_init(void)
{
	list_init(&space_list);
	/* Cache-line aligned: the RPCs of two tasks on two processors write
	 * their own spaces only, not a line they share. */
	kmem_cache_init(&space_cache, "ipc_space", sizeof(struct ipc_space),
			CACHE_LINE);
	kmem_cache_init(&ipc_entry_cache, "ipc_entry", sizeof(struct ipc_entry),
			0);
}

static unsigned int hash_name(mach_port_name_t name, unsigned int n)
{
	return ipc_space_hash_name(name, n);
}

static unsigned int hash_port(const struct port *port, unsigned int n)
{
	uintptr_t v = (uintptr_t)port >> 4;

	return (unsigned int)((v ^ (v >> 17)) * 2654435761u) & (n - 1);
}

static struct list *buckets_alloc(unsigned int n)
{
	struct list *b = kalloc(n * sizeof(struct list));

	for (unsigned int i = 0; b != NULL && i < n; i++)
		list_init(&b[i]);
	return b;
}

struct ipc_space *ipc_space_create(void)
{
	struct ipc_space *space = kmem_cache_alloc(&space_cache);

	if (space == NULL)
		return NULL;
	space->nbuckets = SPACE_INITIAL_BUCKETS;
	space->by_name = buckets_alloc(space->nbuckets);
	space->by_port = buckets_alloc(space->nbuckets);
	if (space->by_name == NULL || space->by_port == NULL) {
		kfree(space->by_name, space->nbuckets * sizeof(struct list));
		kfree(space->by_port, space->nbuckets * sizeof(struct list));
		kmem_cache_free(&space_cache, space);
		return NULL;
	}
	ref_init(&space->ref, 1);
	space->active = true;
	space->free_hint = 1;
	space->inline_used = false;
	space->fast_lock.locked = 0;
	memset(space->small, 0, sizeof(space->small));
	list_insert_tail(&space_list, &space->node);
	space_live++;
	return space;
}

/* Destructor: the last reference is gone; the table is empty. */
void ipc_space_free(struct ipc_space *space)
{
	assert(space->nentries == 0);
	kfree(space->by_name, space->nbuckets * sizeof(struct list));
	kfree(space->by_port, space->nbuckets * sizeof(struct list));
	list_remove(&space->node);
	kmem_cache_free(&space_cache, space);
	space_live--;
}

void ipc_space_destroy(struct ipc_space *space)
{
	if (space->active) {
		/* Inactive first: nothing can be added while rights go.
		 * Restart each bucket from its head: a release may change
		 * other entries (dead-name conversion). */
		space->active = false;
		for (unsigned int i = 0; i < SPACE_SMALL_NAMES; i++)
			while (space->small[i] != NULL)
				ipc_right_destroy(space, space->small[i]);
		for (unsigned int i = 0; i < space->nbuckets; i++)
			while (!list_empty(&space->by_name[i]))
				ipc_right_destroy(
					space,
					list_entry(
						list_first(&space->by_name[i]),
						struct ipc_entry, name_node));
	}
	ipc_space_unref(space);
}

/* ipc_space_lookup past the small names. */
struct ipc_entry *ipc_space_lookup_hashed(struct ipc_space *space,
					  mach_port_name_t name)
{
	return ipc_space_lookup_map(space, name);
}

struct ipc_entry *ipc_space_lookup_port(struct ipc_space *space,
					struct port *port)
{
	struct list *head = &space->by_port[hash_port(port, space->nbuckets)];
	struct ipc_entry *e;
	struct list *node;

	list_for_each (head, node) { /* an entry with a send right alone */
		e = list_entry(node, struct ipc_entry, port_node);
		if (e->port == port)
			return e;
	}
	if (port->receiver != space)
		return NULL;
	/* The entry of the receive right (none while it goes: the receiver
	 * is cleared just after the entry). */
	e = ipc_space_lookup(space, port->receiver_name);
	if (e == NULL || e->port != port || !(e->type & MACH_PORT_TYPE_RECEIVE))
		return NULL;
	return e;
}

void ipc_space_entry_check(struct ipc_space *space, struct ipc_entry *entry)
{
	struct port *port = entry->port;

	if (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS) || port->active)
		return;
	assert(!(entry->type & MACH_PORT_TYPE_RECEIVE));
	if (entry->type & MACH_PORT_TYPE_SEND_ONCE) {
		port->sorights--;
		entry->urefs = 1;
	} else {
		port->srights--;
	}
	entry->type = MACH_PORT_TYPE_DEAD_NAME;
	entry->port = NULL;
	ipc_space_entry_update_port_map(space, entry);
	ipc_port_unref(port);
}

/* Double the buckets of both maps. Failure leaves them as they were. */
static void space_grow(struct ipc_space *space)
{
	unsigned int n = space->nbuckets * 2;
	struct list *by_name = buckets_alloc(n);
	struct list *by_port = buckets_alloc(n);
	struct list *node;

	if (by_name == NULL || by_port == NULL) {
		kfree(by_name, n * sizeof(struct list));
		kfree(by_port, n * sizeof(struct list));
		return;
	}
	for (unsigned int i = 0; i < space->nbuckets; i++) {
		while ((node = list_pop_head(&space->by_name[i])) != NULL) {
			struct ipc_entry *e =
				list_entry(node, struct ipc_entry, name_node);
			list_insert_tail(&by_name[hash_name(e->name, n)], node);
		}
		while ((node = list_pop_head(&space->by_port[i])) != NULL) {
			struct ipc_entry *e =
				list_entry(node, struct ipc_entry, port_node);
			list_insert_tail(&by_port[hash_port(e->port, n)], node);
		}
	}
	kfree(space->by_name, space->nbuckets * sizeof(struct list));
	kfree(space->by_port, space->nbuckets * sizeof(struct list));
	space->by_name = by_name;
	space->by_port = by_port;
	space->nbuckets = n;
}

/* The lowest free name at or above free_hint. */
static mach_port_name_t space_lowest_free(struct ipc_space *space)
{
	mach_port_name_t name = space->free_hint;

	while (ipc_space_lookup(space, name) != NULL)
		name++;
	space->free_hint = name;
	return name;
}

/* Give entry (zeroed) the name: lowest free if MACH_PORT_NULL. False if
 * no name is left or the space is dead. */
static bool space_entry_name(struct ipc_space *space, mach_port_name_t *name)
{
	if (!space->active)
		return false;
	if (*name == MACH_PORT_NULL)
		*name = space_lowest_free(space);
	if (!MACH_PORT_VALID(*name))
		return false;
	assert(ipc_space_lookup(space, *name) == NULL);
	return true;
}

/* Enter entry (zeroed) in space under name. */
static struct ipc_entry *space_entry_insert(struct ipc_space *space,
					    struct ipc_entry *entry,
					    mach_port_name_t name)
{
	if (space->nentries >= 2 * space->nbuckets)
		space_grow(space);
	return ipc_space_entry_link(space, entry, name);
}

struct ipc_entry *ipc_space_entry_alloc(struct ipc_space *space,
					mach_port_name_t name)
{
	struct ipc_entry *entry;

	if (!space_entry_name(space, &name))
		return NULL;
	entry = kmem_cache_alloc_uninit(&ipc_entry_cache);
	if (entry == NULL)
		return NULL;
	*entry = (struct ipc_entry){0}; /* every field: it is not cleared */
	return space_entry_insert(space, entry, name);
}

/* ipc_space_entry_alloc_receive past the small names, or when the
 * tables must grow. */
static __attribute__((noinline)) struct ipc_entry *
entry_alloc_receive_slow(struct ipc_space *space, struct port *port)
{
	struct ipc_entry *e = ipc_space_entry_alloc(space, MACH_PORT_NULL);

	if (e != NULL) {
		e->type = MACH_PORT_TYPE_RECEIVE;
		e->port = port;
	}
	return e;
}

struct ipc_entry *ipc_space_entry_alloc_receive(struct ipc_space *space,
						struct port *port)
{
	mach_port_name_t name = space->free_hint;
	struct ipc_entry *e;

	while (name < SPACE_SMALL_NAMES && space->small[name] != NULL)
		name++;
	if (name == MACH_PORT_NULL || name >= SPACE_SMALL_NAMES ||
	    !space->active || space->nentries >= 2 * space->nbuckets)
		return entry_alloc_receive_slow(space, port);
	e = kmem_cache_alloc_uninit(&ipc_entry_cache);
	if (e == NULL)
		return NULL;
	space->free_hint = name;
	/* Every field but the transient ones: it is not cleared. The
	 * receive right's entry is found through the port, not in the
	 * reverse map. */
	ipc_entry_fill(e, MACH_PORT_TYPE_RECEIVE, port);
	return ipc_space_entry_link(space, e, name);
}

struct ipc_entry *ipc_space_entry_alloc_reply_slow(struct ipc_space *space)
{
	mach_port_name_t name = MACH_PORT_NULL;

	if (space->inline_used)
		return ipc_space_entry_alloc(space, name);
	if (!space_entry_name(space, &name))
		return NULL;
	space->inline_used = true;
	space->inline_entry = (struct ipc_entry){0};
	return space_entry_insert(space, &space->inline_entry, name);
}

void ipc_space_entry_update_port_map(struct ipc_space *space,
				     struct ipc_entry *entry)
{
	bool want = (entry->type & MACH_PORT_TYPE_SEND_RECEIVE) ==
		    MACH_PORT_TYPE_SEND;

	if (want == entry->in_port_map)
		return;
	if (want)
		list_insert_tail(&space->by_port[hash_port(entry->port,
							   space->nbuckets)],
				 &entry->port_node);
	else
		list_remove(&entry->port_node);
	entry->in_port_map = want;
}

void ipc_space_entry_rename(struct ipc_space *space, struct ipc_entry *entry,
			    mach_port_name_t new_name)
{
	assert(ipc_space_lookup(space, new_name) == NULL);
	if (entry->name < SPACE_SMALL_NAMES)
		space->small[entry->name] = NULL;
	else
		list_remove(&entry->name_node);
	if (entry->name < space->free_hint)
		space->free_hint = entry->name;
	entry->name = new_name;
	if (new_name < SPACE_SMALL_NAMES)
		space->small[new_name] = entry;
	else
		list_insert_tail(
			&space->by_name[hash_name(new_name, space->nbuckets)],
			&entry->name_node);
}

void ipc_space_for_each(struct ipc_space *space,
			void (*fn)(struct ipc_space *, struct ipc_entry *,
				   void *),
			void *arg)
{
	struct list *node, *tmp;

	for (unsigned int i = 0; i < SPACE_SMALL_NAMES; i++)
		if (space->small[i] != NULL)
			fn(space, space->small[i], arg);
	for (unsigned int i = 0; i < space->nbuckets; i++)
		list_for_each_safe (&space->by_name[i], node, tmp)
			fn(space, list_entry(node, struct ipc_entry, name_node),
			   arg);
}

unsigned long ipc_entry_count(void)
{
	unsigned long n = 0;
	struct list *node;

	list_for_each (&space_list, node)
		n += list_entry(node, struct ipc_space, node)->nentries;
	return n;
}

unsigned long ipc_space_count(void)
{
	return space_live;
}
