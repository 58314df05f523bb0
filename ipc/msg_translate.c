/*
 * ipc/msg_translate.c - stage 2 of a send: names -> rights, all or none.
 *
 * Decode, then act: the first pass (check) applies every disposition to
 * the transient state of the entries it touches (t_type, t_urefs) and so
 * sees exactly what a sequential translation would see, including the
 * same name used several times; nothing changes. Only if every right
 * passes does the second pass (commit) take the rights for real, in the
 * same order, which then cannot fail. Both passes run in one critical
 * section.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/debug.h>
#include <ipc/kmsg.h>
#include <base/msg_layout.h>
#include <ipc/msg.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>

struct xlate {
	struct ipc_space *space;
	struct port *cancel;	   /* MACH_SEND_CANCEL's port, or NULL */
	struct ipc_entry *touched; /* entries with t_touched set */
	bool commit;		   /* second pass */
	mach_msg_return_t error;   /* first failure of the check pass */
};

static struct ipc_entry *xlate_entry(struct xlate *x, mach_port_name_t name)
{
	struct ipc_entry *entry = ipc_space_lookup_checked(x->space, name);

	if (entry != NULL && !entry->t_touched) {
		entry->t_touched = true;
		entry->t_type = entry->type;
		entry->t_urefs = entry->urefs;
		entry->t_next = x->touched;
		x->touched = entry;
	}
	return entry;
}

static void xlate_forget(struct xlate *x)
{
	for (struct ipc_entry *e = x->touched; e != NULL; e = e->t_next)
		e->t_touched = false;
	x->touched = NULL;
}

/*
 * One right: check it (first pass; sets x->error to err on failure) or
 * take it (second pass). Invalid names travel as NULL/PORT_DEAD when
 * allow_invalid. Returns the port in the second pass.
 */
static struct port *xlate_right(struct xlate *x, mach_port_name_t name,
				mach_msg_type_name_t disp, bool allow_invalid,
				mach_msg_return_t err)
{
	struct ipc_entry *entry;

	if (!MACH_PORT_VALID(name)) {
		if (!allow_invalid && x->error == MACH_MSG_SUCCESS)
			x->error = err;
		return name == MACH_PORT_NULL ? NULL : PORT_DEAD;
	}
	if (x->commit)
		return ipc_right_copyin(x->space,
					ipc_space_lookup(x->space, name), disp);
	entry = xlate_entry(x, name);
	if ((entry == NULL || !ipc_right_copyin_check(entry, disp)) &&
	    x->error == MACH_MSG_SUCCESS)
		x->error = err;
	return NULL;
}

/*
 * MACH_SEND_CANCEL (commit pass, before the destination is taken): if the
 * send takes the destination name's last right and its dead-name request
 * notifies x->cancel, drop the request silently.
 */
static void xlate_cancel(struct xlate *x, mach_port_name_t name,
			 mach_msg_type_name_t disp)
{
	struct ipc_entry *entry;
	bool last;

	if (x->cancel == NULL || !MACH_PORT_VALID(name))
		return;
	entry = ipc_space_lookup(x->space, name);
	if (entry == NULL || entry->dnreq == NULL ||
	    entry->dnreq->notify != x->cancel)
		return;
	last = disp == MACH_MSG_TYPE_MOVE_SEND_ONCE ||
	       (disp == MACH_MSG_TYPE_MOVE_SEND &&
		entry->type == MACH_PORT_TYPE_SEND && entry->urefs == 1);
	if (last)
		ipc_right_dnreq_drop(x->space, entry);
}

static void xlate_header(struct xlate *x, struct ipc_kmsg *kmsg)
{
	mach_msg_bits_t bits = kmsg->hdr.bits;
	mach_msg_type_name_t rdisp = MACH_MSGH_BITS_REMOTE(bits);
	mach_msg_type_name_t ldisp = MACH_MSGH_BITS_LOCAL(bits);
	mach_port_name_t rname = kmsg->msg.msgh_remote_port;
	mach_port_name_t lname = kmsg->msg.msgh_local_port;
	struct ipc_entry *dest;
	struct port *remote, *local = NULL;

	/* The destination must be a live port, not a dead name. */
	if (!x->commit && MACH_PORT_VALID(rname)) {
		dest = xlate_entry(x, rname);
		if (dest != NULL && (dest->t_type & MACH_PORT_TYPE_DEAD_NAME))
			x->error = MACH_SEND_INVALID_DEST;
	}
	if (x->commit)
		xlate_cancel(x, rname, rdisp);
	remote = xlate_right(x, rname, rdisp, false, MACH_SEND_INVALID_DEST);
	if (ldisp != 0)
		local = xlate_right(x, lname, ldisp,
				    lname == MACH_PORT_DEAD ||
					    ldisp == MACH_MSG_TYPE_MOVE_SEND ||
					    ldisp == MACH_MSG_TYPE_COPY_SEND,
				    MACH_SEND_INVALID_REPLY);
	if (!x->commit)
		return;
	kmsg->hdr.remote = remote;
	kmsg->hdr.local = local;
	kmsg->hdr.bits =
		(bits & MACH_MSGH_BITS_COMPLEX) |
		MACH_MSGH_BITS(ipc_right_carried_type(rdisp),
			       ldisp ? ipc_right_carried_type(ldisp) : 0);
}

