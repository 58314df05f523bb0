/*
 * ipc/right.c - operations on the rights of one space entry.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/kmem.h>
#include <ipc/notify.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/right.h>
#include <ipc/space.h>

void ipc_right_dnreq_cancel(struct ipc_space *space, struct ipc_entry *entry)
{
	struct ipc_dnreq *req = entry->dnreq;
	struct port *notify;

	if (req == NULL)
		return;
	entry->dnreq = NULL;
	ipc_port_dnreq_remove(req);
	notify = req->notify;
	kfree(req, sizeof(*req));
	ipc_notify_port_deleted(notify, entry->name);
}

void ipc_right_dnreq_drop(struct ipc_space *space, struct ipc_entry *entry)
{
	struct ipc_dnreq *req = entry->dnreq;

	if (req == NULL)
		return;
	entry->dnreq = NULL;
	ipc_port_dnreq_remove(req);
	ipc_port_discard_send_once(req->notify);
	kfree(req, sizeof(*req));
}

kern_return_t ipc_right_dnreq_add(struct ipc_space *space,
				  struct ipc_entry *entry, struct port *so)
{
	struct ipc_dnreq *req;

	assert(entry->dnreq == NULL && PORT_VALID(entry->port));
	req = kalloc(sizeof(*req));
	if (req == NULL)
		return KERN_RESOURCE_SHORTAGE;
	req->space = space;
	req->name = entry->name;
	req->notify = so;
	ipc_port_dnreq_add(entry->port, req);
	entry->dnreq = req;
	return KERN_SUCCESS;
}

void ipc_right_collect(struct ipc_space *space, struct ipc_entry *entry)
{
	if (entry->type != 0)
		return;
	ipc_right_dnreq_cancel(space, entry);
	entry->port = NULL;
	ipc_space_entry_update_port_map(space, entry);
	ipc_space_entry_free(space, entry);
}

/* Remove type bits from entry; free it when nothing is left. Returns true
 * if the entry's port reference went with it (entry freed). */
static bool entry_remove_bits(struct ipc_space *space, struct ipc_entry *entry,
			      mach_port_type_t bits)
{
	entry->type &= ~bits;
	if (entry->type != 0) {
		ipc_space_entry_update_port_map(space, entry);
		return false;
	}
	ipc_right_collect(space, entry);
	return true;
}

bool ipc_right_copyin_check(struct ipc_entry *entry, mach_msg_type_name_t disp)
{
	mach_port_type_t t = entry->t_type;

	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		if (!(t & MACH_PORT_TYPE_RECEIVE))
			return false;
		entry->t_type &= ~MACH_PORT_TYPE_RECEIVE;
		return true;
	case MACH_MSG_TYPE_MAKE_SEND:
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return (t & MACH_PORT_TYPE_RECEIVE) != 0;
	case MACH_MSG_TYPE_COPY_SEND:
		return (t & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME)) !=
		       0;
	case MACH_MSG_TYPE_MOVE_SEND:
		if (!(t & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DEAD_NAME)))
			return false;
		if (--entry->t_urefs == 0)
			entry->t_type &= ~(MACH_PORT_TYPE_SEND |
					   MACH_PORT_TYPE_DEAD_NAME);
		return true;
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (t & MACH_PORT_TYPE_SEND_ONCE) {
			entry->t_type = 0;
			return true;
		}
		if (!(t & MACH_PORT_TYPE_DEAD_NAME))
			return false;
		if (--entry->t_urefs == 0)
			entry->t_type = 0;
		return true;
	default:
		return false;
	}
}

/* Move the receive right out of entry. */
static struct port *copyin_receive(struct ipc_space *space,
				   struct ipc_entry *entry)
{
	struct port *port = entry->port;

	ipc_pset_remove(port);
	ipc_port_set_receiver(port, NULL, MACH_PORT_NULL);
	if (!entry_remove_bits(space, entry, MACH_PORT_TYPE_RECEIVE))
		ipc_port_ref(port); /* the entry keeps its own reference */
	return port;
}

/* Take one uref of a dead name. */
static struct port *copyin_dead(struct ipc_space *space,
				struct ipc_entry *entry)
{
	if (--entry->urefs == 0)
		entry_remove_bits(space, entry, MACH_PORT_TYPE_DEAD_NAME);
	return PORT_DEAD;
}

static struct port *copyin_move_send(struct ipc_space *space,
				     struct ipc_entry *entry)
{
	struct port *port = entry->port;

	if (--entry->urefs > 0)
		return ipc_port_copy_send(port);
	/* The entry's send right itself moves. */
	if (!entry_remove_bits(space, entry, MACH_PORT_TYPE_SEND))
		ipc_port_ref(port);
	return port;
}

