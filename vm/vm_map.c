/*
 * vm/vm_map.c - task address maps (anonymous memory, first version).
 *
 * Lock order: kernel lock (splhigh) only. Functions that allocate pages
 * or page tables do so with the map in a consistent state.
 */
#include <mach/kern_return.h>

#include <kern/arch.h>
#include <kern/debug.h>
#include <kern/kmem.h>
#include <kern/lock.h>
#include <kern/string.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_page.h>

static struct kmem_cache vm_map_cache;
static struct kmem_cache vm_map_entry_cache;

#define page_trunc(a) ((a) & ~(uintptr_t)PAGE_MASK)
#define page_aligned(a) (((a) & PAGE_MASK) == 0)

void vm_map_init(void)
{
	kmem_cache_init(&vm_map_cache, "vm_map", sizeof(struct vm_map), 0);
	kmem_cache_init(&vm_map_entry_cache, "vm_map_entry",
			sizeof(struct vm_map_entry), 0);
}

struct vm_map *vm_map_create(void)
{
	struct vm_map *map = kmem_cache_alloc(&vm_map_cache);

	if (map == NULL)
		return NULL;
	map->pmap = pmap_create();
	if (map->pmap == NULL) {
		kmem_cache_free(&vm_map_cache, map);
		return NULL;
	}
	list_init(&map->entries);
	map->size = 0;
	map->min = USER_ADDR_MIN;
	map->max = USER_ADDR_MAX;
	return map;
}

struct pmap *vm_map_pmap(struct vm_map *map)
{
	return map->pmap;
}

/* Unmap [start, end) and free the pages that were mapped there. */
static void vm_map_free_pages(struct vm_map *map, uintptr_t start,
			      uintptr_t end)
{
	for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
		phys_addr_t pa;

		if (!pmap_extract(map->pmap, va, &pa))
			continue;
		pmap_remove(map->pmap, va, va + PAGE_SIZE);
		struct vm_page *page = vm_page_lookup(pa);
		if (page != NULL)
			vm_page_free(page);
	}
}

static void vm_map_entry_delete(struct vm_map *map, struct vm_map_entry *e)
{
	vm_map_free_pages(map, e->start, e->end);
	map->size -= e->end - e->start;
	list_remove(&e->node);
	kmem_cache_free(&vm_map_entry_cache, e);
}

void vm_map_destroy(struct vm_map *map)
{
	struct list *node, *tmp;

	list_for_each_safe (&map->entries, node, tmp)
		vm_map_entry_delete(map,
				    list_entry(node, struct vm_map_entry, node));
	pmap_destroy(map->pmap);
	kmem_cache_free(&vm_map_cache, map);
}

struct vm_map_entry *vm_map_lookup(struct vm_map *map, uintptr_t addr)
{
	struct list *node;

	list_for_each (&map->entries, node) {
		struct vm_map_entry *e =
			list_entry(node, struct vm_map_entry, node);
		if (addr < e->start)
			return NULL;
		if (addr < e->end)
			return e;
	}
	return NULL;
}

/*
 * The entry before which a range starting at start would be inserted
 * (the map head if none), or NULL if [start, start + size) overlaps an
 * entry.
 */
static struct list *vm_map_insert_point(struct vm_map *map, uintptr_t start,
					size_t size)
{
	struct list *node;

	list_for_each (&map->entries, node) {
		struct vm_map_entry *e =
			list_entry(node, struct vm_map_entry, node);
		if (start + size <= e->start)
			return node;
		if (start < e->end)
			return NULL;
	}
	return &map->entries;
}

/* Lowest free address >= hint with room for size bytes, or 0. */
static uintptr_t vm_map_find_space(struct vm_map *map, uintptr_t hint,
				   size_t size)
{
	uintptr_t start = hint < map->min ? map->min : page_trunc(hint);
	struct list *node;

	list_for_each (&map->entries, node) {
		struct vm_map_entry *e =
			list_entry(node, struct vm_map_entry, node);
		if (e->end <= start)
			continue;
		if (start + size <= e->start)
			break;
		start = e->end;
	}
	if (start + size < start || start + size > map->max)
		return 0;
	return start;
}

