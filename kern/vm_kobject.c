/*
 * kern/vm_kobject.c - kernel memory objects: device pagers, proxies and the
 * mapped time page (see vm_kobject.h).
 *
 * Lock order: the kernel lock (splhigh) only; vm_object, vm_page, kmem
 * and port functions nest in it.
 */
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <ipc/kobject.h>
#include <ipc/port.h>
#include <mach/time_value.h>
#include <mach/vm_prot.h>
#include <kern/memory_object.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

#define page_aligned(a) (((a) & (uint64_t)PAGE_MASK) == 0)

static unsigned long vm_kobject_live;
static struct vm_object *time_object; /* the kernel's reference, kept */

_Static_assert(sizeof(mapped_time_value_t) <= PAGE_SIZE, "mapped time");

/* Is [offset, offset + size) inside k's window? */
static bool window_contains(const struct vm_kobject *k, uint64_t offset,
			    uint64_t size)
{
	return offset >= k->offset && offset - k->offset <= k->size &&
	       size <= k->size - (offset - k->offset);
}

/* The last send right went: the port and the object reference go. */
static void vm_kobject_no_senders(struct port *port, mach_port_mscount_t ms)
{
	struct vm_kobject *k = port->kobject;

	(void)ms; /* only vm_kobject_create makes send rights */
	ipc_kobject_port_destroy(port);
	vm_object_unref(k->object);
	kfree(k, sizeof(*k));
	vm_kobject_live--;
}

/* A permanent object of one wired zero page for the mapped time. */
static void time_object_init(void)
{
	struct vm_page *page;

	time_object = vm_object_create(PAGE_SIZE);
	if (time_object == NULL)
		panic("vm_kobject: no memory for the mapped time object");
	page = vm_object_page_alloc(time_object, 0, NULL);
	if (page == NULL)
		panic("vm_kobject: no memory for the mapped time page");
	page->wire_count = 1;	    /* never paged out */
	time_object->shared = true; /* the clock keeps writing it */
	clock_map_time(vm_page_kva(page));
}

void vm_kobject_init(void)
{
	spl_t s = splhigh();

	ipc_kobject_set_no_senders(KOBJ_DEVICE_PAGER, vm_kobject_no_senders);
	ipc_kobject_set_no_senders(KOBJ_MEMORY_PROXY, vm_kobject_no_senders);
	time_object_init();
	splx(s);
}

struct vm_object *vm_kobject_time_object(void)
{
	return time_object;
}

kern_return_t vm_kobject_create(enum kobject_type type,
				struct vm_object *object,
				uint64_t object_offset, uint64_t offset,
				uint64_t size, int max_prot,
				struct port **sendp)
{
	struct vm_kobject *k;
	spl_t s = splhigh();

	assert(type == KOBJ_DEVICE_PAGER || type == KOBJ_MEMORY_PROXY);
	assert(size > 0 && page_aligned(object_offset | offset | size));
	*sendp = NULL;
	k = kalloc(sizeof(*k));
	if (k == NULL)
		goto shortage;
	*k = (struct vm_kobject){
		.object = object,
		.object_offset = object_offset,
		.offset = offset,
		.size = size,
		.max_prot = max_prot,
	};
	k->port = ipc_kobject_port_alloc(type, k);
	if (k->port == NULL) {
		kfree(k, sizeof(*k));
		goto shortage;
	}
	*sendp = ipc_port_make_send(k->port);
	vm_kobject_live++;
	splx(s);
	return KERN_SUCCESS;
shortage:
	splx(s);
	vm_object_unref(object);
	return KERN_RESOURCE_SHORTAGE;
}

struct vm_kobject *vm_kobject_lookup(struct port *port)
{
	struct vm_kobject *k = ipc_kobject_port_object(port, KOBJ_MEMORY_PROXY);

	return k != NULL ? k : ipc_kobject_port_object(port, KOBJ_DEVICE_PAGER);
}

