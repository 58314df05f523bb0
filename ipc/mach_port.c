/*
 * ipc/mach_port.c - the mach_port interface (see mach_port.h).
 *
 * Each call is a static function run under the kernel lock by its public
 * wrapper; each decodes (looks up and checks every name) before it acts.
 *
 * Lock order: the kernel lock only.
 */
/* Without frame pointers, as the fast path (ipc/fastpath.c), whose kernel
 * calls end here (backtraces stop here). */
#pragma GCC optimize("omit-frame-pointer")

#include <base/kmem.h>
#include <base/lock.h>
#include <mach/notify.h>
#include <ipc/notify.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/pset.h>
#include <ipc/right.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>

#define LOCKED(call)                                                           \
	({                                                                     \
		spl_t s_ = splhigh();                                          \
		kern_return_t kr_ = (call);                                    \
		splx(s_);                                                      \
		kr_;                                                           \
	})

/* The entry of name, dead rights turned into dead names. */
static inline __attribute__((always_inline)) kern_return_t
lookup(struct ipc_space *space, mach_port_name_t name,
       struct ipc_entry **entryp)
{
	if (space == NULL || !space->active)
		return KERN_INVALID_TASK;
	*entryp = MACH_PORT_VALID(name) ? ipc_space_lookup_checked(space, name)
					: NULL;
	return *entryp != NULL ? KERN_SUCCESS : KERN_INVALID_NAME;
}

/* The port of a receive right named name. */
static kern_return_t lookup_receive(struct ipc_space *space,
				    mach_port_name_t name, struct port **portp)
{
	struct ipc_entry *entry;
	kern_return_t kr = lookup(space, name, &entry);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	*portp = entry->port;
	return KERN_SUCCESS;
}

static mach_port_type_t entry_type(const struct ipc_entry *entry)
{
	return entry->type |
	       (entry->dnreq != NULL ? MACH_PORT_TYPE_DNREQUEST : 0);
}

/* ---- names, type, rename ---- */

struct names_acc {
	mach_port_name_t *names;
	mach_port_type_t *types;
	unsigned int n;
};

static void names_one(struct ipc_space *space, struct ipc_entry *entry,
		      void *arg)
{
	struct names_acc *acc = arg;

	ipc_space_entry_check(space, entry);
	acc->names[acc->n] = entry->name;
	acc->types[acc->n] = entry_type(entry);
	acc->n++;
}

static kern_return_t port_names(struct ipc_space *space,
				mach_port_name_t **names,
				mach_msg_type_number_t *namesCnt,
				mach_port_type_t **types,
				mach_msg_type_number_t *typesCnt)
{
	unsigned int n;
	struct names_acc acc = {0};

	if (space == NULL || !space->active)
		return KERN_INVALID_TASK;
	n = space->nentries;
	acc.names = ipc_ool_alloc(n * sizeof(mach_port_name_t));
	acc.types = ipc_ool_alloc(n * sizeof(mach_port_type_t));
	if (n > 0 && (acc.names == NULL || acc.types == NULL)) {
		ipc_ool_free(acc.names, n * sizeof(mach_port_name_t));
		ipc_ool_free(acc.types, n * sizeof(mach_port_type_t));
		return KERN_RESOURCE_SHORTAGE;
	}
	ipc_space_for_each(space, names_one, &acc);
	*names = acc.names;
	*types = acc.types;
	*namesCnt = *typesCnt = n;
	return KERN_SUCCESS;
}

kern_return_t mach_port_names(struct ipc_space *space, mach_port_name_t **names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_t **types,
			      mach_msg_type_number_t *typesCnt)
{
	return LOCKED(port_names(space, names, namesCnt, types, typesCnt));
}

static __attribute__((noinline)) kern_return_t
port_type(struct ipc_space *space, mach_port_name_t name,
	  mach_port_type_t *ptype)
{
	struct ipc_entry *entry;
	kern_return_t kr = lookup(space, name, &entry);

	if (kr == KERN_SUCCESS)
		*ptype = entry_type(entry);
	return kr;
}

