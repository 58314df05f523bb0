/*
 * ipc/notify.c - kernel-generated notifications (ABI sheet §6).
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/msg_layout.h>
#include <base/string.h>
#include <ipc/kmsg.h>
#include <ipc/mqueue.h>
#include <ipc/notify.h>
#include <ipc/port.h>

/*
 * The two sizes of a notification in the arch's message layout
 * (<machine/msg_layout.h>): a header alone, or a header and one item
 * whose value fills one pointer-sized slot (a 32-bit name or count
 * padded to the item alignment, or a receive right's port slot): 32 and
 * 48 bytes on x86_64, 24 and 32 on i386.
 */
#define NOTIFY_SIZE_EMPTY sizeof(mach_msg_header_t)
#define NOTIFY_SIZE_ITEM                                                       \
	(sizeof(mach_msg_header_t) + sizeof(mach_msg_type_t) +                 \
	 sizeof(uintptr_t))
_Static_assert(sizeof(uintptr_t) % IPC_MSG_ALIGN == 0 &&
		       sizeof(mach_msg_type_t) % IPC_MSG_ALIGN == 0,
	       "a notification item is a descriptor and one slot");

static const mach_msg_type_t notify_name_type = {
	.msgt_name = MACH_MSG_TYPE_PORT_NAME,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t notify_int_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t notify_receive_type = {
	.msgt_name = MACH_MSG_TYPE_PORT_RECEIVE,
	.msgt_size = 8 * sizeof(uintptr_t),
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* Fill kmsg (zeroed, room for size bytes) as a notification of size
 * bytes to the send-once right so (consumed), with one item (desc, a
 * pointer-sized value) when size is NOTIFY_SIZE_ITEM. */
static void notify_fill(struct ipc_kmsg *kmsg, struct port *so,
			mach_msg_id_t id, size_t size,
			const mach_msg_type_t *desc, uintptr_t value)
{
	kmsg->internal = true;
	kmsg->hdr.bits = MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE, 0);
	kmsg->hdr.size = size;
	kmsg->hdr.remote = so;
	kmsg->hdr.id = id;
	if (desc != NULL) {
		uint8_t *body = ipc_kmsg_body(kmsg);
		memcpy(body, desc, sizeof(*desc));
		memcpy(body + sizeof(*desc), &value, sizeof(value));
	}
}

/*
 * A notification as notify_fill makes it, in a new kmsg. NULL if so is
 * NULL or memory is short (then so is released).
 */
static struct ipc_kmsg *notify_alloc(struct port *so, mach_msg_id_t id,
				     size_t size, const mach_msg_type_t *desc,
				     uintptr_t value)
{
	struct ipc_kmsg *kmsg;

	if (so == NULL)
		return NULL;
	kmsg = ipc_kmsg_alloc(size);
	if (kmsg == NULL) {
		/* Drop the right quietly: releasing it would notify again. */
		port_discard_send_once(so);
		return NULL;
	}
	notify_fill(kmsg, so, id, size, desc, value);
	return kmsg;
}

static void notify_send(struct ipc_kmsg *kmsg)
{
	if (kmsg != NULL)
		ipc_kmsg_deliver(kmsg);
}

void ipc_notify_port_deleted(struct port *so, mach_port_name_t name)
{
	notify_send(notify_alloc(so, MACH_NOTIFY_PORT_DELETED, NOTIFY_SIZE_ITEM,
				 &notify_name_type, name));
}

struct ipc_kmsg *ipc_notify_msg_accepted_reserve(void)
{
	return ipc_kmsg_alloc(NOTIFY_SIZE_ITEM);
}

void ipc_notify_msg_accepted(struct ipc_kmsg *reserved, struct port *so,
			     mach_port_name_t name)
{
	notify_fill(reserved, so, MACH_NOTIFY_MSG_ACCEPTED, NOTIFY_SIZE_ITEM,
		    &notify_name_type, name);
	notify_send(reserved);
}

void ipc_notify_port_destroyed(struct port *so, struct port *port)
{
	struct ipc_kmsg *kmsg =
		notify_alloc(so, MACH_NOTIFY_PORT_DESTROYED, NOTIFY_SIZE_ITEM,
			     &notify_receive_type, (uintptr_t)port);
	if (kmsg == NULL) {
		/* No notification: the receive right is destroyed. */
		port_destroy_receive(port);
		return;
	}
	kmsg->hdr.bits |= MACH_MSGH_BITS_COMPLEX;
	if (port_circular(port, so)) {
		/* Sent to itself (or into its own transit chain): it could
		 * never be received, so the port dies instead. */
		ipc_kmsg_destroy(kmsg);
		return;
	}
	notify_send(kmsg);
}

void ipc_notify_no_senders(struct port *so, mach_port_mscount_t mscount)
{
	notify_send(notify_alloc(so, MACH_NOTIFY_NO_SENDERS, NOTIFY_SIZE_ITEM,
				 &notify_int_type, mscount));
}

void ipc_notify_send_once(struct port *so)
{
	notify_send(notify_alloc(so, MACH_NOTIFY_SEND_ONCE, NOTIFY_SIZE_EMPTY,
				 NULL, 0));
}

void ipc_notify_dead_name(struct port *so, mach_port_name_t name)
{
	notify_send(notify_alloc(so, MACH_NOTIFY_DEAD_NAME, NOTIFY_SIZE_ITEM,
				 &notify_name_type, name));
}
