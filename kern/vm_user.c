/*
 * kern/vm_user.c - the vm_* RPCs on a map (see vm_user.h): argument checks
 * with GNU Mach's codes, then vm_map / vm_map_copy / vm_fault calls.
 *
 * Lock order: the kernel lock (splhigh), taken by the vm/ functions
 * called; objects and pages nest inside.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <ipc/kobject_types.h>
#include <base/lock.h>
#include <base/string.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <kern/memory_object.h>
#include <vm/vm_fault.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <kern/vm_user.h>

#define page_trunc(a)	((a) & ~(vm_offset_t)PAGE_MASK)
#define page_round(a)	(((a) + PAGE_MASK) & ~(vm_offset_t)PAGE_MASK)
#define page_aligned(a) (((a)&PAGE_MASK) == 0)

/* [address, address + size) as whole pages; false if it wraps. */
static bool page_range(vm_address_t address, vm_size_t size, vm_offset_t *start,
		       vm_offset_t *end)
{
	*start = page_trunc(address);
	*end = page_round(address + size);
	return address + size >= address && *end >= address + size;
}

/* The most bytes a task may have wired through the unprivileged host
 * port (vm_wire), as GNU Mach allows; the privileged port has no limit. */
#define VM_USER_WIRE_MAX (8UL << 20)

/* A host port, privileged or not (vm_wire, vm_set_size_limit). */
static bool host_port_valid(struct port *port)
{
	return PORT_VALID(port) && port->active &&
	       (port->kobject_type == KOBJ_HOST ||
		port->kobject_type == KOBJ_HOST_PRIV);
}

static bool host_port_privileged(struct port *port)
{
	return PORT_VALID(port) && port->active &&
	       port->kobject_type == KOBJ_HOST_PRIV;
}

static kern_return_t wire_locked(vm_map_t map, vm_offset_t start,
				 vm_offset_t end, bool wire, size_t limit);

kern_return_t vm_allocate(vm_map_t map, vm_address_t *address, vm_size_t size,
			  boolean_t anywhere)
{
	uintptr_t addr = anywhere ? 0 : page_trunc(*address);
	kern_return_t kr;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*address = 0;
		return KERN_SUCCESS;
	}
	if (page_round(size) < size)
		return KERN_INVALID_ARGUMENT; /* as GNU Mach */
	kr = vm_map_enter(map, &addr, page_round(size), anywhere,
			  VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	if (kr != KERN_SUCCESS)
		return kr;
	if (map->wire_future && wire_locked(map, addr, addr + page_round(size),
					    true, SIZE_MAX) != KERN_SUCCESS) {
		vm_map_remove(map, addr, addr + page_round(size));
		return KERN_RESOURCE_SHORTAGE;
	}
	*address = addr;
	return KERN_SUCCESS;
}

kern_return_t vm_deallocate(vm_map_t map, vm_address_t address, vm_size_t size)
{
	vm_offset_t start, end;

	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	return vm_map_remove(map, start, end);
}

/* Holes and the part outside the map (kernel space) are skipped, as GNU
 * Mach does: every entry of the range is checked against the new
 * protection first, then all are changed (nothing changes on an error). */