kern_return_t mach_port_type(struct ipc_space *space, mach_port_name_t name,
			     mach_port_type_t *ptype)
{
	return LOCKED(port_type(space, name, ptype));
}

kern_return_t mach_port_type_locked(struct ipc_space *space,
				    mach_port_name_t name,
				    mach_port_type_t *ptype)
{
	struct ipc_entry *entry;

	/* What port_type does for a small name of a live space whose rights
	 * are not dead, without a frame (the fast path's kernel call);
	 * anything else there. */
	if (space != NULL && space->active &&
	    name - 1 < SPACE_SMALL_NAMES - 1 &&
	    (entry = space->small[name]) != NULL &&
	    (!(entry->type & MACH_PORT_TYPE_SEND_RIGHTS) ||
	     entry->port->active)) {
		*ptype = entry_type(entry);
		return KERN_SUCCESS;
	}
	return port_type(space, name, ptype);
}

static kern_return_t port_rename(struct ipc_space *space,
				 mach_port_name_t old_name,
				 mach_port_name_t new_name)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (!MACH_PORT_VALID(new_name))
		return KERN_INVALID_VALUE;
	kr = lookup(space, old_name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if (ipc_space_lookup(space, new_name) != NULL)
		return KERN_NAME_EXISTS;
	ipc_space_entry_rename(space, entry, new_name);
	if (entry->type & MACH_PORT_TYPE_RECEIVE)
		entry->port->receiver_name = new_name;
	if (entry->type & MACH_PORT_TYPE_PORT_SET)
		entry->pset->name = new_name;
	if (entry->dnreq != NULL)
		entry->dnreq->name = new_name;
	return KERN_SUCCESS;
}

kern_return_t mach_port_rename(struct ipc_space *space,
			       mach_port_name_t old_name,
			       mach_port_name_t new_name)
{
	return LOCKED(port_rename(space, old_name, new_name));
}

/* ---- allocate ---- */

/* Fill a new entry with a new object of kind right. */
static kern_return_t fill_new(struct ipc_space *space, struct ipc_entry *entry,
			      mach_port_right_t right)
{
	if (right == MACH_PORT_RIGHT_DEAD_NAME) {
		entry->type = MACH_PORT_TYPE_DEAD_NAME;
		entry->urefs = 1;
	} else if (right == MACH_PORT_RIGHT_PORT_SET) {
		entry->pset = ipc_pset_alloc();
		if (entry->pset == NULL)
			return KERN_RESOURCE_SHORTAGE;
		entry->pset->name = entry->name;
		entry->type = MACH_PORT_TYPE_PORT_SET;
	} else {
		entry->port = ipc_port_alloc();
		if (entry->port == NULL)
			return KERN_RESOURCE_SHORTAGE;
		entry->type = MACH_PORT_TYPE_RECEIVE;
		ipc_port_set_receiver(entry->port, space, entry->name);
		ipc_space_entry_update_port_map(space, entry);
	}
	return KERN_SUCCESS;
}

static kern_return_t port_allocate(struct ipc_space *space,
				   mach_port_right_t right,
				   mach_port_name_t *name)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (space == NULL || !space->active)
		return KERN_INVALID_TASK;
	if (right != MACH_PORT_RIGHT_RECEIVE &&
	    right != MACH_PORT_RIGHT_PORT_SET &&
	    right != MACH_PORT_RIGHT_DEAD_NAME)
		return KERN_INVALID_VALUE;
	if (*name != MACH_PORT_NULL && ipc_space_lookup(space, *name) != NULL)
		return KERN_NAME_EXISTS;
	entry = ipc_space_entry_alloc(space, *name);
	if (entry == NULL)
		return KERN_NO_SPACE;
	kr = fill_new(space, entry, right);
	if (kr != KERN_SUCCESS) {
		ipc_space_entry_free(space, entry);
		return kr;
	}
	*name = entry->name;
	return KERN_SUCCESS;
}

kern_return_t mach_port_allocate_name(struct ipc_space *space,
				      mach_port_right_t right,
				      mach_port_name_t name)
{
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_VALUE;
	return LOCKED(port_allocate(space, right, &name));
}

