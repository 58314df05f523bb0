/*
 * vm/vm_fault.c - the page-fault path, and kernel reads and writes of a
 * map through it (see vm_fault.h).
 *
 * Lock order: kernel lock (splhigh) -> vm_object -> vm_page / kmem.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/task.h>
#include <vm/vm_pager.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

struct vm_fault_stats vm_fault_stats;
bool (*vm_fault_pressure_hook)(struct vm_map *map, bool short_now);

/* vm_fault_page: the page was asked of a pager, or waited for; look
 * again from the map entry on. */
#define FAULT_AGAIN (-1)

/*
 * Find or make the page of e's object at off for access: zero-fill in
 * e's object when the chain has none; copy a shadow's page up on write,
 * or on any access when the object is shared; ask the pager of an object
 * of the chain that lacks it, or whose lock forbids the access
 * (FAULT_AGAIN once the wait is over). A page read from a shadow (or
 * copied from it) needs read access there only. Sets *own when the page
 * is e's object's. Lock held; e has an object.
 */
static int fault_find_page(struct vm_map_entry *e, uint64_t off, int access,
			   bool *own, struct vm_page **pagep)
{
	struct vm_object *obj = e->object, *holder;
	bool write = (access & VM_FAULT_WRITE) != 0;
	uint64_t hoff;
	struct vm_page *page;

	vm_object_collapse(obj);
	page = vm_object_chain_find(obj, off, &holder, &hoff);
	if (holder != NULL && holder->pager != NULL) {
		int need = holder == obj ? access : VM_FAULT_READ;

		if (vm_page_needs_pager(page, need)) {
			int kr = holder->pager->ops->fault(holder, hoff, page,
							   need);
			return kr == KERN_SUCCESS ? FAULT_AGAIN : kr;
		}
	}
	*own = true;
	if (page == NULL) {
		vm_fault_stats.zero_fills++;
		page = vm_object_page_alloc(obj, off, NULL);
	} else if (holder != obj &&
		   (write || (obj->shared && !e->needs_copy))) {
		vm_fault_stats.cow_faults++;
		page = vm_object_page_alloc(obj, off, page);
	} else {
		*own = holder == obj;
	}
	*pagep = page;
	return page != NULL ? KERN_SUCCESS : KERN_RESOURCE_SHORTAGE;
}

/* One try of vm_fault_page; FAULT_AGAIN after waiting for a pager. */
static int fault_page_once(struct vm_map *map, uintptr_t addr, int access,
			   bool force, struct vm_page **pagep)
{
	struct vm_map_entry *e = vm_map_lookup(map, addr);
	uintptr_t va = addr & ~(uintptr_t)PAGE_MASK;
	bool write = (access & VM_FAULT_WRITE) != 0, own;
	struct vm_page *page;
	int kr;

	if (e == NULL)
		return KERN_INVALID_ADDRESS;
	if (!force && (access & ~e->prot) != 0)
		return KERN_PROTECTION_FAILURE;
	if ((write || e->object == NULL) &&
	    vm_map_entry_own(map, e) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;

	kr = fault_find_page(e, e->offset + (va - e->start), access, &own,
			     &page);
	if (kr != KERN_SUCCESS)
		return kr;
	int prot = e->prot & ~vm_page_lock_value(page); /* pager's lock */
	if (!own || e->needs_copy)
		prot &= ~VM_PROT_WRITE;
	if (!write && (page->flags & (VM_PAGE_CLEAN | VM_PAGE_PRECIOUS_CLEAN)))
		prot &= ~VM_PROT_WRITE;	     /* the first write faults: dirty */
	if (write || (prot & VM_PROT_WRITE)) /* may be written from now on */
		page->flags &= ~(VM_PAGE_CLEAN | VM_PAGE_PRECIOUS_CLEAN);
	if (prot != VM_PROT_NONE) {
		if (pmap_enter(vm_map_pmap(map), va, page->phys, prot) != 0)
			return KERN_RESOURCE_SHORTAGE;
		e->mapped = true;
	}
	*pagep = page;
	return KERN_SUCCESS;
}

int vm_fault_page(struct vm_map *map, uintptr_t addr, int access, bool force,
		  struct vm_page **pagep)
{
	int kr;

	vm_fault_stats.faults++;
	do
		kr = fault_page_once(map, addr, access, force, pagep);
	while (kr == FAULT_AGAIN);
	return kr;
}

int vm_map_fault(struct vm_map *map, uintptr_t addr, int access)
{
	struct vm_page *page;
	spl_t s = splhigh();
	int kr = vm_fault_page(map, addr, access, false, &page);
	splx(s);
	return kr;
}

int vm_fault(struct task *task, uintptr_t addr, int access)
{
	int kr;

	if (task == NULL || task->map == NULL)
		return KERN_INVALID_ADDRESS;
	if (vm_fault_pressure_hook != NULL) {
		spl_t s = splhigh();
		vm_fault_pressure_hook(task->map, false);
		splx(s);
	}
	kr = vm_map_fault(task->map, addr, access);
	for (int i = 0; kr == KERN_RESOURCE_SHORTAGE && i < 8 &&
			vm_fault_pressure_hook != NULL;
	     i++) {
		spl_t s = splhigh();
		bool waited = vm_fault_pressure_hook(task->map, true);
		splx(s);
		if (!waited)
			break;
		kr = vm_map_fault(task->map, addr, access);
	}
	/* Interrupted while a pager was busy: the access is retried. */
	return kr == KERN_ABORTED ? KERN_SUCCESS : kr;
}

/* Copy len bytes between map at addr and the kernel buffer buf. */
static int kernel_access(struct vm_map *map, uintptr_t addr, char *buf,
			 size_t len, bool write)
{
	while (len > 0) {
		size_t off = addr & PAGE_MASK;
		size_t chunk = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		struct vm_page *page;
		int kr = vm_fault_page(map, addr,
				       write ? VM_FAULT_WRITE : VM_FAULT_READ,
				       true, &page);

		if (kr != KERN_SUCCESS)
			return kr;
		char *kva = (char *)vm_page_kva(page) + off;
		if (write)
			memcpy(kva, buf, chunk);
		else
			memcpy(buf, kva, chunk);
		buf += chunk;
		addr += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

int vm_map_write(struct vm_map *map, uintptr_t addr, const void *src,
		 size_t len)
{
	spl_t s = splhigh();
	int kr = kernel_access(map, addr, (char *)src, len, true);
	splx(s);
	return kr;
}

int vm_map_read(struct vm_map *map, uintptr_t addr, void *dst, size_t len)
{
	spl_t s = splhigh();
	int kr = kernel_access(map, addr, dst, len, false);
	splx(s);
	return kr;
}
