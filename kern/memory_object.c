/*
 * kern/memory_object.c - external pagers (see memory_object.h): the
 * messages the kernel sends to a pager, the fault-side waits, and the
 * control-port routines.
 *
 * Messages are sent through the MIG client stubs of memory_object.defs
 * and memory_object_default.defs (KernelUser, generated into modules/gen/;
 * runtime in ipc/mig_kernel.h), which build them in the kernel's internal
 * format and deliver them without waiting: every routine the kernel sends
 * is a simpleroutine.
 *
 * Lock order: the kernel lock (splhigh) only; vm_object and vm_page
 * functions nest in it. The fault path and an injected reply delay block
 * in waitq_wait, which drops and takes it again.
 */
#include <ipc/mig_kernel.h>
#include <mach/memory_object.h>
#include <kern/gen/memory_objectUser.h>
#include <kern/gen/memory_object_defaultUser.h>

#include <base/arch.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/port.h>
#include <kern/memory_object.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

/* How often a faulting thread looks whether the pager's port died. */
#define PAGER_POLL_MS 20

/* should_return of lock_request: <mach/memory_object.h>'s NONE, DIRTY
 * and ALL, and GNU Mach's RETURN_ANYTHING (every resident page). */
#define MO_RETURN_ANYTHING 3

static struct list pagers = LIST_INITIALIZER(pagers);
static unsigned long pager_live;

unsigned long memory_object_reply_delay_ms;
static struct waitq reply_delay_wq = {LIST_INITIALIZER(reply_delay_wq.waiters)};

static bool port_alive(const struct port *port)
{
	return PORT_VALID(port) && port->active;
}

/* ---- Sending ------------------------------------------------------------ */

static bool send_init(struct vm_pager *p)
{
	if (!port_alive(p->port) ||
	    memory_object_init(p->port, p->control, NULL, PAGE_SIZE) !=
		    KERN_SUCCESS)
		return false;
	p->initialized = true;
	return true;
}

/* data_request, or data_unlock, of the page at offset, for access. */
static bool send_page_request(struct vm_pager *p, bool unlock, uint64_t offset,
			      int access)
{
	if (!port_alive(p->port))
		return false;
	if (unlock)
		return memory_object_data_unlock(p->port, p->control, offset,
						 PAGE_SIZE,
						 access) == KERN_SUCCESS;
	return memory_object_data_request(p->port, p->control, offset,
					  PAGE_SIZE, access) == KERN_SUCCESS;
}

/* memory_object_terminate: the pager's send right moves with it. The
 * control and name rights are not handed over (MACH_PORT_NULL): the
 * kernel destroys the control port itself. */