kern_return_t mach_port_allocate(struct ipc_space *space,
				 mach_port_right_t right,
				 mach_port_name_t *name)
{
	*name = MACH_PORT_NULL;
	return LOCKED(port_allocate(space, right, name));
}

/* ---- destroy, deallocate, refs ---- */

static kern_return_t port_destroy(struct ipc_space *space,
				  mach_port_name_t name)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (!MACH_PORT_VALID(name))
		return space != NULL && space->active ? KERN_SUCCESS
						      : KERN_INVALID_TASK;
	kr = lookup(space, name, &entry);
	if (kr == KERN_SUCCESS)
		ipc_right_destroy(space, entry);
	return kr;
}

kern_return_t mach_port_destroy(struct ipc_space *space, mach_port_name_t name)
{
	return LOCKED(port_destroy(space, name));
}

static kern_return_t port_deallocate(struct ipc_space *space,
				     mach_port_name_t name)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (!MACH_PORT_VALID(name))
		return space != NULL && space->active ? KERN_SUCCESS
						      : KERN_INVALID_TASK;
	kr = lookup(space, name, &entry);
	return kr == KERN_SUCCESS ? ipc_right_dealloc(space, entry) : kr;
}

kern_return_t mach_port_deallocate(struct ipc_space *space,
				   mach_port_name_t name)
{
	return LOCKED(port_deallocate(space, name));
}

static kern_return_t port_get_refs(struct ipc_space *space,
				   mach_port_name_t name,
				   mach_port_right_t right,
				   mach_port_urefs_t *refs)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	kr = lookup(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	if (!(entry->type & MACH_PORT_TYPE(right)))
		*refs = 0;
	else if (right == MACH_PORT_RIGHT_SEND ||
		 right == MACH_PORT_RIGHT_DEAD_NAME)
		*refs = entry->urefs;
	else
		*refs = 1;
	return KERN_SUCCESS;
}

kern_return_t mach_port_get_refs(struct ipc_space *space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refs)
{
	return LOCKED(port_get_refs(space, name, right, refs));
}

static __attribute__((noinline)) kern_return_t
port_mod_refs(struct ipc_space *space, mach_port_name_t name,
	      mach_port_right_t right, mach_port_delta_t delta)
{
	struct ipc_entry *entry;
	kern_return_t kr;

	if (right >= MACH_PORT_RIGHT_NUMBER)
		return KERN_INVALID_VALUE;
	if (!MACH_PORT_VALID(name))
		return (right == MACH_PORT_RIGHT_SEND ||
			right == MACH_PORT_RIGHT_SEND_ONCE)
			       ? KERN_SUCCESS
			       : KERN_INVALID_VALUE;
	kr = lookup(space, name, &entry);
	return kr == KERN_SUCCESS ? ipc_right_delta(space, entry, right, delta)
				  : kr;
}

/* port_mod_refs, with the common destruction of a receive right (a
 * reply port's) straight; anything else the general way. Lock held. */
static inline kern_return_t port_mod_refs_quick(struct ipc_space *space,
						mach_port_name_t name,
						mach_port_right_t right,
						mach_port_delta_t delta)
{
	struct ipc_entry *entry;

	if (right == MACH_PORT_RIGHT_RECEIVE && delta == -1 && space != NULL &&
	    space->active && MACH_PORT_VALID(name) &&
	    (entry = ipc_space_lookup(space, name)) != NULL &&
	    ipc_right_destroy_receive_quiet(space, entry))
		return KERN_SUCCESS;
	return port_mod_refs(space, name, right, delta);
}

kern_return_t mach_port_mod_refs(struct ipc_space *space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta)
{
	spl_t s = splhigh();
	kern_return_t kr = port_mod_refs_quick(space, name, right, delta);

	splx(s);
	return kr;
}

kern_return_t mach_port_mod_refs_locked(struct ipc_space *space,
					mach_port_name_t name,
					mach_port_right_t right,
					mach_port_delta_t delta)
{
	return port_mod_refs_quick(space, name, right, delta);
}

/* ---- receive-right attributes ---- */

