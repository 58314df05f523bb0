/*
 * vm/vm_fault.c - the page-fault path, and kernel reads and writes of a
 * map through it (see vm_fault.h).
 *
 * Lock order: kernel lock (splhigh) -> vm_object -> vm_page / kmem.
 */
#include <mach/kern_return.h>

#include <kern/arch.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <kern/task.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <vm/vm_page.h>

struct vm_fault_stats vm_fault_stats;

/*
 * Find or make the page of e's object at off for access: zero-fill in
 * e's object when the chain has none; copy a shadow's page up on write,
 * or on any access when the object is shared. Sets *own when the page is
 * e's object's. Lock held; e has an object.
 */
static struct vm_page *fault_find_page(struct vm_map_entry *e, uint64_t off,
				       bool write, bool *own)
{
	struct vm_object *obj = e->object, *holder;
	struct vm_page *page;

	vm_object_collapse(obj);
	page = vm_object_chain_lookup(obj, off, &holder);
	if (page == NULL) {
		vm_fault_stats.zero_fills++;
		page = vm_object_page_alloc(obj, off, NULL);
	} else if (holder != obj &&
		   (write || (obj->shared && !e->needs_copy))) {
		vm_fault_stats.cow_faults++;
		page = vm_object_page_alloc(obj, off, page);
	} else {
		*own = holder == obj;
		return page;
	}
	*own = true;
	return page;
}

int vm_fault_page(struct vm_map *map, uintptr_t addr, int access, bool force,
		  struct vm_page **pagep)
{
	struct vm_map_entry *e = vm_map_lookup(map, addr);
	uintptr_t va = addr & ~(uintptr_t)PAGE_MASK;
	bool write = (access & VM_FAULT_WRITE) != 0, own;

	vm_fault_stats.faults++;
	if (e == NULL)
		return KERN_INVALID_ADDRESS;
	if (!force && (access & ~e->prot) != 0)
		return KERN_PROTECTION_FAILURE;
	if ((write || e->object == NULL) &&
	    vm_map_entry_own(map, e) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;

	struct vm_page *page =
	    fault_find_page(e, e->offset + (va - e->start), write, &own);
	if (page == NULL)
		return KERN_RESOURCE_SHORTAGE;
	int prot = e->prot;
	if (!own || e->needs_copy)
		prot &= ~VM_PROT_WRITE;
	if (prot != VM_PROT_NONE) {
		if (pmap_enter(vm_map_pmap(map), va, page->phys, prot) != 0)
			return KERN_RESOURCE_SHORTAGE;
		e->mapped = true;
	}
	*pagep = page;
	return KERN_SUCCESS;
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
	if (task == NULL || task->map == NULL)
		return KERN_INVALID_ADDRESS;
	return vm_map_fault(task->map, addr, access);
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
