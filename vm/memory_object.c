/*
 * vm/memory_object.c - external pagers (see memory_object.h): the
 * messages the kernel sends to a pager, the fault-side waits, and the
 * control-port routines.
 *
 * Messages are built in the kernel's internal format (ipc/kmsg.h) with
 * the wire layout of memory_object.defs on x86_64 (8-byte type
 * descriptors, 8-byte port slots) and delivered without waiting: every
 * routine the kernel sends is a simpleroutine.
 *
 * Lock order: the kernel lock (splhigh) only; vm_object and vm_page
 * functions nest in it.
 */
#include <kern/mig_kernel.h>

#include <kern/arch.h>
#include <kern/kmem.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/port.h>
#include <vm/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

/* How often a faulting thread looks whether the pager's port died. */
#define PAGER_POLL_MS 20

/* Message ids (ABI sheet §6). */
enum {
	MO_INIT = 2200,
	MO_TERMINATE = 2201,
	MO_DATA_REQUEST = 2203,
	MO_LOCK_COMPLETED = 2206,
	MO_SUPPLY_COMPLETED = 2207,
	MO_DATA_RETURN = 2208,
	MO_CHANGE_COMPLETED = 2209,
	MO_CREATE = 2250,
	MO_DATA_INITIALIZE = 2251,
};

static struct list pagers = LIST_INITIALIZER(pagers);
static unsigned long pager_live;

/* ---- Message layouts ---------------------------------------------------- */

struct mo_port_item {
	mach_msg_type_t type;
	struct port *port;
};

struct mo_int64_item {
	mach_msg_type_t type;
	uint64_t value;
};

struct mo_int32_item {
	mach_msg_type_t type;
	int32_t value;
	char pad[4];
};

struct mo_init_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control, name;
	struct mo_int64_item page_size;
};
_Static_assert(sizeof(struct mo_init_msg) == 80, "memory_object_init");

struct mo_terminate_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control, name;
};
_Static_assert(sizeof(struct mo_terminate_msg) == 64,
	       "memory_object_terminate");

struct mo_data_request_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control;
	struct mo_int64_item offset, length;
	struct mo_int32_item access;
};
_Static_assert(sizeof(struct mo_data_request_msg) == 96,
	       "memory_object_data_request");

struct mo_lock_completed_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control;
	struct mo_int64_item offset, length;
};
_Static_assert(sizeof(struct mo_lock_completed_msg) == 80,
	       "memory_object_lock_completed");

struct mo_supply_completed_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control;
	struct mo_int64_item offset, length;
	struct mo_int32_item result;
	struct mo_int64_item error_offset;
};
_Static_assert(sizeof(struct mo_supply_completed_msg) == 112,
	       "memory_object_supply_completed");

struct mo_change_completed_msg {
	struct ipc_kmsg_header hdr;
	struct mo_int32_item may_cache, copy_strategy;
};
_Static_assert(sizeof(struct mo_change_completed_msg) == 64,
	       "memory_object_change_completed");

struct mo_ool_item {
	mach_msg_type_t type;
	struct vm_map_copy *copy; /* internal format: the copy */
};

/* memory_object_default.defs: the new object's receive right moves. */
struct mo_create_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item object;
	struct mo_int64_item size;
	struct mo_port_item control, name;
	struct mo_int64_item page_size;
};
_Static_assert(sizeof(struct mo_create_msg) == 112, "memory_object_create");

struct mo_data_initialize_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control;
	struct mo_int64_item offset;
	struct mo_ool_item data;
};
_Static_assert(sizeof(struct mo_data_initialize_msg) == 80,
	       "memory_object_data_initialize");

struct mo_data_return_msg {
	struct ipc_kmsg_header hdr;
	struct mo_port_item control;
	struct mo_int64_item offset;
	struct mo_ool_item data;
	struct mo_int32_item dirty, kernel_copy;
};
_Static_assert(sizeof(struct mo_data_return_msg) == 112,
	       "memory_object_data_return");

static struct mo_port_item port_item(mach_msg_type_name_t carried,
				     struct port *port)
{
	return (struct mo_port_item){
		.type = {.msgt_name = carried,
			 .msgt_size = 64,
			 .msgt_number = 1,
			 .msgt_inline = 1},
		.port = port,
	};
}

static struct mo_int64_item int64_item(uint64_t value)
{
	return (struct mo_int64_item){
		.type = {.msgt_name = MACH_MSG_TYPE_INTEGER_64,
			 .msgt_size = 64,
			 .msgt_number = 1,
			 .msgt_inline = 1},
		.value = value,
	};
}

