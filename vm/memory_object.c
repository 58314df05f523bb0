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
 * functions nest in it. The fault path and an injected reply delay block
 * in waitq_wait, which drops and takes it again.
 */
#include <kern/mig_kernel.h>
#include <mach/memory_object.h>

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
#include <vm/vm_map.h>
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
	MO_DATA_UNLOCK = 2204,
	MO_LOCK_COMPLETED = 2206,
	MO_SUPPLY_COMPLETED = 2207,
	MO_DATA_RETURN = 2208,
	MO_CHANGE_COMPLETED = 2209,
	MO_CREATE = 2250,
	MO_DATA_INITIALIZE = 2251,
};

/* should_return of lock_request: <mach/memory_object.h>'s NONE, DIRTY
 * and ALL, and GNU Mach's RETURN_ANYTHING (every resident page). */
#define MO_RETURN_ANYTHING 3

static struct list pagers = LIST_INITIALIZER(pagers);
static unsigned long pager_live;

unsigned long memory_object_reply_delay_ms;
static struct waitq reply_delay_wq = {LIST_INITIALIZER(reply_delay_wq.waiters)};

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
/* (memory_object_data_unlock has the same items, desired_access last.) */

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

/* data_request (id MO_DATA_REQUEST) or data_unlock (MO_DATA_UNLOCK) of
 * the page at offset, for access. */
static bool send_page_request(struct vm_pager *p, mach_msg_id_t id,
			      uint64_t offset, int access)
{
	struct ipc_kmsg *kmsg =
		pager_msg(p, id, sizeof(struct mo_data_request_msg));
	struct mo_data_request_msg *m;

	if (kmsg == NULL)
		return false;
	m = (struct mo_data_request_msg *)&kmsg->hdr;
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
	    !send_page_request(p, MO_DATA_REQUEST, offset, access)) {
		pager_kill(p);
		return KERN_MEMORY_ERROR;
	}
	return KERN_SUCCESS;
}

static int page_unlock_asked(const struct vm_page *page)
{
	return (page->flags >> VM_PAGE_UNLOCK_SHIFT) & VM_PROT_ALL;
}

/* Record the rights asked with data_unlock and not granted yet. */
static void page_set_unlock_asked(struct vm_page *page, int prot)
{
	page->flags &= ~(VM_PROT_ALL << VM_PAGE_UNLOCK_SHIFT);
	page->flags |= (uint16_t)((prot & VM_PROT_ALL) << VM_PAGE_UNLOCK_SHIFT);
}

/* Set the pager's lock on page; rights it no longer forbids are granted. */
static void page_set_lock(struct vm_page *page, int lock)
{
	page->flags &= ~(VM_PROT_ALL << VM_PAGE_LOCK_SHIFT);
	page->flags |= (uint16_t)((lock & VM_PROT_ALL) << VM_PAGE_LOCK_SHIFT);
	page_set_unlock_asked(page, page_unlock_asked(page) & lock);
}

/* The fault needs access (read implied) on the locked page: ask the
 * pager for the rights not asked yet (memory_object_data_unlock). */
static kern_return_t request_unlock(struct vm_pager *p, struct vm_page *page,
				    int access)
{
	int want = (access | VM_PROT_READ) & vm_page_lock_value(page);
	int asked = page_unlock_asked(page);

	if (p->dead)
		return KERN_MEMORY_ERROR;
	if ((want & ~asked) == 0)
		return KERN_SUCCESS; /* asked already: wait for the answer */
	if (!send_page_request(p, MO_DATA_UNLOCK, page->offset, want | asked)) {
		pager_kill(p);
		return KERN_MEMORY_ERROR;
	}
	page_set_unlock_asked(page, want | asked);
	return KERN_SUCCESS;
}

/* Wait for the pager's answer, looking now and then whether it died.
 * KERN_SUCCESS (look again) or KERN_ABORTED. */