static void send_terminate(struct vm_pager *p)
{
	struct port *port = p->port;

	if (!port_alive(port))
		return;
	p->port = NULL;
	(void)memory_object_terminate(port, NULL, NULL);
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
		ipc_port_release_send(p->port);
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
	p->port = ipc_port_copy_send(port);
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
	    !send_page_request(p, false, offset, access)) {
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
	if (!send_page_request(p, true, page->offset, want | asked)) {
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
 * (kern/vm_pageout.c decides what goes; these send it.) */

/*
 * memory_object_create to the default manager dm (a send right of the
 * caller's, copied): the receive right of port (p's new port) moves to
 * it, with a send right to the control port. KERN_SUCCESS, or an error
 * after which the receive right is gone all the same (unless dm was dead:
 * KERN_FAILURE). Lock held.
 */
static kern_return_t send_create(struct vm_pager *p, struct port *dm,
				 struct port *port, uint64_t size)
{
	if (!port_alive(dm))
		return KERN_FAILURE;
	return memory_object_create(ipc_port_copy_send(dm), port, size,
				    p->control, NULL, PAGE_SIZE);
}

kern_return_t memory_object_default_create(struct vm_object *obj,
					   struct port *dm)
{
	struct vm_pager *p;
	struct port *port;
	kern_return_t kr;

	if (obj->pager != NULL || obj->shadow != NULL)
		return KERN_INVALID_ARGUMENT;
	p = kalloc(sizeof(*p));
	port = ipc_port_alloc();
	if (p == NULL || port == NULL)
		goto fail;
	memset(p, 0, sizeof(*p));
	p->control = ipc_kobject_port_alloc(KOBJ_MEMORY_OBJECT_CONTROL, obj);
	if (p->control == NULL)
		goto fail;
	/* The kernel keeps a send right; the receive right moves to dm. */
	p->port = ipc_port_make_send(port);
	p->ops = &external_pager_ops;
	p->object = obj;
	p->initialized = true; /* memory_object_create stands for init */
	p->ready = true;
	p->is_default = true;
	waitq_init(&p->waiters);
	kr = send_create(p, dm, port, obj->size);
	if (kr != KERN_SUCCESS) {
		ipc_port_release_send(p->port);
		ipc_kobject_port_destroy(p->control);
		if (kr != KERN_FAILURE)
			port = NULL; /* the receive right went with the message
				      */
		goto fail;
	}
	list_insert_tail(&pagers, &p->node);
	pager_live++;
	obj->pager = p;
	return KERN_SUCCESS;
fail:
	if (port != NULL)
		ipc_port_destroy_receive(port);
	if (p != NULL)
		kfree(p, sizeof(*p));
	return KERN_RESOURCE_SHORTAGE;
}

/* Send copy (a page's copy, consumed) to p: data_initialize, or
 * data_return (dirty, kernel_copy). */
static kern_return_t send_page_msg(struct vm_pager *p, uint64_t offset,
				   struct vm_map_copy *copy, bool init,
				   bool dirty, bool kernel_copy)
{
	vm_offset_t data = (vm_offset_t)(uintptr_t)copy;

	if (init)
		return memory_object_data_initialize(p->port, p->control,
						     offset, data, PAGE_SIZE);
	return memory_object_data_return(p->port, p->control, offset, data,
					 PAGE_SIZE, dirty, kernel_copy);
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
	struct vm_object *obj = page->object;
	struct vm_pager *p = obj->pager;
	uint64_t offset = page->offset;
	bool init = p->is_default && !(page->flags & VM_PAGE_FROM_PAGER);
	bool dirty = vm_page_dirty(page);
	struct vm_object *out;
	struct vm_map_copy *copy;

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
	if (copy == NULL) {
		vm_object_unref(out);
		return KERN_RESOURCE_SHORTAGE;
	}
	/* out stays referenced here until the message has the page. */
	if (!keep) /* the frame itself leaves obj for the copy's object */
		vm_object_page_move(page, out, 0);
	if (send_page_msg(p, offset, copy, init, dirty, keep) != KERN_SUCCESS) {
		if (!keep) /* the copy is gone: the frame comes back */
			vm_object_page_move(page, obj, offset);
		vm_object_unref(out);
		return KERN_RESOURCE_SHORTAGE;
	}
	vm_object_unref(out);
	if (keep) /* the pager has it now */
		page->flags |=
			VM_PAGE_FROM_PAGER |
			(page->flags & VM_PAGE_PRECIOUS ? VM_PAGE_PRECIOUS_CLEAN
							: VM_PAGE_CLEAN);
	else
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
	(void)memory_object_supply_completed(reply_to, reply_type,
					     obj->pager->control, offset, size,
					     KERN_SUCCESS, 0);
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
	kern_return_t kr =
		memory_object_control_ready(obj, may_cache, copy_strategy);

	if (kr != KERN_SUCCESS || !PORT_VALID(reply_to))
		return kr;
	(void)memory_object_change_completed(reply_to, reply_type, may_cache,
					     copy_strategy);
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
	(void)memory_object_lock_completed(reply_to, reply_type,
					   obj->pager->control, offset, size);
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