static struct mo_int32_item int32_item(int32_t value)
{
	return (struct mo_int32_item){
		.type = {.msgt_name = MACH_MSG_TYPE_INTEGER_32,
			 .msgt_size = 32,
			 .msgt_number = 1,
			 .msgt_inline = 1},
		.value = value,
	};
}

static struct mo_ool_item ool_item(struct vm_map_copy *copy, uint64_t size)
{
	return (struct mo_ool_item){
		.type = {.msgt_name = MACH_MSG_TYPE_BYTE,
			 .msgt_size = 8,
			 .msgt_number = (unsigned int)size,
			 .msgt_inline = 0,
			 .msgt_longform = 1},
		.copy = copy,
	};
}

/*
 * A message of size bytes to dest (a right of carried type dest_type,
 * consumed also on failure) with id; the caller fills the body. NULL
 * when memory is short. Lock held.
 */
static struct ipc_kmsg *mo_msg(struct port *dest,
			       mach_msg_type_name_t dest_type, mach_msg_id_t id,
			       size_t size, bool complex)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);

	if (kmsg == NULL) {
		port_release_right(dest, dest_type);
		return NULL;
	}
	kmsg->internal = true;
	kmsg->hdr.bits = (complex ? MACH_MSGH_BITS_COMPLEX : 0) |
			 MACH_MSGH_BITS(dest_type, 0);
	kmsg->hdr.size = size;
	kmsg->hdr.remote = dest;
	kmsg->hdr.local = NULL;
	kmsg->hdr.id = id;
	memset(ipc_kmsg_body(kmsg), 0, size - sizeof(kmsg->hdr));
	return kmsg;
}

static bool port_alive(const struct port *port)
{
	return PORT_VALID(port) && port->active;
}

/* A message to the pager's port (a new send right), or NULL. */
static struct ipc_kmsg *pager_msg(struct vm_pager *p, mach_msg_id_t id,
				  size_t size)
{
	if (!port_alive(p->port))
		return NULL;
	return mo_msg(port_copy_send(p->port), MACH_MSG_TYPE_PORT_SEND, id,
		      size, true);
}

/* ---- Sending ------------------------------------------------------------ */

static bool send_init(struct vm_pager *p)
{
	struct ipc_kmsg *kmsg =
		pager_msg(p, MO_INIT, sizeof(struct mo_init_msg));
	struct mo_init_msg *m = (struct mo_init_msg *)&kmsg->hdr;

	if (kmsg == NULL)
		return false;
	m->control =
		port_item(MACH_MSG_TYPE_PORT_SEND, port_make_send(p->control));
	m->name = port_item(MACH_MSG_TYPE_PORT_SEND, NULL);
	m->page_size = int64_item(PAGE_SIZE);
	ipc_kmsg_deliver(kmsg);
	p->initialized = true;
	return true;
}

static bool send_data_request(struct vm_pager *p, uint64_t offset, int access)
{
	struct ipc_kmsg *kmsg = pager_msg(p, MO_DATA_REQUEST,
					  sizeof(struct mo_data_request_msg));
	struct mo_data_request_msg *m =
		(struct mo_data_request_msg *)&kmsg->hdr;

	if (kmsg == NULL)
		return false;
	m->control =
		port_item(MACH_MSG_TYPE_PORT_SEND, port_make_send(p->control));
	m->offset = int64_item(offset);
	m->length = int64_item(PAGE_SIZE);
	m->access = int32_item(access);
	ipc_kmsg_deliver(kmsg);
	return true;
}

/* memory_object_terminate: the pager's send right moves with it. The
 * control and name rights are not handed over (MACH_PORT_NULL): the
 * kernel destroys the control port itself. */
static void send_terminate(struct vm_pager *p)
{
	struct ipc_kmsg *kmsg;
	struct mo_terminate_msg *m;

	if (!port_alive(p->port))
		return;
	kmsg = mo_msg(p->port, MACH_MSG_TYPE_PORT_SEND, MO_TERMINATE,
		      sizeof(*m), true);
	p->port = NULL;
	if (kmsg == NULL)
		return;
	m = (struct mo_terminate_msg *)&kmsg->hdr;
	m->control = port_item(MACH_MSG_TYPE_PORT_RECEIVE, NULL);
	m->name = port_item(MACH_MSG_TYPE_PORT_RECEIVE, NULL);
	ipc_kmsg_deliver(kmsg);
}