enum port_attr {
	ATTR_QLIMIT,
	ATTR_MSCOUNT,
	ATTR_SEQNO,
	ATTR_PAYLOAD,
	ATTR_NO_PAYLOAD
};

static kern_return_t port_set_attr(struct ipc_space *space,
				   mach_port_name_t name, enum port_attr which,
				   uint64_t value)
{
	struct port *port;
	kern_return_t kr = lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	switch (which) {
	case ATTR_QLIMIT:
		if (value > MACH_PORT_QLIMIT_MAX)
			return KERN_INVALID_VALUE;
		port->qlimit = (unsigned int)value;
		waitq_wakeup_all(&port->snd_waiters, WAIT_AWAKENED);
		break;
	case ATTR_MSCOUNT:
		port->mscount = (mach_port_mscount_t)value;
		break;
	case ATTR_SEQNO:
		port->seqno = (mach_port_seqno_t)value;
		break;
	case ATTR_PAYLOAD:
		port->payload = value;
		port->has_payload = true;
		break;
	case ATTR_NO_PAYLOAD:
		port->has_payload = false;
		port->payload = 0;
		break;
	}
	return KERN_SUCCESS;
}

kern_return_t mach_port_set_qlimit(struct ipc_space *space,
				   mach_port_name_t name,
				   mach_port_msgcount_t qlimit)
{
	return LOCKED(port_set_attr(space, name, ATTR_QLIMIT, qlimit));
}

kern_return_t mach_port_set_mscount(struct ipc_space *space,
				    mach_port_name_t name,
				    mach_port_mscount_t mscount)
{
	return LOCKED(port_set_attr(space, name, ATTR_MSCOUNT, mscount));
}

kern_return_t mach_port_set_seqno(struct ipc_space *space,
				  mach_port_name_t name,
				  mach_port_seqno_t seqno)
{
	return LOCKED(port_set_attr(space, name, ATTR_SEQNO, seqno));
}

kern_return_t mach_port_set_protected_payload(struct ipc_space *space,
					      mach_port_name_t name,
					      uint64_t payload)
{
	return LOCKED(port_set_attr(space, name, ATTR_PAYLOAD, payload));
}

kern_return_t mach_port_clear_protected_payload(struct ipc_space *space,
						mach_port_name_t name)
{
	return LOCKED(port_set_attr(space, name, ATTR_NO_PAYLOAD, 0));
}

static kern_return_t port_get_receive_status(struct ipc_space *space,
					     mach_port_name_t name,
					     mach_port_status_t *st)
{
	struct port *port;
	kern_return_t kr = lookup_receive(space, name, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	st->mps_pset = port->pset != NULL ? port->pset->name : MACH_PORT_NULL;
	st->mps_seqno = port->seqno;
	st->mps_mscount = port->mscount;
	st->mps_qlimit = port->qlimit;
	st->mps_msgcount = port->msgcount;
	st->mps_sorights = port->sorights;
	st->mps_srights = port->srights > 0;
	st->mps_pdrequest = port->pdrequest != NULL;
	st->mps_nsrequest = port->nsrequest != NULL;
	return KERN_SUCCESS;
}

kern_return_t mach_port_get_receive_status(struct ipc_space *space,
					   mach_port_name_t name,
					   mach_port_status_t *status)
{
	return LOCKED(port_get_receive_status(space, name, status));
}

/* ---- port sets ---- */

static kern_return_t port_get_set_status(struct ipc_space *space,
					 mach_port_name_t name,
					 mach_port_name_t **members,
					 mach_msg_type_number_t *count)
{
	struct ipc_entry *entry;
	struct list *node;
	unsigned int n = 0;
	kern_return_t kr = lookup(space, name, &entry);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!(entry->type & MACH_PORT_TYPE_PORT_SET))
		return KERN_INVALID_RIGHT;
	list_for_each (&entry->pset->members, node)
		n++;
	*members = ipc_ool_alloc(n * sizeof(mach_port_name_t));
	if (n > 0 && *members == NULL)
		return KERN_RESOURCE_SHORTAGE;
	n = 0;
	list_for_each (&entry->pset->members, node)
		(*members)[n++] =
			list_entry(node, struct port, pset_node)->receiver_name;
	*count = n;
	return KERN_SUCCESS;
}

