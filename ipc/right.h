/*
 * ipc/right.h - operations on the rights of one space entry.
 *
 * The message path uses two steps per right (decode, then act):
 * ipc_right_copyin_check works on the entry's transient t_type/t_urefs
 * only, so a whole message can be checked without changing anything;
 * ipc_right_copyin then does the same operation for real and cannot fail
 * when the check passed in the same critical section.
 *
 * Kernel lock held on entry and exit of every function.
 */
#ifndef IPC_RIGHT_H
#define IPC_RIGHT_H

#include <stdbool.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <ipc/port.h>
#include <ipc/space.h>

/* The carried type of a disposition: 16, 17 or 18 (§3.3). */
static inline mach_msg_type_name_t
ipc_right_carried_type(mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_MOVE_RECEIVE:
		return MACH_MSG_TYPE_PORT_RECEIVE;
	case MACH_MSG_TYPE_MOVE_SEND:
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	default:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	}
}

/* Apply disposition disp (16..21) to the transient state; false if the
 * entry lacks the right it needs. */
bool ipc_right_copyin_check(struct ipc_entry *entry, mach_msg_type_name_t disp);
/*
 * Take the right of disposition disp out of entry (which may be freed):
 * returns the port with a reference for the carried right, or PORT_DEAD
 * for a dead name. Must have passed ipc_right_copyin_check.
 */
struct port *ipc_right_copyin(struct ipc_space *space, struct ipc_entry *entry,
			      mach_msg_type_name_t disp);

/*
 * Give space a right of carried type (16..18) to port, which is consumed
 * on success. Reuses the name of an entry with send or receive rights for
 * a send or receive right. With clamp, send urefs saturate at
 * MACH_PORT_UREFS_MAX (the extra right is dropped); without, that is
 * KERN_UREFS_OVERFLOW. A send or send-once right to a dead port gives
 * MACH_PORT_DEAD. Returns KERN_SUCCESS, KERN_UREFS_OVERFLOW or
 * KERN_NO_SPACE (nothing consumed on failure).
 */
kern_return_t ipc_right_copyout(struct ipc_space *space, struct port *port,
				mach_msg_type_name_t type, bool clamp,
				mach_port_name_t *namep);
/*
 * A new entry for a right of type to port (consumed on success), named
 * *namep, or the lowest free name if *namep is MACH_PORT_NULL (which must
 * otherwise be free). KERN_SUCCESS or KERN_NO_SPACE.
 */
kern_return_t ipc_right_copyout_new(struct ipc_space *space, struct port *port,
				    mach_msg_type_name_t type,
				    mach_port_name_t *namep);
/*
 * Give the new, empty entry (ipc_space_entry_alloc) a right of type to port,
 * which is consumed. Cannot fail.
 */
void ipc_right_copyout_entry(struct ipc_space *space, struct ipc_entry *entry,
			     struct port *port, mach_msg_type_name_t type);
/* Same, but always consumes the right; gives MACH_PORT_DEAD on failure. */
kern_return_t ipc_right_copyout_or_dead(struct ipc_space *space,
					struct port *port,
					mach_msg_type_name_t type,
					mach_port_name_t *namep);

/*
 * A new port whose receive right space holds under the lowest free name,
 * *namep. KERN_SUCCESS, KERN_RESOURCE_SHORTAGE (no port) or KERN_NO_SPACE
 * (no entry: no name left, no memory or the space is dead); nothing
 * changed on failure.
 */
static inline kern_return_t ipc_right_alloc_receive(struct ipc_space *space,
						    mach_port_name_t *namep)
{
	struct port *port = ipc_port_alloc();
	struct ipc_entry *entry;

	if (port == NULL)
		return KERN_RESOURCE_SHORTAGE;
	entry = ipc_space_entry_alloc_receive(space, port);
	if (entry == NULL) {
		ipc_port_destroy_quiet(port); /* new: quiet */
		return KERN_NO_SPACE;
	}
	/* A new port: no thread waits on it. */
	port->receiver = space;
	port->receiver_name = entry->name;
	*namep = entry->name;
	return KERN_SUCCESS;
}
/*
 * Destroy entry's receive right when that is all it holds (no dead-name
 * request either) and its port is quiet (ipc_port_quiet): the port dies,
 * the entry and the port are freed;
 * true. False, and nothing done, otherwise (ipc_right_delta then).
 */
static inline bool ipc_right_destroy_receive_quiet(struct ipc_space *space,
						   struct ipc_entry *entry)
{
	struct port *port = entry->port;

	if (entry->type != MACH_PORT_TYPE_RECEIVE || entry->dnreq != NULL ||
	    !ipc_port_quiet(port))
		return false;
	/* The entry's reference goes with the port. */
	entry->type = 0;
	entry->port = NULL;
	ipc_space_entry_free(space, entry); /* not in the reverse map */
	ipc_port_destroy_quiet(port);
	return true;
}

/* Release every right of entry and free it (mach_port_destroy). */
void ipc_right_destroy(struct ipc_space *space, struct ipc_entry *entry);
/* Drop one send / send-once / dead-name uref (mach_port_deallocate). */
kern_return_t ipc_right_dealloc(struct ipc_space *space,
				struct ipc_entry *entry);
/* mach_port_mod_refs on one right of entry. */
kern_return_t ipc_right_delta(struct ipc_space *space, struct ipc_entry *entry,
			      mach_port_right_t right, mach_port_delta_t delta);

/* Free entry if it holds no right any more. */
void ipc_right_collect(struct ipc_space *space, struct ipc_entry *entry);
/* Cancel entry's dead-name request: port-deleted notification. */
void ipc_right_dnreq_cancel(struct ipc_space *space, struct ipc_entry *entry);
/* Cancel it without a notification (MACH_SEND_CANCEL). */
void ipc_right_dnreq_drop(struct ipc_space *space, struct ipc_entry *entry);
/*
 * Give entry (send or send-once rights to an active port, no request
 * yet) a dead-name request notifying through the send-once right so,
 * consumed on success. KERN_SUCCESS or KERN_RESOURCE_SHORTAGE.
 */
kern_return_t ipc_right_dnreq_add(struct ipc_space *space,
				  struct ipc_entry *entry, struct port *so);

#endif /* IPC_RIGHT_H */