/* ---- Pager life --------------------------------------------------------- */

/* Every busy page of p's object gets an error mark; waiters are woken.
 * Lock held. */
static void fail_busy_pages(struct vm_pager *p)
{
	struct list *node;

	list_for_each (&p->object->pages, node) {
		struct vm_page *page = list_entry(node, struct vm_page, node);
		if (page->flags & VM_PAGE_BUSY)
			page->flags =
				(page->flags & ~VM_PAGE_BUSY) | VM_PAGE_ERROR;
	}
	waitq_wakeup_all(&p->waiters, WAIT_AWAKENED);
}

/* The pager is gone for good: fail what waits, and what will. */
static void pager_kill(struct vm_pager *p)
{
	p->dead = true;
	fail_busy_pages(p);
}

static void pager_terminate(struct vm_object *obj)
{
	struct vm_pager *p = obj->pager;

	if (p->initialized)
		send_terminate(p);
	if (p->port != NULL)
		port_release_send(p->port);
	if (p->control != NULL)
		ipc_kobject_port_destroy(p->control);
	list_remove(&p->node);
	pager_live--;
	obj->pager = NULL;
	kfree(p, sizeof(*p));
}

static const struct vm_pager_ops external_pager_ops;

/* An existing object for the pager port, or NULL. Lock held. */
static struct vm_pager *pager_find(const struct port *port)
{
	struct list *node;

	list_for_each (&pagers, node) {
		struct vm_pager *p = list_entry(node, struct vm_pager, node);
		if (p->port == port && !p->dead)
			return p;
	}
	return NULL;
}

/* A new object with a pager for port. Lock held. */
static struct vm_object *pager_create(struct port *port, uint64_t size)
{
	struct vm_object *obj = vm_object_create(size);
	struct vm_pager *p = kalloc(sizeof(*p));

	if (obj == NULL || p == NULL)
		goto fail;
	memset(p, 0, sizeof(*p));
	p->control = ipc_kobject_port_alloc(KOBJ_MEMORY_OBJECT_CONTROL, obj);
	if (p->control == NULL)
		goto fail;
	p->ops = &external_pager_ops;
	p->object = obj;
	p->port = port_copy_send(port);
	waitq_init(&p->waiters);
	list_insert_tail(&pagers, &p->node);
	pager_live++;
	obj->pager = p;
	return obj;
fail:
	if (p != NULL)
		kfree(p, sizeof(*p));
	if (obj != NULL)
		vm_object_unref(obj);
	return NULL;
}

kern_return_t memory_object_vm_object(struct port *port, uint64_t size,
				      struct vm_object **objp)
{
	struct vm_pager *p;
	struct vm_object *obj;
	spl_t s = splhigh();

	*objp = NULL;
	if (!port_alive(port) ||
	    (port->kobject_type != KOBJ_NONE && port->receiver == NULL)) {
		splx(s);
		return KERN_INVALID_ARGUMENT;
	}
	size = (size + PAGE_MASK) & ~(uint64_t)PAGE_MASK;
	p = pager_find(port);
	if (p != NULL) {
		obj = vm_object_ref(p->object);
		if (obj->size < size)
			obj->size = size;
	} else {
		obj = pager_create(port, size);
	}
	splx(s);
	*objp = obj;
	return obj != NULL ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* ---- Faults -------------------------------------------------------------- */

/* Ask the pager for the page at offset: a busy page stands in for it. */
static kern_return_t request_page(struct vm_pager *p, uint64_t offset,
				  int access)
{
	struct vm_page *page;

	if (p->dead)
		return KERN_MEMORY_ERROR;
	page = vm_object_page_alloc(p->object, offset, NULL);
	if (page == NULL)
		return KERN_RESOURCE_SHORTAGE;
	page->flags |= VM_PAGE_BUSY;
	if ((!p->initialized && !send_init(p)) ||
	    !send_data_request(p, offset, access)) {
		pager_kill(p);
		return KERN_MEMORY_ERROR;
	}
	return KERN_SUCCESS;
}

kern_return_t memory_object_fault(struct vm_object *obj, uint64_t offset,
				  struct vm_page *page, int access)
{
	struct vm_pager *p = obj->pager;