kern_return_t mach_port_get_set_status(struct ipc_space *space,
				       mach_port_name_t name,
				       mach_port_name_t **members,
				       mach_msg_type_number_t *membersCnt)
{
	return LOCKED(port_get_set_status(space, name, members, membersCnt));
}

static kern_return_t port_move_member(struct ipc_space *space,
				      mach_port_name_t member,
				      mach_port_name_t after)
{
	struct ipc_entry *set = NULL;
	struct port *port;
	kern_return_t kr = lookup_receive(space, member, &port);

	if (kr != KERN_SUCCESS)
		return kr;
	if (after != MACH_PORT_NULL) {
		kr = lookup(space, after, &set);
		if (kr != KERN_SUCCESS)
			return kr;
		if (!(set->type & MACH_PORT_TYPE_PORT_SET))
			return KERN_INVALID_RIGHT;
		ipc_pset_add(set->pset, port);
		return KERN_SUCCESS;
	}
	if (port->pset == NULL)
		return KERN_NOT_IN_SET;
	ipc_pset_remove(port);
	return KERN_SUCCESS;
}

kern_return_t mach_port_move_member(struct ipc_space *space,
				    mach_port_name_t member,
				    mach_port_name_t after)
{
	return LOCKED(port_move_member(space, member, after));
}

/* ---- notifications ---- */

/* Register (or cancel, notify NULL) a dead-name request on entry. */
static kern_return_t dnreq_set(struct ipc_space *space, struct ipc_entry *entry,
			       mach_port_mscount_t sync, struct port *notify,
			       struct port **previous)
{
	struct ipc_dnreq *req = entry->dnreq;

	if (entry->type & MACH_PORT_TYPE_DEAD_NAME) {
		if (sync == 0)
			return KERN_INVALID_ARGUMENT;
		if (entry->urefs >= MACH_PORT_UREFS_MAX)
			return KERN_UREFS_OVERFLOW;
		entry->urefs++; /* carried by the notification */
		*previous = NULL;
		ipc_notify_dead_name(notify, entry->name);
		return KERN_SUCCESS;
	}
	if (!(entry->type & MACH_PORT_TYPE_PORT_RIGHTS))
		return KERN_INVALID_RIGHT;
	*previous = req != NULL ? req->notify : NULL;
	if (req == NULL)
		return notify != NULL
			       ? ipc_right_dnreq_add(space, entry, notify)
			       : KERN_SUCCESS;
	if (notify != NULL) {
		req->notify = notify;
		return KERN_SUCCESS;
	}
	ipc_port_dnreq_remove(req);
	entry->dnreq = NULL;
	kfree(req, sizeof(*req));
	return KERN_SUCCESS;
}

static kern_return_t
port_request_notification(struct ipc_space *space, mach_port_name_t name,
			  mach_msg_id_t id, mach_port_mscount_t sync,
			  struct port *notify, struct port **previous)
{
	struct ipc_entry *entry;
	struct port *port;
	kern_return_t kr = lookup(space, name, &entry);

