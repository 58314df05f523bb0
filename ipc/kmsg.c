/*
 * ipc/kmsg.c - kernel messages: allocation, the body walker, destruction.
 *
 * Lock order: the kernel lock only (callers hold it).
 */
#include <base/kmem.h>
#include <base/string.h>
#include <ipc/kmsg.h>
#include <base/msg_layout.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/space.h>

static unsigned long kmsg_live;

void ipc_kmsg_init(void)
{
	kmsg_live = 0;
}

/* The kalloc size of a kmsg for size bytes of message. */
static size_t kmsg_bytes(size_t size)
{
	if (size < sizeof(mach_msg_header_t))
		return sizeof(struct ipc_kmsg);
	return offsetof(struct ipc_kmsg, msg) + size;
}

struct ipc_kmsg *ipc_kmsg_spare_alloc(size_t size)
{
	size_t bytes = kmsg_bytes(size);
	struct ipc_kmsg *kmsg = kalloc(bytes);

	if (kmsg == NULL)
		return NULL;
	kmsg->alloc_size = bytes;
	list_node_init(&kmsg->node);
	return kmsg;
}

void ipc_kmsg_spare_use(struct ipc_kmsg *kmsg)
{
	assert(list_node_unlinked(&kmsg->node));
	kmsg_live++;
}

void ipc_kmsg_spare_free(struct ipc_kmsg *kmsg)
{
	if (kmsg != NULL)
		kfree(kmsg, kmsg->alloc_size);
}

struct ipc_kmsg *ipc_kmsg_alloc(size_t size)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_spare_alloc(size);

	if (kmsg != NULL)
		kmsg_live++;
	return kmsg;
}

struct ipc_kmsg *ipc_kmsg_alloc_uninit(size_t size)
{
	size_t bytes = kmsg_bytes(size);
	struct ipc_kmsg *kmsg = kalloc_nozero(bytes);

	if (kmsg == NULL)
		return NULL;
	/* The kmsg's own fields are cleared (and the header, which the
	 * caller writes anyway); the rest of the message is the caller's. */
	*kmsg = (struct ipc_kmsg){.alloc_size = bytes};
	list_node_init(&kmsg->node);
	kmsg_live++;
	return kmsg;
}

/* Forget the sender's regions to deallocate. */
void ipc_kmsg_drop_ool_src(struct ipc_kmsg *kmsg)
{
	if (kmsg->ool_src_count == 0)
		return;
	kfree(kmsg->ool_src, kmsg->ool_src_count * sizeof(uintptr_t));
	kfree(kmsg->ool_src_size, kmsg->ool_src_count * sizeof(size_t));
	kmsg->ool_src = NULL;
	kmsg->ool_src_size = NULL;
	kmsg->ool_src_count = 0;
}

void ipc_kmsg_free(struct ipc_kmsg *kmsg)
{
	assert(list_node_unlinked(&kmsg->node));
	ipc_kmsg_drop_ool_src(kmsg);
	kmsg_live--;
	kfree(kmsg, kmsg->alloc_size);
}

/* n rounded up to the item alignment (<base/msg_layout.h>). */
static uint64_t round_item(uint64_t n)
{
	return (n + IPC_MSG_ALIGN - 1) & ~(uint64_t)(IPC_MSG_ALIGN - 1);
}

mach_msg_return_t ipc_item_parse(uint8_t *body, size_t len, size_t *off,
				 struct ipc_item *it)
{
	mach_msg_type_t *desc = (mach_msg_type_t *)(body + *off);
	uint64_t space;
	size_t dlen;

	if (len - *off < sizeof(*desc))
		return MACH_SEND_MSG_TOO_SMALL;
	if (desc->msgt_unused != 0)
		return MACH_SEND_INVALID_TYPE;
	dlen = ipc_msg_type_size(desc);
	if (len - *off < dlen)
		return MACH_SEND_MSG_TOO_SMALL;
	it->desc = desc;
	it->name = ipc_msg_type_name(desc);
	it->is_port = MACH_MSG_TYPE_PORT_ANY(it->name);
	it->is_inline = desc->msgt_inline;
	it->number = ipc_msg_type_number(desc);
	it->bytes = (it->number * ipc_msg_type_bits(desc) + 7) / 8;
	it->data = (uint8_t *)desc + dlen;
	if (it->is_inline && desc->msgt_deallocate)
		return MACH_SEND_INVALID_TYPE;
	if (it->is_port && ipc_msg_type_bits(desc) !=
				   (it->is_inline ? 8 * sizeof(uintptr_t) : 32))
		return MACH_SEND_INVALID_TYPE;
	space = it->is_inline ? round_item(it->bytes) : sizeof(uintptr_t);
	if (len - *off - dlen < space)
		return MACH_SEND_MSG_TOO_SMALL;
	*off += dlen + space;
	return MACH_MSG_SUCCESS;
}