	if (page == NULL)
		return request_page(p, offset, access);
	if (page->flags & VM_PAGE_ERROR) {
		vm_object_page_free(page); /* asked again next time */
		return KERN_MEMORY_ERROR;
	}
	/* Busy: wait, looking now and then whether the pager died. */
	switch (waitq_wait(&p->waiters, deadline_after_ms(PAGER_POLL_MS))) {
	case WAIT_INTERRUPTED:
		return KERN_ABORTED;
	case WAIT_TIMED_OUT:
		if (!port_alive(p->port))
			pager_kill(p);
		return KERN_SUCCESS;
	default:
		return KERN_SUCCESS;
	}
}

static const struct vm_pager_ops external_pager_ops = {
	.terminate = pager_terminate,
	.fault = memory_object_fault,
};

/* ---- Pageout --------------------------------------------------------------
 * (vm/vm_pageout.c decides what goes; these send it.) */

/* memory_object_create to the default manager dm (a send right of the
 * caller's, copied): the receive right of p's new port moves to it, with
 * a send right to the control port. Lock held. */
static bool send_create(struct vm_pager *p, struct port *dm, uint64_t size)
{
	struct ipc_kmsg *kmsg;
	struct mo_create_msg *m;

	if (!port_alive(dm))
		return false;
	kmsg = mo_msg(port_copy_send(dm), MACH_MSG_TYPE_PORT_SEND, MO_CREATE,
		      sizeof(*m), true);
	if (kmsg == NULL)
		return false;
	m = (struct mo_create_msg *)&kmsg->hdr;
	m->object = port_item(MACH_MSG_TYPE_PORT_RECEIVE, p->port);
	m->size = int64_item(size);
	m->control =
		port_item(MACH_MSG_TYPE_PORT_SEND, port_make_send(p->control));
	m->name = port_item(MACH_MSG_TYPE_PORT_SEND, NULL);
	m->page_size = int64_item(PAGE_SIZE);
	ipc_kmsg_deliver(kmsg);
	return true;
}

kern_return_t memory_object_default_create(struct vm_object *obj,
					   struct port *dm)
{
	struct vm_pager *p;
	struct port *port;

	if (obj->pager != NULL || obj->shadow != NULL)
		return KERN_INVALID_ARGUMENT;
	p = kalloc(sizeof(*p));
	port = port_alloc();
	if (p == NULL || port == NULL)
		goto fail;
	memset(p, 0, sizeof(*p));
	p->control = ipc_kobject_port_alloc(KOBJ_MEMORY_OBJECT_CONTROL, obj);
	if (p->control == NULL)
		goto fail;
	/* The kernel keeps a send right; the receive right moves to dm. */
	p->port = port_make_send(port);
	p->ops = &external_pager_ops;
	p->object = obj;
	p->initialized = true; /* memory_object_create stands for init */
	p->ready = true;
	p->is_default = true;
	waitq_init(&p->waiters);
	if (!send_create(p, dm, obj->size)) {
		port_release_send(p->port);
		ipc_kobject_port_destroy(p->control);
		goto fail;
	}
	list_insert_tail(&pagers, &p->node);
	pager_live++;
	obj->pager = p;
	return KERN_SUCCESS;
fail:
	if (port != NULL)
		port_destroy_receive(port);
	if (p != NULL)
		kfree(p, sizeof(*p));
	return KERN_RESOURCE_SHORTAGE;
}

kern_return_t memory_object_page_return(struct vm_page *page)
{
	struct vm_object *obj = page->object, *out;
	struct vm_pager *p = obj->pager;
	uint64_t offset = page->offset;
	bool init = p->is_default && !(page->flags & VM_PAGE_FROM_PAGER);
	struct vm_map_copy *copy;
	struct ipc_kmsg *kmsg;

	if (p->dead || !port_alive(p->port))
		return KERN_FAILURE;
	out = vm_object_create(PAGE_SIZE);
	if (out == NULL)
		return KERN_RESOURCE_SHORTAGE;
	copy = vm_map_copy_from_object(out, 0, PAGE_SIZE);
	vm_object_unref(out); /* the copy holds it */
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	kmsg = pager_msg(p, init ? MO_DATA_INITIALIZE : MO_DATA_RETURN,
			 init ? sizeof(struct mo_data_initialize_msg)
			      : sizeof(struct mo_data_return_msg));
	if (kmsg == NULL) {
		vm_map_copy_discard(copy);
		return KERN_RESOURCE_SHORTAGE;
	}
	/* The frame itself leaves obj for the copy's object: no copying. */
	vm_object_page_move(page, out, 0);
	if (init) {
		struct mo_data_initialize_msg *m = (void *)&kmsg->hdr;
		m->control = port_item(MACH_MSG_TYPE_PORT_SEND,
				       port_make_send(p->control));
		m->offset = int64_item(offset);
		m->data = ool_item(copy, PAGE_SIZE);
	} else {
		struct mo_data_return_msg *m = (void *)&kmsg->hdr;
		m->control = port_item(MACH_MSG_TYPE_PORT_SEND,
				       port_make_send(p->control));
		m->offset = int64_item(offset);
		m->data = ool_item(copy, PAGE_SIZE);
		m->dirty = int32_item(1);
		m->kernel_copy = int32_item(0);
	}
	ipc_kmsg_deliver(kmsg);
	vm_fault_stats.pageouts++;
	return KERN_SUCCESS;
}

/* ---- Control port ---------------------------------------------------------
 */

struct vm_object *memory_object_control_lookup(struct port *control)
{
	struct vm_object *obj =
		ipc_kobject_port_object(control, KOBJ_MEMORY_OBJECT_CONTROL);

