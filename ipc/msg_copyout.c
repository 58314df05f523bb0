/*
 * ipc/msg_copyout.c - the receive side: rights -> names, then to the user.
 *
 * Lock order: the kernel lock for the translation (ipc_kmsg_copyout,
 * ipc_kmsg_copyout_header_only); ipc_kmsg_put runs without it.
 */
#include <base/arch.h>
#include <base/string.h>
#include <mach/kern_return.h>
#include <ipc/kmsg.h>
#include <base/msg_layout.h>
#include <ipc/msg.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>

/* Who the message reached: the receive right's name, or its payload. */
static void header_dest(struct ipc_space *space, struct ipc_kmsg *kmsg,
			mach_msg_type_name_t *ltype, uint64_t *lvalue)
{
	struct port *dest = kmsg->hdr.remote;
	mach_msg_type_name_t dtype = MACH_MSGH_BITS_REMOTE(kmsg->hdr.bits);

	*ltype = dtype;
	*lvalue = MACH_PORT_NULL;
	if (PORT_VALID(dest) && dest->has_payload) {
		*ltype = MACH_MSG_TYPE_PROTECTED_PAYLOAD;
		*lvalue = dest->payload;
	} else if (PORT_VALID(dest) && dest->receiver == space) {
		*lvalue = dest->receiver_name;
	}
	ipc_port_consume_dest(dest, dtype);
	kmsg->hdr.remote = NULL;
}

/* Write the received header: swapped, names in the receiver's space. */
static void header_write(struct ipc_kmsg *kmsg, mach_msg_type_name_t rtype,
			 mach_port_name_t rname, mach_msg_type_name_t ltype,
			 uint64_t lvalue)
{
	mach_msg_header_t *msg = &kmsg->msg;

	msg->msgh_bits = (kmsg->hdr.bits & MACH_MSGH_BITS_COMPLEX) |
			 MACH_MSGH_BITS(rtype, ltype);
	msg->msgh_remote_port_do_not_use = rname;
	msg->msgh_protected_payload = lvalue;
}

/*
 * MACH_RCV_NOTIFY: the reply right just got the new name rname; give it a
 * dead-name request notifying rcv_notify (best effort: without memory,
 * no request).
 */
static void reply_dnreq(struct ipc_space *space, mach_port_name_t rname,
			struct port *rcv_notify)
{
	struct ipc_entry *entry = ipc_space_lookup(space, rname);
	struct port *so;

	if (entry == NULL || entry->dnreq != NULL ||
	    !(entry->type & MACH_PORT_TYPE_SEND_RIGHTS))
		return;
	so = ipc_port_make_send_once(rcv_notify);
	if (ipc_right_dnreq_add(space, entry, so) != KERN_SUCCESS)
		ipc_port_discard_send_once(so);
}

static mach_msg_return_t copyout_header(struct ipc_space *space,
					struct ipc_kmsg *kmsg,
					struct port *rcv_notify)
{
	mach_msg_type_name_t rtype = MACH_MSGH_BITS_LOCAL(kmsg->hdr.bits);
	struct port *reply = kmsg->hdr.local;
	mach_port_name_t rname = MACH_PORT_NULL;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	mach_msg_type_name_t ltype;
	uint64_t lvalue;
	bool fresh;

	header_dest(space, kmsg, &ltype, &lvalue);
	fresh = PORT_VALID(reply) &&
		(rtype == MACH_MSG_TYPE_PORT_SEND_ONCE ||
		 ipc_space_lookup_port(space, reply) == NULL);
	if (reply == NULL)
		rtype = 0;
	else if (ipc_right_copyout_or_dead(space, reply, rtype, &rname) !=
		 KERN_SUCCESS)
		mr = MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE;
	else if (fresh && rcv_notify != NULL && MACH_PORT_VALID(rname))
		reply_dnreq(space, rname, rcv_notify);
	kmsg->hdr.local = NULL;
	header_write(kmsg, rtype, rname, ltype, lvalue);
	return mr;
}