struct port *ipc_right_copyin(struct ipc_space *space, struct ipc_entry *entry,
			      mach_msg_type_name_t disp)
{
	struct port *port = entry->port;
	bool dead = (entry->type & MACH_PORT_TYPE_DEAD_NAME) != 0;

	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return copyin_receive(space, entry);
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(port);
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return ipc_port_make_send_once(port);
	case MACH_MSG_TYPE_COPY_SEND:
		return dead ? PORT_DEAD : ipc_port_copy_send(port);
	case MACH_MSG_TYPE_MOVE_SEND:
		return dead ? copyin_dead(space, entry)
			    : copyin_move_send(space, entry);
	case MACH_MSG_TYPE_MOVE_SEND_ONCE:
		if (dead)
			return copyin_dead(space, entry);
		entry_remove_bits(space, entry, MACH_PORT_TYPE_SEND_ONCE);
		return port;
	default:
		panic("ipc_right_copyin: disposition %u", disp);
	}
}

void ipc_right_copyout_entry(struct ipc_space *space, struct ipc_entry *entry,
			     struct port *port, mach_msg_type_name_t type)
{
	entry->port = port;
	entry->urefs = type == MACH_MSG_TYPE_PORT_RECEIVE ? 0 : 1;
	entry->type =
		type == MACH_MSG_TYPE_PORT_RECEIVE ? MACH_PORT_TYPE_RECEIVE
		: type == MACH_MSG_TYPE_PORT_SEND  ? MACH_PORT_TYPE_SEND
						   : MACH_PORT_TYPE_SEND_ONCE;
	ipc_space_entry_update_port_map(space, entry);
	if (type == MACH_MSG_TYPE_PORT_RECEIVE)
		ipc_port_set_receiver(port, space, entry->name);
}

kern_return_t ipc_right_copyout_new(struct ipc_space *space, struct port *port,
				    mach_msg_type_name_t type,
				    mach_port_name_t *namep)
{
	struct ipc_entry *entry = ipc_space_entry_alloc(space, *namep);

	if (entry == NULL)
		return KERN_NO_SPACE;
	ipc_right_copyout_entry(space, entry, port, type);
	*namep = entry->name;
	return KERN_SUCCESS;
}

/* Merge a send right into an entry that already names the port. */
static kern_return_t copyout_merge_send(struct ipc_entry *entry,
					struct port *port, bool clamp)
{
	if (!(entry->type & MACH_PORT_TYPE_SEND)) {
		entry->type |= MACH_PORT_TYPE_SEND;
		entry->urefs = 1;
		ipc_port_unref(port); /* the entry has its reference */
		return KERN_SUCCESS;
	}
	if (entry->urefs >= MACH_PORT_UREFS_MAX && !clamp)
		return KERN_UREFS_OVERFLOW;
	if (entry->urefs < MACH_PORT_UREFS_MAX)
		entry->urefs++;
	/* The entry counts as one send right. */
	port->srights--;
	ipc_port_unref(port);
	return KERN_SUCCESS;
}