	if (obj == NULL || vm_object_refs(obj) == 0)
		return NULL;
	return vm_object_ref(obj);
}

/* The page to fill at offset: the busy one, or a new one; NULL when the
 * object already has a page there (kept) or memory is short. */
static struct vm_page *page_to_fill(struct vm_object *obj, uint64_t offset)
{
	struct vm_page *page = vm_object_page_lookup(obj, offset);

	if (page == NULL) {
		if (offset >= obj->size)
			return NULL;
		page = vm_object_page_alloc(obj, offset, NULL);
		if (page != NULL)
			page->flags |= VM_PAGE_CLEAN | VM_PAGE_FROM_PAGER;
		return page;
	}
	if (!(page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR)))
		return NULL;
	page->flags &= ~(VM_PAGE_BUSY | VM_PAGE_ERROR);
	page->flags |= VM_PAGE_CLEAN | VM_PAGE_FROM_PAGER;
	return page;
}

static bool range_ok(uint64_t offset, uint64_t size)
{
	return (offset & PAGE_MASK) == 0 && offset + size >= offset;
}

static void send_supply_completed(struct vm_object *obj, uint64_t offset,
				  uint64_t size, struct port *reply_to,
				  mach_msg_type_name_t reply_type)
{
	struct ipc_kmsg *kmsg =
		mo_msg(reply_to, reply_type, MO_SUPPLY_COMPLETED,
		       sizeof(struct mo_supply_completed_msg), true);
	struct mo_supply_completed_msg *m;

	if (kmsg == NULL)
		return;
	m = (struct mo_supply_completed_msg *)&kmsg->hdr;
	m->control = port_item(MACH_MSG_TYPE_PORT_SEND,
			       port_make_send(obj->pager->control));
	m->offset = int64_item(offset);
	m->length = int64_item(size);
	m->result = int32_item(KERN_SUCCESS);
	m->error_offset = int64_item(0);
	ipc_kmsg_deliver(kmsg);
}