kern_return_t vm_kobject_map_object(struct port *port, uint64_t *offset,
				    uint64_t size, int cur_prot, int max_prot,
				    boolean_t *copy, struct vm_object **objp)
{
	kern_return_t kr = KERN_SUCCESS;
	spl_t s = splhigh();
	struct vm_kobject *k = vm_kobject_lookup(port);
	uint64_t off;

	*objp = NULL;
	if (k == NULL || !window_contains(k, *offset, size))
		kr = KERN_INVALID_ARGUMENT;
	else if (((cur_prot | max_prot) & ~k->max_prot) != 0)
		kr = KERN_PROTECTION_FAILURE;
	if (kr != KERN_SUCCESS) {
		splx(s);
		return kr;
	}
	off = k->object_offset + (*offset - k->offset);
	if (*copy && k->object->shared) {
		/* Others keep writing it: a lazy copy would see that. */
		*objp = vm_object_copy_now(k->object, off, size);
		off = 0;
		*copy = false;
	} else {
		*objp = vm_object_ref(k->object);
	}
	splx(s);
	*offset = off;
	return *objp != NULL ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* A proxy of [start, start + len) of inner: its object and offset in it,
 * or the error. Lock held. */
static kern_return_t proxy_of_kobject(const struct vm_kobject *inner,
				      int max_prot, uint64_t start,
				      uint64_t len, struct vm_object **objp,
				      uint64_t *obj_off)
{
	if (!window_contains(inner, start, len))
		return KERN_INVALID_ARGUMENT;
	if ((max_prot & ~inner->max_prot) != 0)
		return KERN_PROTECTION_FAILURE;
	*objp = vm_object_ref(inner->object);
	*obj_off = inner->object_offset + (start - inner->offset);
	return KERN_SUCCESS;
}

kern_return_t vm_kobject_proxy_create(struct port *object, int max_prot,
				      uint64_t offset, uint64_t start,
				      uint64_t len, struct port **proxyp)
{
	struct vm_object *obj = NULL;
	struct vm_kobject *inner;
	uint64_t obj_off = start;
	kern_return_t kr;

	*proxyp = NULL;
	if ((max_prot & ~VM_PROT_ALL) != 0 || len == 0 ||
	    !page_aligned(offset | start | len) || start + len < start ||
	    offset + len < offset)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	inner = vm_kobject_lookup(object);
	if (inner != NULL)
		kr = proxy_of_kobject(inner, max_prot, start, len, &obj,
				      &obj_off);
	else /* an external pager's port, or not a memory object */
		kr = memory_object_vm_object(object, start + len, &obj);
	splx(s);
	if (kr != KERN_SUCCESS)
		return kr;
	return vm_kobject_create(KOBJ_MEMORY_PROXY, obj, obj_off, offset, len,
				 max_prot, proxyp);
}

kern_return_t vm_kobject_region_proxy(struct vm_map *map, uintptr_t address,
				      uint64_t len, int max_prot,
				      struct port **proxyp)
{
	uintptr_t start = address & ~(uintptr_t)PAGE_MASK;
	uintptr_t end = (address + len + PAGE_MASK) & ~(uintptr_t)PAGE_MASK;
	struct vm_map_entry *e;
	struct vm_object *obj = NULL;
	uint64_t obj_off = 0;
	kern_return_t kr = KERN_SUCCESS;

	*proxyp = NULL;
	if (map == NULL || (max_prot & ~VM_PROT_ALL) != 0 || len == 0 ||
	    address + len < address || end < address + len)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	e = vm_map_lookup(map, start);
	if (e == NULL)
		kr = KERN_INVALID_ADDRESS;
	else if (end > e->end)
		kr = KERN_INVALID_ARGUMENT;
	else if ((max_prot & ~e->max_prot) != 0)
		kr = KERN_PROTECTION_FAILURE;
	else
		kr = vm_map_entry_share(map, e);
	if (kr == KERN_SUCCESS) {
		obj = vm_object_ref(e->object);
		obj_off = e->offset + (start - e->start);
	}
	splx(s);
	if (kr != KERN_SUCCESS)
		return kr;
	return vm_kobject_create(KOBJ_MEMORY_PROXY, obj, obj_off, 0,
				 end - start, max_prot, proxyp);
}

unsigned long vm_kobject_count(void)
{
	return vm_kobject_live;
}