static int vm_map_enter_locked(struct vm_map *map, uintptr_t *addr, size_t size,
		 bool anywhere, int prot, int max_prot, int inherit)
{
	if (size == 0 || !page_aligned(size) || (prot & ~max_prot) != 0)
		return KERN_INVALID_ARGUMENT;

	uintptr_t start = *addr;
	if (anywhere) {
		start = vm_map_find_space(map, start, size);
		if (start == 0)
			return KERN_NO_SPACE;
	} else if (!page_aligned(start) || start < map->min ||
		   start + size < start || start + size > map->max) {
		return KERN_INVALID_ADDRESS;
	}

	struct list *before = vm_map_insert_point(map, start, size);
	if (before == NULL)
		return KERN_NO_SPACE;

	struct vm_map_entry *e = kmem_cache_alloc(&vm_map_entry_cache);
	if (e == NULL)
		return KERN_RESOURCE_SHORTAGE;
	e->start = start;
	e->end = start + size;
	e->prot = prot;
	e->max_prot = max_prot;
	e->inherit = inherit;
	list_insert_before(before, &e->node);
	map->size += size;
	*addr = start;
	return KERN_SUCCESS;
}

/* Split e at addr (strictly inside it); the new entry holds [addr, end). */
static int vm_map_clip(struct vm_map_entry *e, uintptr_t addr)
{
	struct vm_map_entry *tail = kmem_cache_alloc(&vm_map_entry_cache);

	if (tail == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*tail = *e;
	tail->start = addr;
	e->end = addr;
	list_insert_between(&tail->node, &e->node, e->node.next);
	return KERN_SUCCESS;
}

static int vm_map_remove_locked(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	struct list *node, *tmp;

	if (!page_aligned(start) || !page_aligned(end) || end < start)
		return KERN_INVALID_ARGUMENT;
	list_for_each_safe (&map->entries, node, tmp) {
		struct vm_map_entry *e =
			list_entry(node, struct vm_map_entry, node);
		if (e->end <= start)
			continue;
		if (e->start >= end)
			break;
		if (e->start < start) {
			if (vm_map_clip(e, start) != KERN_SUCCESS)
				return KERN_RESOURCE_SHORTAGE;
			tmp = e->node.next;
			continue;
		}
		if (e->end > end && vm_map_clip(e, end) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
		vm_map_entry_delete(map, e);
	}
	return KERN_SUCCESS;
}

static int vm_map_fault_locked(struct vm_map *map, uintptr_t addr, int access)
{
	struct vm_map_entry *e = vm_map_lookup(map, addr);

	if (e == NULL)
		return KERN_INVALID_ADDRESS;
	if ((access & ~e->prot) != 0)
		return KERN_PROTECTION_FAILURE;

	uintptr_t va = page_trunc(addr);
	phys_addr_t pa;
	if (pmap_extract(map->pmap, va, &pa)) {
		/* Resolved already; the entry's rights may have grown. */
		if (pmap_enter(map->pmap, va, pa, e->prot) != 0)
			return KERN_RESOURCE_SHORTAGE;
		return KERN_SUCCESS;
	}

	struct vm_page *page = vm_page_alloc_zeroed(VM_PAGE_OBJECT);
	if (page == NULL)
		return KERN_RESOURCE_SHORTAGE;
	if (pmap_enter(map->pmap, va, page->phys, e->prot) != 0) {
		vm_page_free(page);
		return KERN_RESOURCE_SHORTAGE;
	}
	return KERN_SUCCESS;
}

static int vm_map_write_locked(struct vm_map *map, uintptr_t addr,
			       const void *src, size_t len)
{
	const char *from = src;

	while (len > 0) {
		uintptr_t va = page_trunc(addr);
		size_t off = addr - va;
		size_t chunk = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;
		phys_addr_t pa;

		if (!pmap_extract(map->pmap, va, &pa)) {
			int kr = vm_map_fault_locked(map, va, 0);
			if (kr != KERN_SUCCESS)
				return kr;
			pmap_extract(map->pmap, va, &pa);
		}
		memcpy((char *)phystokv(pa) + off, from, chunk);
		from += chunk;
		addr += chunk;
		len -= chunk;
	}
	return KERN_SUCCESS;
}

/* The public entry points take the kernel lock around the work above. */

int vm_map_enter(struct vm_map *map, uintptr_t *addr, size_t size,
		 bool anywhere, int prot, int max_prot, int inherit)
{
	spl_t s = splhigh();
	int kr = vm_map_enter_locked(map, addr, size, anywhere, prot, max_prot,
				     inherit);
	splx(s);
	return kr;
}

int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	spl_t s = splhigh();
	int kr = vm_map_remove_locked(map, start, end);
	splx(s);
	return kr;
}

int vm_map_fault(struct vm_map *map, uintptr_t addr, int access)
{
	spl_t s = splhigh();
	int kr = vm_map_fault_locked(map, addr, access);
	splx(s);
	return kr;
}

int vm_map_write(struct vm_map *map, uintptr_t addr, const void *src,
		 size_t len)
{
	spl_t s = splhigh();
	int kr = vm_map_write_locked(map, addr, src, len);
	splx(s);
	return kr;
}