kern_return_t memory_object_control_data_supply(
	struct vm_object *obj, uint64_t offset, struct vm_map_copy *data,
	uint64_t size, int lock_value, bool precious, struct port *reply_to,
	mach_msg_type_name_t reply_type)
{
	(void)lock_value;
	(void)precious;
	if (obj == NULL || obj->pager == NULL || !range_ok(offset, size))
		return KERN_INVALID_ARGUMENT;
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page = page_to_fill(obj, offset + done);
		uint64_t n = size - done < PAGE_SIZE ? size - done : PAGE_SIZE;
		char *kva;

		if (page == NULL)
			continue;
		kva = vm_page_kva(page);
		memset(kva, 0, PAGE_SIZE);
		if (data != NULL && vm_map_copy_read(data, done, kva, n) != 0)
			memset(kva, 0, PAGE_SIZE);
		vm_fault_stats.pageins++;
	}
	waitq_wakeup_all(&obj->pager->waiters, WAIT_AWAKENED);
	if (PORT_VALID(reply_to))
		send_supply_completed(obj, offset, size, reply_to, reply_type);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_data_unavailable(struct vm_object *obj,
						     uint64_t offset,
						     uint64_t size)
{
	if (obj == NULL || obj->pager == NULL || !range_ok(offset, size))
		return KERN_INVALID_ARGUMENT;
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page = page_to_fill(obj, offset + done);

		if (page != NULL)
			memset(vm_page_kva(page), 0, PAGE_SIZE);
	}
	waitq_wakeup_all(&obj->pager->waiters, WAIT_AWAKENED);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_data_error(struct vm_object *obj,
					       uint64_t offset, uint64_t size,
					       kern_return_t error)
{
	(void)error;
	if (obj == NULL || obj->pager == NULL || !range_ok(offset, size))
		return KERN_INVALID_ARGUMENT;
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page =
			vm_object_page_lookup(obj, offset + done);

		if (page != NULL && (page->flags & VM_PAGE_BUSY))
			page->flags =
				(page->flags & ~VM_PAGE_BUSY) | VM_PAGE_ERROR;
	}
	waitq_wakeup_all(&obj->pager->waiters, WAIT_AWAKENED);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_ready(struct vm_object *obj, bool may_cache,
					  int copy_strategy)
{
	if (obj == NULL || obj->pager == NULL)
		return KERN_INVALID_ARGUMENT;
	obj->pager->ready = true;
	obj->pager->may_cache = may_cache;
	obj->pager->copy_strategy = copy_strategy;
	waitq_wakeup_all(&obj->pager->waiters, WAIT_AWAKENED);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_change_attributes(
	struct vm_object *obj, bool may_cache, int copy_strategy,
	struct port *reply_to, mach_msg_type_name_t reply_type)
{
	struct ipc_kmsg *kmsg;
	struct mo_change_completed_msg *m;
	kern_return_t kr =
		memory_object_control_ready(obj, may_cache, copy_strategy);

	if (kr != KERN_SUCCESS || !PORT_VALID(reply_to))
		return kr;
	kmsg = mo_msg(reply_to, reply_type, MO_CHANGE_COMPLETED, sizeof(*m),
		      false);
	if (kmsg == NULL)
		return KERN_SUCCESS;
	m = (struct mo_change_completed_msg *)&kmsg->hdr;
	m->may_cache = int32_item(may_cache);
	m->copy_strategy = int32_item(copy_strategy);
	ipc_kmsg_deliver(kmsg);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_get_attributes(struct vm_object *obj,
						   bool *ready, bool *may_cache,
						   int *copy_strategy)
{
	if (obj == NULL || obj->pager == NULL)
		return KERN_INVALID_ARGUMENT;
	*ready = obj->pager->ready;
	*may_cache = obj->pager->may_cache;
	*copy_strategy = obj->pager->copy_strategy;
	return KERN_SUCCESS;
}

/*
 * Not done: flushing and cleaning (the HAL has no reverse maps to take
 * a page out of every pmap) and lock values. The request is checked and
 * completed, so pagers that wait for lock_completed go on.
 */
kern_return_t memory_object_control_lock_request(
	struct vm_object *obj, uint64_t offset, uint64_t size,
	int should_return, bool should_flush, int lock_value,
	struct port *reply_to, mach_msg_type_name_t reply_type)
{
	struct ipc_kmsg *kmsg;
	struct mo_lock_completed_msg *m;

	(void)should_return;
	(void)should_flush;
	(void)lock_value;
	if (obj == NULL || obj->pager == NULL || !range_ok(offset, size))
		return KERN_INVALID_ARGUMENT;
	if (!PORT_VALID(reply_to))
		return KERN_SUCCESS;
	kmsg = mo_msg(reply_to, reply_type, MO_LOCK_COMPLETED, sizeof(*m),
		      true);
	if (kmsg == NULL)
		return KERN_SUCCESS;
	m = (struct mo_lock_completed_msg *)&kmsg->hdr;
	m->control = port_item(MACH_MSG_TYPE_PORT_SEND,
			       port_make_send(obj->pager->control));
	m->offset = int64_item(offset);
	m->length = int64_item(size);
	ipc_kmsg_deliver(kmsg);
	return KERN_SUCCESS;
}

kern_return_t memory_object_control_destroy(struct vm_object *obj,
					    kern_return_t reason)
{
	struct vm_pager *p;

	(void)reason;
	if (obj == NULL || obj->pager == NULL)
		return KERN_INVALID_ARGUMENT;
	p = obj->pager;
	pager_kill(p);
	if (p->initialized)
		send_terminate(p);
	p->initialized = false;
	return KERN_SUCCESS;
}

unsigned long memory_object_count(void)
{
	return pager_live;
}