/* An OOL array of port slots (now names) becomes 4-byte names. */
static mach_msg_return_t out_name_array(struct ipc_item *it)
{
	uintptr_t *slots = *(uintptr_t **)it->data;
	size_t n = it->number;
	uint32_t *names = ipc_ool_alloc(n * sizeof(uint32_t));
	uintptr_t uaddr = 0;
	mach_msg_return_t mr = MACH_MSG_SUCCESS;

	if (n > 0 && names == NULL) {
		mr = MACH_MSG_VM_KERNEL;
	} else {
		for (size_t i = 0; i < n; i++)
			names[i] = (uint32_t)slots[i];
		mr = ipc_ool_copyout(ipc_ool_buffer_copy(names), &uaddr);
	}
	ipc_ool_free(slots, n * sizeof(uintptr_t));
	*(uintptr_t *)it->data = uaddr;
	return mr;
}

static void out_item(struct ipc_item *it, void *arg)
{
	struct ipc_space *space = ((void **)arg)[0];
	mach_msg_return_t *mr = ((void **)arg)[1];
	mach_msg_return_t vm = MACH_MSG_SUCCESS;

	if (it->is_port) {
		uintptr_t *slots = ipc_item_slots(it);
		for (uint64_t i = 0; i < it->number; i++) {
			mach_port_name_t name;
			if (ipc_right_copyout_or_dead(
				    space, (struct port *)slots[i], it->name,
				    &name) != KERN_SUCCESS)
				*mr |= MACH_MSG_IPC_SPACE;
			slots[i] = name;
		}
	}
	if (it->is_inline)
		return;
	if (it->is_port) {
		vm = out_name_array(it);
	} else {
		uintptr_t uaddr;
		vm = ipc_ool_copyout(*(struct vm_map_copy **)it->data, &uaddr);
		*(uintptr_t *)it->data = uaddr;
	}
	it->desc->msgt_deallocate = 1;
	if (vm != MACH_MSG_SUCCESS) {
		ipc_msg_type_set_size(it->desc, 0);
		*mr |= vm;
	}
}

mach_msg_return_t ipc_kmsg_copyout(struct ipc_space *space,
				   struct ipc_kmsg *kmsg,
				   struct port *rcv_notify)
{
	mach_msg_return_t body = MACH_MSG_SUCCESS;
	mach_msg_return_t mr = copyout_header(space, kmsg, rcv_notify);
	void *arg[2] = {space, &body};

	ipc_kmsg_for_each_item(kmsg, out_item, arg);
	kmsg->internal = false;
	if (mr == MACH_MSG_SUCCESS && body != MACH_MSG_SUCCESS)
		mr = MACH_RCV_BODY_ERROR | body;
	return mr;
}

void ipc_kmsg_copyout_header_only(struct ipc_space *space,
				  struct ipc_kmsg *kmsg)
{
	mach_msg_size_t size = kmsg->hdr.size;
	mach_msg_type_name_t ltype;
	uint64_t lvalue;

	header_dest(space, kmsg, &ltype, &lvalue);
	ipc_port_release_right(kmsg->hdr.local,
			       MACH_MSGH_BITS_LOCAL(kmsg->hdr.bits));
	kmsg->hdr.local = NULL;
	ipc_kmsg_destroy_body(kmsg);
	kmsg->internal = false;
	header_write(kmsg, 0, MACH_PORT_NULL, ltype, lvalue);
	kmsg->hdr.size = size;
}

mach_msg_return_t ipc_kmsg_put(uintptr_t umsg, struct ipc_kmsg *kmsg,
			       mach_msg_size_t size)
{
	if (copyout(&kmsg->msg, (void *)umsg, size) != 0)
		return MACH_RCV_INVALID_DATA;
	return MACH_MSG_SUCCESS;
}