void ipc_kmsg_for_each_item(struct ipc_kmsg *kmsg,
			    void (*fn)(struct ipc_item *, void *), void *arg)
{
	size_t len = kmsg->hdr.size - sizeof(mach_msg_header_t);
	uint8_t *body = ipc_kmsg_body(kmsg);
	struct ipc_item it;
	size_t off = 0;

	if (!(kmsg->hdr.bits & MACH_MSGH_BITS_COMPLEX))
		return;
	while (off < len) {
		mach_msg_return_t mr = ipc_item_parse(body, len, &off, &it);
		assert(mr == MACH_MSG_SUCCESS);
		fn(&it, arg);
	}
}

/* Release the rights and memory of one item. */
static void item_destroy(struct ipc_item *it, void *arg)
{
	bool internal = *(bool *)arg;
	uintptr_t *slots;

	if (it->is_port && internal) {
		slots = ipc_item_slots(it);
		for (uint64_t i = 0; i < it->number; i++)
			ipc_port_release_right((struct port *)slots[i],
					       it->name);
	}
	if (it->is_inline)
		return;
	if (it->is_port)
		ipc_ool_free(*(void **)it->data,
			     it->number * sizeof(uintptr_t));
	else if (!internal && it->desc->msgt_deallocate)
		ipc_ool_unsend(*(struct vm_map_copy **)it->data); /* unsent */
	else
		ipc_ool_discard(*(struct vm_map_copy **)it->data);
	*(void **)it->data = NULL;
}

void ipc_kmsg_destroy_body(struct ipc_kmsg *kmsg)
{
	bool internal = kmsg->internal;

	ipc_kmsg_for_each_item(kmsg, item_destroy, &internal);
	kmsg->hdr.bits &= ~MACH_MSGH_BITS_COMPLEX;
	kmsg->hdr.size = sizeof(mach_msg_header_t);
}

void ipc_kmsg_accept_drop(struct ipc_kmsg *kmsg)
{
	if (kmsg->accept_notify == NULL)
		return;
	ipc_port_release_send_once(kmsg->accept_notify);
	ipc_kmsg_free(kmsg->accept_msg);
	ipc_space_unref(kmsg->accept_space);
	kmsg->accept_notify = NULL;
	kmsg->accept_msg = NULL;
	kmsg->accept_space = NULL;
}

void ipc_kmsg_destroy(struct ipc_kmsg *kmsg)
{
	bool internal = kmsg->internal;

	if (internal) {
		mach_msg_bits_t bits = kmsg->hdr.bits;
		ipc_port_release_right(kmsg->hdr.remote,
				       MACH_MSGH_BITS_REMOTE(bits));
		if (MACH_MSGH_BITS_LOCAL(bits) != 0)
			ipc_port_release_right(kmsg->hdr.local,
					       MACH_MSGH_BITS_LOCAL(bits));
		ipc_kmsg_accept_drop(kmsg);
	}
	ipc_kmsg_for_each_item(kmsg, item_destroy, &internal);
	ipc_kmsg_free(kmsg);
}

/* Call fn(port, arg) on every receive right of an internal kmsg body. */
struct receive_walk {
	void (*fn)(struct port *port, void *arg);
	void *arg;
};

static void receive_item(struct ipc_item *it, void *arg)
{
	struct receive_walk *w = arg;
	uintptr_t *slots;

	if (!it->is_port || it->name != MACH_MSG_TYPE_PORT_RECEIVE)
		return;
	slots = ipc_item_slots(it);
	for (uint64_t i = 0; i < it->number; i++)
		if (PORT_VALID((struct port *)slots[i]))
			w->fn((struct port *)slots[i], w->arg);
}

static void for_each_receive(struct ipc_kmsg *kmsg,
			     void (*fn)(struct port *, void *), void *arg)
{
	struct receive_walk w = {fn, arg};

	assert(kmsg->internal);
	ipc_kmsg_for_each_item(kmsg, receive_item, &w);
}

struct circular_check {
	struct port *dest;
	bool found;
};

static void circular_one(struct port *port, void *arg)
{
	struct circular_check *c = arg;

	if (ipc_port_circular(port, c->dest))
		c->found = true;
}

bool ipc_kmsg_circular(struct ipc_kmsg *kmsg)
{
	struct circular_check c = {kmsg->hdr.remote, false};

	for_each_receive(kmsg, circular_one, &c);
	return c.found;
}

static void destination_one(struct port *port, void *arg)
{
	port->destination = arg;
}

void ipc_kmsg_set_destination(struct ipc_kmsg *kmsg, struct port *port)
{
	for_each_receive(kmsg, destination_one, port);
}

unsigned long ipc_kmsg_count(void)
{
	return kmsg_live;
}