	if (kr != KERN_SUCCESS)
		return kr;
	if (notify == PORT_DEAD)
		notify = NULL;
	if (id == MACH_NOTIFY_DEAD_NAME)
		return dnreq_set(space, entry, sync, notify, previous);
	if (id != MACH_NOTIFY_PORT_DESTROYED && id != MACH_NOTIFY_NO_SENDERS)
		return KERN_INVALID_VALUE;
	if (!(entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_INVALID_RIGHT;
	port = entry->port;
	if (id == MACH_NOTIFY_PORT_DESTROYED) {
		if (sync != 0)
			return KERN_INVALID_VALUE;
		*previous = port->pdrequest;
		port->pdrequest = notify;
		return KERN_SUCCESS;
	}
	*previous = port->nsrequest;
	port->nsrequest = notify;
	if (notify != NULL && port->mscount >= sync)
		ipc_port_check_no_senders(port);
	return KERN_SUCCESS;
}

kern_return_t
mach_port_request_notification(struct ipc_space *space, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       struct port *notify, struct port **previous)
{
	return LOCKED(port_request_notification(space, name, id, sync, notify,
						previous));
}

/* ---- insert, extract ---- */

static kern_return_t port_insert_right(struct ipc_space *space,
				       mach_port_name_t name, struct port *poly,
				       mach_msg_type_name_t type)
{
	struct ipc_entry *entry, *other;
	mach_port_name_t got = name;

	if (space == NULL || !space->active)
		return KERN_INVALID_TASK;
	if (!MACH_PORT_VALID(name))
		return KERN_INVALID_VALUE;
	if (!PORT_VALID(poly) || !MACH_MSG_TYPE_PORT_ANY_RIGHT(type))
		return KERN_INVALID_CAPABILITY;
	entry = ipc_space_lookup_checked(space, name);
	other = type != MACH_MSG_TYPE_PORT_SEND_ONCE
			? ipc_space_lookup_port(space, poly)
			: NULL;
	if (other != NULL && other != entry)
		return KERN_RIGHT_EXISTS;
	if (entry != NULL && other == NULL)
		return KERN_NAME_EXISTS;
	if (entry != NULL && type == MACH_MSG_TYPE_PORT_RECEIVE &&
	    (entry->type & MACH_PORT_TYPE_RECEIVE))
		return KERN_RIGHT_EXISTS;
	if (entry != NULL)
		return ipc_right_copyout(space, poly, type, false, &got);
	return ipc_right_copyout_new(space, poly, type, &got);
}

kern_return_t mach_port_insert_right(struct ipc_space *space,
				     mach_port_name_t name, struct port *poly,
				     mach_msg_type_name_t polyPoly)
{
	return LOCKED(port_insert_right(space, name, poly, polyPoly));
}

static kern_return_t port_extract_right(struct ipc_space *space,
					mach_port_name_t name,
					mach_msg_type_name_t msgt_name,
					struct port **poly,
					mach_msg_type_name_t *polyPoly)
{
	struct ipc_entry *entry;
	kern_return_t kr;
	bool ok;

	if (!MACH_MSG_TYPE_PORT_ANY(msgt_name))
		return KERN_INVALID_VALUE;
	kr = lookup(space, name, &entry);
	if (kr != KERN_SUCCESS)
		return kr;
	/* The message path's check, on this one right. */
	entry->t_type = entry->type;
	entry->t_urefs = entry->urefs;
	ok = ipc_right_copyin_check(entry, msgt_name);
	if (!ok || (entry->type & MACH_PORT_TYPE_DEAD_NAME))
		return KERN_INVALID_RIGHT;
	*poly = ipc_right_copyin(space, entry, msgt_name);
	*polyPoly = ipc_right_carried_type(msgt_name);
	return KERN_SUCCESS;
}

kern_return_t mach_port_extract_right(struct ipc_space *space,
				      mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      struct port **poly,
				      mach_msg_type_name_t *polyPoly)
{
	return LOCKED(
		port_extract_right(space, name, msgt_name, poly, polyPoly));
}

/* ---- kernel type ---- */

static kern_return_t port_set_ktype(struct host *host_priv,
				    struct ipc_space *space,
				    mach_port_name_t name,
				    mach_port_right_t right,
				    mach_port_ktype_t ktype)
{
	struct port *port;
	kern_return_t kr;

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (space == NULL || !space->active)
		return KERN_INVALID_TASK;
	if (right != MACH_PORT_RIGHT_RECEIVE ||
	    (ktype != MACH_PORT_KTYPE_NONE &&
	     ktype != MACH_PORT_KTYPE_USER_DEVICE))
		return KERN_INVALID_VALUE;
	kr = lookup_receive(space, name, &port);
	if (kr == KERN_SUCCESS)
		port->user_ktype = ktype;
	return kr;
}

kern_return_t mach_port_set_ktype(struct host *host_priv,
				  struct ipc_space *space,
				  mach_port_name_t name,
				  mach_port_right_t right,
				  mach_port_ktype_t ktype)
{
	return LOCKED(port_set_ktype(host_priv, space, name, right, ktype));
}