static kern_return_t pager_wait(struct vm_pager *p)
{
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

kern_return_t memory_object_fault(struct vm_object *obj, uint64_t offset,
				  struct vm_page *page, int access)
{
	struct vm_pager *p = obj->pager;
	kern_return_t kr;

	if (page == NULL)
		return request_page(p, offset, access);
	if (page->flags & VM_PAGE_ERROR) {
		vm_object_page_free(page); /* asked again next time */
		return KERN_MEMORY_ERROR;
	}
	if (!(page->flags & VM_PAGE_BUSY)) {
		/* Locked against access. */
		if (page->flags & VM_PAGE_UNLOCK_ERROR) {
			page->flags &= ~VM_PAGE_UNLOCK_ERROR;
			return KERN_MEMORY_ERROR;
		}
		kr = request_unlock(p, page, access);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return pager_wait(p);
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

/* Fill the message of send_page: data_initialize, or data_return
 * (dirty, kernel_copy). */
static void fill_page_msg(struct ipc_kmsg *kmsg, struct vm_pager *p,
			  uint64_t offset, struct vm_map_copy *copy, bool init,
			  bool dirty, bool kernel_copy)
{
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
		m->dirty = int32_item(dirty);
		m->kernel_copy = int32_item(kernel_copy);
	}
}

/*
 * Send page (resident, not busy) to its object's pager: the frame itself
 * (the page leaves the object; it must be mapped nowhere), or with keep a
 * copy of it (the page stays, marked clean). data_initialize for a
 * default-pager page the pager never had, else data_return. KERN_SUCCESS,
 * KERN_FAILURE (pager dead) or KERN_RESOURCE_SHORTAGE (nothing changed).
 * Lock held.
 */
static kern_return_t send_page(struct vm_page *page, bool keep)
{
	struct vm_pager *p = page->object->pager;
	uint64_t offset = page->offset;
	bool init = p->is_default && !(page->flags & VM_PAGE_FROM_PAGER);
	struct vm_object *out;
	struct vm_map_copy *copy;
	struct ipc_kmsg *kmsg;

	if (p->dead || !port_alive(p->port))
		return KERN_FAILURE;
	out = vm_object_create(PAGE_SIZE);
	if (out == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (keep && vm_object_page_alloc(out, 0, page) == NULL) {
		vm_object_unref(out);
		return KERN_RESOURCE_SHORTAGE;
	}
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
	fill_page_msg(kmsg, p, offset, copy, init, vm_page_dirty(page), keep);
	if (keep) /* the pager has it now */
		page->flags |=
			VM_PAGE_FROM_PAGER |
			(page->flags & VM_PAGE_PRECIOUS ? VM_PAGE_PRECIOUS_CLEAN
							: VM_PAGE_CLEAN);
	else /* the frame itself leaves obj for the copy's object */
		vm_object_page_move(page, out, 0);
	ipc_kmsg_deliver(kmsg);
	if (!keep)
		vm_fault_stats.pageouts++;
	return KERN_SUCCESS;
}

kern_return_t memory_object_page_return(struct vm_page *page)
{
	return send_page(page, false);
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

/*
 * The page to fill at offset: the busy one, or a new one, marked as the
 * pager's (clean, or precious and clean) with lock lock; NULL when the
 * object already has a page there (kept) or memory is short.
 */
static struct vm_page *page_to_fill(struct vm_object *obj, uint64_t offset,
				    bool precious, int lock)
{
	struct vm_page *page = vm_object_page_lookup(obj, offset);

	if (page == NULL) {
		if (offset >= obj->size)
			return NULL;
		page = vm_object_page_alloc(obj, offset, NULL);
		if (page == NULL)
			return NULL;
	} else if (!(page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR))) {
		return NULL;
	}
	page->flags = VM_PAGE_FROM_PAGER |
		      (precious ? VM_PAGE_PRECIOUS | VM_PAGE_PRECIOUS_CLEAN
				: VM_PAGE_CLEAN);
	page_set_lock(page, lock);
	return page;
}

/* The injected reply delay, if any (once): the pager's thread waits.
 * Lock held; blocks. */
static void reply_delay(void)
{
	unsigned long ms = memory_object_reply_delay_ms;

	if (ms == 0)
		return;
	memory_object_reply_delay_ms = 0;
	(void)waitq_wait(&reply_delay_wq, deadline_after_ms(ms));
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
	if (obj == NULL || obj->pager == NULL || !range_ok(offset, size))
		return KERN_INVALID_ARGUMENT;
	reply_delay();
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page =
			page_to_fill(obj, offset + done, precious, lock_value);
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
	reply_delay();
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page =
			page_to_fill(obj, offset + done, false, VM_PROT_NONE);

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
	reply_delay();
	for (uint64_t done = 0; done < size; done += PAGE_SIZE) {
		struct vm_page *page =
			vm_object_page_lookup(obj, offset + done);

		if (page == NULL)
			continue;
		if (page->flags & VM_PAGE_BUSY) {
			page->flags =
				(page->flags & ~VM_PAGE_BUSY) | VM_PAGE_ERROR;
		} else if (page_unlock_asked(page) != 0) {
			/* An unlock refused: the waiting fault fails. */
			page_set_unlock_asked(page, VM_PROT_NONE);
			page->flags |= VM_PAGE_UNLOCK_ERROR;
		}
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

/* ---- lock_request ----------------------------------------------------- */

/* A decoded lock_request. */
struct lock_req {
	uint64_t start, end; /* offsets, [start, end) */
	int should_return;   /* MEMORY_OBJECT_RETURN_*, MO_RETURN_ANYTHING */
	bool flush;
	int lock; /* new lock value, or VM_PROT_NO_CHANGE */
};

/* Does req send page back to the pager? */
static bool lock_returns(const struct vm_page *page, const struct lock_req *req)
{
	bool precious = (page->flags & VM_PAGE_PRECIOUS) != 0;

	switch (req->should_return) {
	case MEMORY_OBJECT_RETURN_DIRTY:
		return vm_page_dirty(page) || (precious && req->flush);
	case MEMORY_OBJECT_RETURN_ALL:
		return vm_page_dirty(page) || precious;
	case MO_RETURN_ANYTHING:
		return true;
	default:
		return false;
	}
}

/* Does req take page out of its object? (Wired pages stay.) */
static bool lock_flushes(const struct vm_page *page, const struct lock_req *req)
{
	return req->flush && page->wire_count == 0;
}

/* The rights that mappings of page keep once req is done (VM_PROT_ALL:
 * untouched; busy and error pages have none). */
static int lock_mask(const struct vm_page *page, const struct lock_req *req)
{
	int mask = VM_PROT_ALL;

	if (page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR))
		return VM_PROT_ALL;
	if (lock_flushes(page, req))
		return VM_PROT_NONE;
	if (lock_returns(page, req))
		mask &= ~VM_PROT_WRITE; /* cleaned: the next write dirties */
	if (req->lock != VM_PROT_NO_CHANGE)
		mask &= ~req->lock;
	return mask;
}

/*
 * If pmap maps page at va, cut the mapping down to prot: removed without
 * read, else made read-only (a write faults, and the fault path decides
 * again; never raised, since a copy-on-write child maps its shadow's
 * pages read-only). Lock held.
 */
static void mapping_restrict(struct pmap *pmap, uintptr_t va,
			     const struct vm_page *page, int prot)
{
	phys_addr_t pa;

	if (!pmap_extract(pmap, va, &pa) ||
	    (pa & ~(phys_addr_t)PAGE_MASK) != page->phys)
		return;
	if (!(prot & VM_PROT_READ))
		pmap_remove(pmap, va, va + PAGE_SIZE);
	else
		pmap_protect(pmap, va, va + PAGE_SIZE, prot & ~VM_PROT_WRITE);
}

/* Does e read obj, as its object or down its shadow chain? Then *base is
 * the offset in obj that e->start reads. */
static bool entry_reaches(const struct vm_map_entry *e,
			  const struct vm_object *obj, uint64_t *base)
{
	uint64_t off = e->offset;

	for (const struct vm_object *o = e->object; o != NULL; o = o->shadow) {
		if (o == obj) {
			*base = off;
			return true;
		}
		off += o->shadow_offset;
	}
	return false;
}

/* Restrict e's mappings (in map) of obj's pages in req's range; e reads
 * obj at base. Lock held. */
static void entry_restrict(struct vm_map *map, const struct vm_map_entry *e,
			   struct vm_object *obj, uint64_t base,
			   const struct lock_req *req)
{
	uint64_t lo = base > req->start ? base : req->start;
	uint64_t hi = base + (e->end - e->start);
	struct list *node;

	if (hi > req->end)
		hi = req->end;
	list_for_each (&obj->pages, node) {
		struct vm_page *page = list_entry(node, struct vm_page, node);
		int mask;

		if (page->offset < lo || page->offset >= hi)
			continue;
		mask = lock_mask(page, req);
		if (mask != VM_PROT_ALL)
			mapping_restrict(
				vm_map_pmap(map),
				e->start + (uintptr_t)(page->offset - base),
				page, e->prot & mask);
	}
}

/*
 * Before req changes obj's pages: every pmap that maps one of them keeps
 * only the rights lock_mask leaves. The HAL has no reverse maps, so every
 * entry of every map is looked at. Cost: the entries of all maps (and
 * their chains), plus obj's resident pages per entry that reads obj.
 * Lock held.
 */
static void lock_restrict_mappings(struct vm_object *obj,
				   const struct lock_req *req)
{
	struct list *mnode;

	list_for_each (vm_map_list(), mnode) {
		struct vm_map *map = list_entry(mnode, struct vm_map, all_node);
		struct vm_map_entry *e;
		uint64_t base;

		for (e = vm_map_first_above(map, 0); e != NULL;
		     e = vm_map_next(map, e))
			if (e->mapped && entry_reaches(e, obj, &base))
				entry_restrict(map, e, obj, base, req);
	}
}

/* Apply req to one resident page, mapped nowhere it should not be any
 * more (lock_restrict_mappings). A page whose return fails stays. */
static void lock_page(struct vm_page *page, const struct lock_req *req)
{
	bool flush = lock_flushes(page, req);

	if (page->flags & (VM_PAGE_BUSY | VM_PAGE_ERROR))
		return; /* no data (yet) */
	if (lock_returns(page, req)) {
		if (send_page(page, !flush) != KERN_SUCCESS)
			flush = false;
		else if (flush)
			return; /* the frame went with the message */
	}
	if (flush) {
		vm_object_page_free(page);
		return;
	}
	if (req->lock != VM_PROT_NO_CHANGE)
		page_set_lock(page, req->lock);
}

static void send_lock_completed(struct vm_object *obj, uint64_t offset,
				uint64_t size, struct port *reply_to,
				mach_msg_type_name_t reply_type)
{
	struct ipc_kmsg *kmsg;
	struct mo_lock_completed_msg *m;

	kmsg = mo_msg(reply_to, reply_type, MO_LOCK_COMPLETED, sizeof(*m),
		      true);
	if (kmsg == NULL)
		return;
	m = (struct mo_lock_completed_msg *)&kmsg->hdr;
	m->control = port_item(MACH_MSG_TYPE_PORT_SEND,
			       port_make_send(obj->pager->control));
	m->offset = int64_item(offset);
	m->length = int64_item(size);
	ipc_kmsg_deliver(kmsg);
}

/* Decode a lock_request: false if an argument is bad. */
static bool lock_req_decode(struct lock_req *req, uint64_t offset,
			    uint64_t size, int should_return, bool should_flush,
			    int lock_value)
{
	if (!range_ok(offset, size) || should_return < 0 ||
	    should_return > MO_RETURN_ANYTHING ||
	    (lock_value & ~(VM_PROT_ALL | VM_PROT_NO_CHANGE)) != 0)
		return false;
	req->start = offset;
	req->end = offset + size;
	req->should_return = should_return;
	req->flush = should_flush;
	req->lock = (lock_value & VM_PROT_NO_CHANGE) ? VM_PROT_NO_CHANGE
						     : lock_value;
	return true;
}

/*
 * Act on a decoded lock request: mappings are cut down first (nothing may
 * reach a page that leaves or gets cleaned), then each resident page of
 * the range is returned, flushed, cleaned or locked; waiters are woken (a
 * lowered lock lets them go on). Lock held.
 */
static void lock_request_apply(struct vm_object *obj,
			       const struct lock_req *req)
{
	struct list *node, *next;

	lock_restrict_mappings(obj, req);
	for (node = list_first(&obj->pages); node != &obj->pages; node = next) {
		struct vm_page *page = list_entry(node, struct vm_page, node);

		next = node->next;
		if (page->offset >= req->start && page->offset < req->end)
			lock_page(page, req);
	}
	waitq_wakeup_all(&obj->pager->waiters, WAIT_AWAKENED);
}

/*
 * memory_object_lock_request: see memory_object.h. The injected reply
 * delay, the request applied, then lock_completed to reply_to last.
 */
kern_return_t memory_object_control_lock_request(
	struct vm_object *obj, uint64_t offset, uint64_t size,
	int should_return, bool should_flush, int lock_value,
	struct port *reply_to, mach_msg_type_name_t reply_type)
{
	struct lock_req req;

	if (obj == NULL || obj->pager == NULL ||
	    !lock_req_decode(&req, offset, size, should_return, should_flush,
			     lock_value))
		return KERN_INVALID_ARGUMENT;
	reply_delay();
	lock_request_apply(obj, &req);
	if (PORT_VALID(reply_to))
		send_lock_completed(obj, offset, size, reply_to, reply_type);
	return KERN_SUCCESS;
}

/* vm_object_sync's lock request (memory_object.h): no delay, no reply. */
kern_return_t memory_object_sync(struct vm_object *obj, uint64_t offset,
				 uint64_t size, bool should_flush,
				 bool should_return)
{
	struct lock_req req;

	if (obj == NULL ||
	    !lock_req_decode(&req, offset, size,
			     should_return ? MEMORY_OBJECT_RETURN_DIRTY
					   : MEMORY_OBJECT_RETURN_NONE,
			     should_flush, VM_PROT_NO_CHANGE))
		return KERN_INVALID_ARGUMENT;
	if (obj->pager != NULL)
		lock_request_apply(obj, &req);
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