kern_return_t vm_protect(vm_map_t map, vm_address_t address, vm_size_t size,
			 boolean_t set_maximum, vm_prot_t new_protection)
{
	vm_offset_t start, end;

	if (map == NULL || (new_protection & ~VM_PROT_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	return vm_map_protect_mapped(map, start, end, new_protection,
				     set_maximum);
}

/* Holes are skipped, as GNU Mach does. */
kern_return_t vm_inherit(vm_map_t map, vm_address_t address, vm_size_t size,
			 vm_inherit_t new_inheritance)
{
	vm_offset_t start, end;
	kern_return_t kr = KERN_SUCCESS;

	if (map == NULL || new_inheritance < VM_INHERIT_SHARE ||
	    new_inheritance > VM_INHERIT_NONE)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	for (vm_offset_t at = start; kr == KERN_SUCCESS && at < end;) {
		struct vm_map_entry *e = vm_map_first_above(map, at);
		if (e == NULL || e->start >= end)
			break;
		vm_offset_t lo = e->start > at ? e->start : at;
		vm_offset_t hi = e->end < end ? e->end : end;
		kr = vm_map_inherit(map, lo, hi, new_inheritance);
		at = hi;
	}
	splx(s);
	return kr;
}

kern_return_t vm_read(vm_map_t map, vm_address_t address, vm_size_t size,
		      vm_offset_t *data, mach_msg_type_number_t *dataCnt)
{
	struct vm_map_copy *copy;
	kern_return_t kr;

	*data = 0;
	*dataCnt = 0;
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size > UINT32_MAX)
		return KERN_INVALID_ARGUMENT;
	if (address + size < address)
		return KERN_INVALID_ADDRESS;
	kr = vm_map_copyin(map, address, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	*data = (vm_offset_t)copy;
	*dataCnt = size;
	return KERN_SUCCESS;
}

kern_return_t vm_write(vm_map_t map, vm_address_t address, vm_offset_t data,
		       mach_msg_type_number_t dataCnt)
{
	struct vm_map_copy *copy = (struct vm_map_copy *)data;

	(void)dataCnt;
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (copy == NULL)
		return KERN_SUCCESS;
	return vm_map_copy_overwrite_keep(map, address, copy);
}

kern_return_t vm_copy(vm_map_t map, vm_address_t source_address, vm_size_t size,
		      vm_address_t dest_address)
{
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (source_address + size < source_address ||
	    dest_address + size < dest_address)
		return KERN_INVALID_ADDRESS;
	return vm_map_copy_range(map, source_address, size, dest_address);
}

/* The last send right of a name port went: nobody can compare it any
 * more, so it goes (the next vm_region makes a new one). Lock held. */
static void object_name_no_senders(struct port *port, mach_port_mscount_t ms)
{
	struct vm_object *obj =
		ipc_kobject_port_object(port, KOBJ_MEMORY_OBJECT_NAME);

	(void)ms;
	if (obj == NULL || obj->name_port != port)
		return;
	obj->name_port = NULL;
	ipc_kobject_port_destroy(port);
}

/*
 * The name port of obj, made on first use (vm_object.h). Kernel lock
 * held. NULL when memory is short.
 */
static struct port *object_name_port(struct vm_object *obj)
{
	if (obj->name_port == NULL) {
		vm_object_name_destroy = ipc_kobject_port_destroy;
		ipc_kobject_set_no_senders(KOBJ_MEMORY_OBJECT_NAME,
					   object_name_no_senders);
		obj->name_port =
			ipc_kobject_port_alloc(KOBJ_MEMORY_OBJECT_NAME, obj);
	}
	return obj->name_port;
}

struct vm_object *vm_object_name_lookup(struct port *port)
{
	struct vm_object *obj;
	spl_t s = splhigh();

	obj = ipc_kobject_port_object(port, KOBJ_MEMORY_OBJECT_NAME);
	/* A port outlives no object; refs 0: its destroy is under way. */
	if (obj != NULL && vm_object_refs(obj) != 0)
		vm_object_ref(obj);
	else
		obj = NULL;
	splx(s);
	return obj;
}

kern_return_t vm_region(vm_map_t map, vm_address_t *address, vm_size_t *size,
			vm_prot_t *protection, vm_prot_t *max_protection,
			vm_inherit_t *inheritance, boolean_t *is_shared,
			struct port **object_name, vm_offset_t *offset)
{
	struct vm_region_info info;
	struct vm_map_entry *entry;
	struct port *name = NULL;
	kern_return_t kr;
	spl_t s;

	*object_name = NULL;
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	s = splhigh();
	kr = vm_map_region(map, *address, &info);
	entry = kr == KERN_SUCCESS ? vm_map_lookup(map, info.start) : NULL;
	if (entry != NULL && entry->object != NULL) {
		name = object_name_port(entry->object);
		if (name == NULL)
			kr = KERN_RESOURCE_SHORTAGE;
	}
	if (name != NULL)
		name = ipc_port_make_send(name);
	splx(s);
	if (kr != KERN_SUCCESS)
		return kr;
	*address = info.start;
	*size = info.size;
	*protection = info.prot;
	*max_protection = info.max_prot;
	*inheritance = info.inherit;
	*is_shared = info.shared;
	*offset = info.offset;
	*object_name = name;
	return KERN_SUCCESS;
}

kern_return_t vm_object_sync(struct vm_object *obj, vm_offset_t offset,
			     vm_size_t size, boolean_t should_flush,
			     boolean_t should_return, boolean_t should_iosync)
{
	kern_return_t kr;
	spl_t s;

	(void)should_iosync; /* the data_return messages are queued already */
	if (obj == NULL || !page_aligned(offset) || offset + size < offset)
		return KERN_INVALID_ARGUMENT;
	s = splhigh();
	kr = memory_object_sync(obj, offset, size, should_flush != FALSE,
				should_return != FALSE);
	splx(s);
	return kr;
}

kern_return_t vm_statistics(vm_map_t map, vm_statistics_data_t *vm_stats)
{
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	memset(vm_stats, 0, sizeof(*vm_stats));
	spl_t s = splhigh();
	vm_stats->pagesize = PAGE_SIZE;
	vm_stats->free_count = vm_page_count_free();
	vm_stats->active_count = vm_object_resident_count();
	vm_stats->wire_count = vm_page_count_total() - vm_page_count_free() -
			       vm_object_resident_count();
	vm_stats->zero_fill_count = vm_fault_stats.zero_fills;
	vm_stats->pageins = vm_fault_stats.pageins;
	vm_stats->pageouts = vm_fault_stats.pageouts;
	vm_stats->faults = vm_fault_stats.faults;
	vm_stats->cow_faults = vm_fault_stats.cow_faults;
	splx(s);
	return KERN_SUCCESS;
}

/* The x86 pmap has no machine attributes: KERN_INVALID_ADDRESS, as
 * GNU Mach's x86 pmap answers, once the arguments are checked. */
kern_return_t vm_machine_attribute(vm_map_t map, vm_address_t address,
				   vm_size_t size,
				   vm_machine_attribute_t attribute,
				   vm_machine_attribute_val_t *value)
{
	(void)value;
	if (map == NULL || address + size < address)
		return KERN_INVALID_ARGUMENT;
	if (attribute != MATTR_CACHE && attribute != MATTR_MIGRATE &&
	    attribute != MATTR_REPLICATE)
		return KERN_INVALID_ARGUMENT;
	return KERN_INVALID_ADDRESS;
}

kern_return_t vm_map(vm_map_t map, vm_address_t *address, vm_size_t size,
		     vm_address_t mask, boolean_t anywhere,
		     struct port *memory_object, vm_offset_t offset,
		     boolean_t copy, vm_prot_t cur_protection,
		     vm_prot_t max_protection, vm_inherit_t inheritance)
{
	uintptr_t addr = page_trunc(*address);
	struct vm_object *obj = NULL;
	kern_return_t kr;

	if (map == NULL || size == 0 || page_round(size) < size)
		return KERN_INVALID_ARGUMENT;
	if ((cur_protection & ~VM_PROT_ALL) ||
	    (max_protection & ~VM_PROT_ALL) || inheritance < VM_INHERIT_SHARE ||
	    inheritance > VM_INHERIT_NONE)
		return KERN_INVALID_ARGUMENT;
	if (((mask + 1) & mask) != 0)
		return KERN_INVALID_ARGUMENT;
	size = page_round(size);
	/* A dead name maps anonymous memory, as MACH_PORT_NULL does (GNU
	 * Mach): the offset is then ignored. */
	if (PORT_VALID(memory_object)) {
		if (!page_aligned(offset) || offset + size < offset)
			return KERN_INVALID_ARGUMENT;
		if (vm_kobject_lookup(memory_object) !=
		    NULL) { /* vm_kobject.h */
			uint64_t off =
				offset; /* vm_offset_t: 4 bytes on i386 */
			kr = vm_kobject_map_object(memory_object, &off, size,
						   cur_protection,
						   max_protection, &copy, &obj);
			offset = (vm_offset_t)off;
		} else
			kr = memory_object_vm_object(memory_object,
						     offset + size, &obj);
		if (kr != KERN_SUCCESS)
			return kr;
	} else {
		offset = 0;
		copy = false;
	}
	kr = vm_map_enter_object(map, &addr, size, mask, anywhere, obj, offset,
				 copy, cur_protection & max_protection,
				 max_protection, inheritance);
	if (kr != KERN_SUCCESS) {
		if (obj != NULL)
			vm_object_unref(obj);
		return kr;
	}
	*address = addr;
	return KERN_SUCCESS;
}

/* Wire or unwire every entry of [start, end) (no holes). Lock held. */
static kern_return_t wire_range(vm_map_t map, vm_offset_t start,
				vm_offset_t end, bool wire)
{
	kern_return_t kr;

	if (!vm_map_range_check(map, start, end, VM_PROT_NONE, &kr))
		return kr;
	if (vm_map_clip_range(map, start, end) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	for (struct vm_map_entry *e = vm_map_lookup(map, start);
	     e != NULL && e->start < end; e = vm_map_next(map, e)) {
		if (!wire) {
			vm_map_entry_unwire(map, e);
			continue;
		}
		kr = vm_map_entry_wire(map, e);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

kern_return_t vm_wire(struct port *host, vm_map_t map, vm_address_t address,
		      vm_size_t size, vm_prot_t access)
{
	vm_offset_t start, end;

	if (!host_port_valid(host))
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	if (access & ~VM_PROT_ALL)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!page_range(address, size, &start, &end))
		return KERN_INVALID_ARGUMENT;
	return wire_locked(map, start, end, access != VM_PROT_NONE,
			   host_port_privileged(host) ? SIZE_MAX
						      : VM_USER_WIRE_MAX);
}

/* The bytes of map wired once [start, end) is: those wired now and the
 * unwired ones of the range. Lock held. */
static size_t wired_after(vm_map_t map, vm_offset_t start, vm_offset_t end)
{
	size_t total = 0;

	for (struct vm_map_entry *e = vm_map_first_above(map, 0); e != NULL;
	     e = vm_map_next(map, e)) {
		vm_offset_t lo = e->start > start ? e->start : start;
		vm_offset_t hi = e->end < end ? e->end : end;

		if (e->wired)
			total += e->end - e->start;
		else if (lo < hi)
			total += hi - lo;
	}
	return total;
}

/* Wire (at most limit bytes in map once done: else KERN_NO_ACCESS) or
 * unwire [start, end). Lock taken inside. */
static kern_return_t wire_locked(vm_map_t map, vm_offset_t start,
				 vm_offset_t end, bool wire, size_t limit)
{
	spl_t s = splhigh();
	kern_return_t kr = wire && wired_after(map, start, end) > limit
				   ? KERN_NO_ACCESS
				   : wire_range(map, start, end, wire);
	splx(s);
	return kr;
}

kern_return_t vm_cache_statistics(vm_map_t map,
				  vm_cache_statistics_data_t *vm_cache_stats)
{
	if (map == NULL)
		return KERN_INVALID_ARGUMENT;
	memset(vm_cache_stats, 0, sizeof(*vm_cache_stats));
	spl_t s = splhigh();
	vm_cache_stats->cache_object_count = vm_object_count();
	vm_cache_stats->cache_count = vm_object_resident_count();
	splx(s);
	return KERN_SUCCESS;
}

kern_return_t vm_wire_all(struct port *host, vm_map_t map, vm_wire_t flags)
{
	kern_return_t kr = KERN_SUCCESS;

	if (!host_port_valid(host))
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	if (flags & ~VM_WIRE_ALL)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	map->wire_future = (flags & VM_WIRE_FUTURE) != 0;
	for (struct vm_map_entry *e = vm_map_first_above(map, 0);
	     kr == KERN_SUCCESS && e != NULL; e = vm_map_next(map, e)) {
		if (flags & VM_WIRE_CURRENT)
			kr = vm_map_entry_wire(map, e);
		else
			vm_map_entry_unwire(map, e);
	}
	splx(s);
	return kr;
}

/* An object holding the npages frames from first, each pinned for good. */
static struct vm_object *contiguous_object(struct vm_page *first,
					   unsigned long npages)
{
	struct vm_object *obj = vm_object_create(npages * PAGE_SIZE);

	if (obj == NULL)
		return NULL;
	spl_t s = splhigh();
	for (unsigned long i = 0; i < npages; i++) {
		memset(vm_page_kva(&first[i]), 0, PAGE_SIZE);
		first[i].wire_count = 1;
		vm_object_page_insert(obj, i * PAGE_SIZE, &first[i]);
	}
	splx(s);
	return obj;
}

kern_return_t vm_allocate_contiguous(struct host *host_priv, vm_map_t map,
				     vm_address_t *vaddr,
				     rpc_phys_addr_t *paddr, vm_size_t size,
				     rpc_phys_addr_t pmin, rpc_phys_addr_t pmax,
				     rpc_phys_addr_t palign)
{
	unsigned long npages;
	struct vm_page *first;
	struct vm_object *obj;
	uintptr_t addr = 0;
	kern_return_t kr;

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	if (palign == 0)
		palign = PAGE_SIZE;
	if (pmax == 0)
		pmax = ~(rpc_phys_addr_t)0;
	if (size == 0 || page_round(size) < size || (palign & (palign - 1)) ||
	    pmin >= pmax)
		return KERN_INVALID_ARGUMENT;
	npages = page_round(size) / PAGE_SIZE;
	first = vm_page_alloc_contig_in(npages, VM_PAGE_OBJECT, pmin, pmax,
					palign);
	if (first == NULL)
		return KERN_RESOURCE_SHORTAGE;
	obj = contiguous_object(first, npages);
	if (obj == NULL) {
		vm_page_free_contig(first, npages);
		return KERN_RESOURCE_SHORTAGE;
	}
	kr = vm_map_enter_object(map, &addr, npages * PAGE_SIZE, 0, true, obj,
				 0, false, VM_PROT_DEFAULT, VM_PROT_ALL,
				 VM_INHERIT_DEFAULT);
	if (kr != KERN_SUCCESS) {
		vm_object_unref(obj);
		return kr;
	}
	*vaddr = addr;
	*paddr = first->phys;
	return KERN_SUCCESS;
}

/* The frame of the page that reads at va (resident), or 0. Lock held. */
static rpc_phys_addr_t resident_phys(vm_map_t map, vm_offset_t va)
{
	struct vm_map_entry *e = vm_map_lookup(map, va);
	struct vm_object *holder;
	struct vm_page *page;

	if (e == NULL || e->object == NULL)
		return 0;
	page = vm_object_chain_lookup(e->object, e->offset + (va - e->start),
				      &holder);
	return page != NULL ? page->phys : 0;
}

kern_return_t vm_pages_phys(struct host *host_priv, vm_map_t map,
			    vm_address_t vaddr, vm_size_t size,
			    rpc_phys_addr_t **pages,
			    mach_msg_type_number_t *pagesCnt)
{
	rpc_phys_addr_t *out = *pages;
	unsigned long n;

	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (map == NULL)
		return KERN_INVALID_TASK;
	if (!page_aligned(vaddr) || !page_aligned(size) || vaddr + size < vaddr)
		return KERN_INVALID_ARGUMENT;
	n = size / PAGE_SIZE;
	if (n > UINT32_MAX / sizeof(rpc_phys_addr_t))
		return KERN_INVALID_ARGUMENT;
	if (n > *pagesCnt) {
		out = ipc_ool_alloc(n * sizeof(rpc_phys_addr_t));
		if (out == NULL)
			return KERN_RESOURCE_SHORTAGE;
	}
	spl_t s = splhigh();
	for (unsigned long i = 0; i < n; i++)
		out[i] = resident_phys(map, vaddr + i * PAGE_SIZE);
	splx(s);
	if (n > *pagesCnt)
		*pages = (rpc_phys_addr_t *)ipc_ool_buffer_copy(out);
	*pagesCnt = n;
	return KERN_SUCCESS;
}

kern_return_t vm_set_size_limit(struct port *host_port, vm_map_t map,
				vm_size_t current_limit, vm_size_t max_limit)
{
	if (map == NULL)
		return KERN_INVALID_TASK;
	if (!host_port_valid(host_port))
		return KERN_INVALID_HOST;
	if (current_limit > max_limit)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	if (max_limit > map->size_max_limit &&
	    !host_port_privileged(host_port)) {
		splx(s);
		return KERN_NO_ACCESS;
	}
	map->size_cur_limit = current_limit;
	map->size_max_limit = max_limit;
	splx(s);
	return KERN_SUCCESS;
}

kern_return_t vm_get_size_limit(vm_map_t map, vm_size_t *current_limit,
				vm_size_t *max_limit)
{
	if (map == NULL)
		return KERN_INVALID_TASK;
	*current_limit = map->size_cur_limit;
	*max_limit = map->size_max_limit;
	return KERN_SUCCESS;
}