kern_return_t ipc_right_copyout(struct ipc_space *space, struct port *port,
				mach_msg_type_name_t type, bool clamp,
				mach_port_name_t *namep)
{
	struct ipc_entry *entry;

	if (!PORT_VALID(port)) {
		*namep = port == NULL ? MACH_PORT_NULL : MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	if (!space->active)
		return KERN_NO_SPACE;
	if (type != MACH_MSG_TYPE_PORT_RECEIVE && !port->active) {
		ipc_port_release_right(port, type);
		*namep = MACH_PORT_DEAD;
		return KERN_SUCCESS;
	}
	*namep = MACH_PORT_NULL;
	if (type == MACH_MSG_TYPE_PORT_SEND_ONCE)
		return ipc_right_copyout_new(space, port, type, namep);
	entry = ipc_space_lookup_port(space, port);
	if (entry == NULL)
		return ipc_right_copyout_new(space, port, type, namep);
	*namep = entry->name;
	if (type == MACH_MSG_TYPE_PORT_SEND)
		return copyout_merge_send(entry, port, clamp);
	/* A receive right joins the send right of the same name (the
	 * entry is now found through the port). */
	entry->type |= MACH_PORT_TYPE_RECEIVE;
	ipc_space_entry_update_port_map(space, entry);
	ipc_port_set_receiver(port, space, entry->name);
	ipc_port_unref(port);
	return KERN_SUCCESS;
}

kern_return_t ipc_right_copyout_or_dead(struct ipc_space *space,
					struct port *port,
					mach_msg_type_name_t type,
					mach_port_name_t *namep)
{
	kern_return_t kr = ipc_right_copyout(space, port, type, true, namep);

	if (kr != KERN_SUCCESS) {
		ipc_port_release_right(port, type);
		*namep = MACH_PORT_DEAD;
	}
	return kr;
}

void ipc_right_destroy(struct ipc_space *space, struct ipc_entry *entry)
{
	mach_port_type_t type = entry->type;
	struct port *port = entry->port;
	struct pset *pset = entry->pset;

	ipc_right_dnreq_cancel(space, entry);
	entry->type = 0;
	entry->pset = NULL;
	ipc_right_collect(space, entry);
	if (type & MACH_PORT_TYPE_PORT_SET) {
		ipc_pset_destroy(pset);
	} else if (type & MACH_PORT_TYPE_RECEIVE) {
		if (type & MACH_PORT_TYPE_SEND)
			port->srights--;
		ipc_port_destroy_receive(port);
	} else if (type & MACH_PORT_TYPE_SEND) {
		ipc_port_release_send(port);
	} else if (type & MACH_PORT_TYPE_SEND_ONCE) {
		ipc_port_release_send_once(port);
	}
}

/* Drop n send urefs (n <= urefs). */
static void drop_send_urefs(struct ipc_space *space, struct ipc_entry *entry,
			    mach_port_urefs_t n)
{
	struct port *port = entry->port;

	entry->urefs -= n;
	if (entry->urefs > 0)
		return;
	if (entry_remove_bits(space, entry, MACH_PORT_TYPE_SEND)) {
		ipc_port_release_send(port);
	} else {
		port->srights--;
		ipc_port_check_no_senders(port);
	}
}

kern_return_t ipc_right_dealloc(struct ipc_space *space,
				struct ipc_entry *entry)
{
	ipc_space_entry_check(space, entry);
	if (entry->type & MACH_PORT_TYPE_SEND) {
		drop_send_urefs(space, entry, 1);
	} else if (entry->type & MACH_PORT_TYPE_SEND_ONCE) {
		ipc_right_destroy(space, entry);
	} else if (entry->type & MACH_PORT_TYPE_DEAD_NAME) {
		if (--entry->urefs == 0)
			entry_remove_bits(space, entry,
					  MACH_PORT_TYPE_DEAD_NAME);
	} else {
		return KERN_INVALID_RIGHT;
	}
	return KERN_SUCCESS;
}

/* Apply delta to a uref-counted right; the name goes when it reaches 0. */
static kern_return_t delta_urefs(struct ipc_space *space,
				 struct ipc_entry *entry, mach_port_type_t bit,
				 mach_port_delta_t delta)
{
	int64_t n = (int64_t)entry->urefs + delta;

	if (n < 0)
		return KERN_INVALID_VALUE;
	if (n > MACH_PORT_UREFS_MAX)
		return KERN_UREFS_OVERFLOW;
	if (delta >= 0) {
		entry->urefs = (mach_port_urefs_t)n;
		return KERN_SUCCESS;
	}
	if (bit == MACH_PORT_TYPE_SEND) {
		drop_send_urefs(space, entry, (mach_port_urefs_t)-delta);
	} else {
		entry->urefs = (mach_port_urefs_t)n;
		if (n == 0)
			entry_remove_bits(space, entry, bit);
	}
	return KERN_SUCCESS;
}

/* delta on a right that has no urefs to count: 0 or -1 (destroy). */
static kern_return_t delta_single(struct ipc_space *space,
				  struct ipc_entry *entry,
				  mach_port_right_t right,
				  mach_port_delta_t delta)
{
	if (delta != 0 && delta != -1)
		return KERN_INVALID_VALUE;
	if (delta == 0)
		return KERN_SUCCESS;
	if (right == MACH_PORT_RIGHT_RECEIVE)
		ipc_port_destroy_receive(copyin_receive(space, entry));
	else
		ipc_right_destroy(space, entry);
	return KERN_SUCCESS;
}

kern_return_t ipc_right_delta(struct ipc_space *space, struct ipc_entry *entry,
			      mach_port_right_t right, mach_port_delta_t delta)
{
	mach_port_type_t bit;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	ipc_space_entry_check(space, entry);
	bit = MACH_PORT_TYPE(right);
	if (!(entry->type & bit))
		return KERN_INVALID_RIGHT;
	switch (right) {
	case MACH_PORT_RIGHT_SEND:
	case MACH_PORT_RIGHT_DEAD_NAME:
		return delta_urefs(space, entry, bit, delta);
	default:
		return delta_single(space, entry, right, delta);
	}
}