static void xlate_item(struct ipc_item *it, void *arg)
{
	struct xlate *x = arg;
	uintptr_t *slots;

	if (!it->is_port)
		return;
	slots = ipc_item_slots(it);
	for (uint64_t i = 0; i < it->number; i++) {
		struct port *p =
			xlate_right(x, (mach_port_name_t)slots[i], it->name,
				    true, MACH_SEND_INVALID_RIGHT);
		if (x->commit)
			slots[i] = (uintptr_t)p;
	}
	if (x->commit)
		ipc_msg_type_set_name(it->desc,
				      ipc_right_carried_type(it->name));
}

/* The msg-accepted request: a send-once right from a receive right. */
static struct port *xlate_notify(struct xlate *x, mach_port_name_t notify)
{
	struct ipc_entry *entry;

	if (notify == MACH_PORT_NULL)
		return NULL;
	if (x->commit)
		return ipc_right_copyin(x->space,
					ipc_space_lookup(x->space, notify),
					MACH_MSG_TYPE_MAKE_SEND_ONCE);
	entry = MACH_PORT_VALID(notify) ? xlate_entry(x, notify) : NULL;
	if ((entry == NULL ||
	     !ipc_right_copyin_check(entry, MACH_MSG_TYPE_MAKE_SEND_ONCE)) &&
	    x->error == MACH_MSG_SUCCESS)
		x->error = MACH_SEND_INVALID_NOTIFY;
	return NULL;
}

/* MACH_SEND_CANCEL's name: a receive right (check pass). */
static void xlate_cancel_check(struct xlate *x, mach_port_name_t cancel)
{
	struct ipc_entry *entry;

	if (cancel == MACH_PORT_NULL)
		return;
	entry = MACH_PORT_VALID(cancel)
			? ipc_space_lookup_checked(x->space, cancel)
			: NULL;
	if (entry == NULL || !(entry->type & MACH_PORT_TYPE_RECEIVE)) {
		if (x->error == MACH_MSG_SUCCESS)
			x->error = MACH_SEND_INVALID_NOTIFY;
		return;
	}
	x->cancel = entry->port;
}

static void xlate_pass(struct xlate *x, struct ipc_kmsg *kmsg,
		       mach_port_name_t accept)
{
	xlate_header(x, kmsg);
	ipc_kmsg_for_each_item(kmsg, xlate_item, x);
	kmsg->accept_notify = xlate_notify(x, accept);
}

/* The sender asked to lose these regions: the send is sure now. */
static void release_sources(struct ipc_kmsg *kmsg)
{
	for (unsigned int i = 0; i < kmsg->ool_src_count; i++)
		ipc_ool_release_source(kmsg->ool_src[i], kmsg->ool_src_size[i]);
	ipc_kmsg_drop_ool_src(kmsg);
}

mach_msg_return_t ipc_kmsg_translate(struct ipc_space *space,
				     struct ipc_kmsg *kmsg,
				     mach_port_name_t accept,
				     mach_port_name_t cancel)
{
	struct xlate x = {.space = space, .error = MACH_MSG_SUCCESS};
	mach_port_name_t dest_name = kmsg->msg.msgh_remote_port;

	assert(!kmsg->internal);
	xlate_cancel_check(&x, cancel);
	xlate_pass(&x, kmsg, accept);
	xlate_forget(&x);
	if (x.error != MACH_MSG_SUCCESS)
		return x.error;
	x.commit = true;
	xlate_pass(&x, kmsg, accept);
	kmsg->accept_name = dest_name;
	kmsg->internal = true;
	release_sources(kmsg);
	return MACH_MSG_SUCCESS;
}
