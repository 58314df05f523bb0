/*
 * vm/vm_map.h - task address maps.
 *
 * A map is a sorted list of entries, each a page-aligned range of user
 * addresses with a protection, a maximum protection and an inheritance.
 * This first version backs every entry with anonymous zero-fill memory,
 * allocated page by page on fault; VM objects with shadow chains and
 * pagers replace that backing later (issue 5) behind the same calls.
 *
 * Lock order: a map's state is protected by the kernel lock (splhigh).
 * Pages are allocated without holding it for long.
 */
#ifndef VM_VM_MAP_H
#define VM_VM_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kern/list.h>

struct pmap;

/* vm_prot_t and vm_inherit_t values (mach/vm_prot.h, mach/vm_inherit.h). */
#define VM_PROT_NONE 0x0
#define VM_PROT_READ 0x1
#define VM_PROT_WRITE 0x2
#define VM_PROT_EXECUTE 0x4
#define VM_PROT_DEFAULT (VM_PROT_READ | VM_PROT_WRITE)
#define VM_PROT_ALL (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXECUTE)

#define VM_INHERIT_SHARE 0
#define VM_INHERIT_COPY 1
#define VM_INHERIT_NONE 2
#define VM_INHERIT_DEFAULT VM_INHERIT_COPY

struct vm_map_entry {
	struct list node; /* on map->entries, sorted by start */
	uintptr_t start;  /* page aligned */
	uintptr_t end;	  /* page aligned, exclusive */
	int prot;
	int max_prot;
	int inherit;
};

struct vm_map {
	struct pmap *pmap;
	struct list entries;
	size_t size; /* bytes covered by entries */
	uintptr_t min, max;
};

/* Boot: set up the caches. */
void vm_map_init(void);

/* A new empty user map with its own pmap; NULL when memory is short. */
struct vm_map *vm_map_create(void);
/* Free every page, entry and page table of map, then map itself. */
void vm_map_destroy(struct vm_map *map);

struct pmap *vm_map_pmap(struct vm_map *map);

/*
 * Enter anonymous zero-fill memory of size bytes (page multiple, > 0). If
 * anywhere, the lowest free range at or above *addr is chosen; else *addr
 * must be page aligned and [*addr, *addr + size) free. Returns
 * KERN_SUCCESS with *addr set, KERN_NO_SPACE, KERN_INVALID_ARGUMENT or
 * KERN_RESOURCE_SHORTAGE.
 */
int vm_map_enter(struct vm_map *map, uintptr_t *addr, size_t size,
		 bool anywhere, int prot, int max_prot, int inherit);
/* Remove [start, end) (page aligned), freeing its pages. Returns
 * KERN_SUCCESS or KERN_INVALID_ARGUMENT. */
int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end);

/* The entry containing addr, or NULL. Kernel lock held. */
struct vm_map_entry *vm_map_lookup(struct vm_map *map, uintptr_t addr);

/*
 * Resolve a fault at addr for access (VM_FAULT_* of vm/vm_fault.h):
 * KERN_SUCCESS, KERN_INVALID_ADDRESS or KERN_PROTECTION_FAILURE.
 */
int vm_map_fault(struct vm_map *map, uintptr_t addr, int access);

/*
 * Kernel write into map (which need not be the current one), ignoring
 * protections: used to load programs. Returns KERN_SUCCESS or
 * KERN_INVALID_ADDRESS if part of the range is not mapped.
 */
int vm_map_write(struct vm_map *map, uintptr_t addr, const void *src,
		 size_t len);

#endif /* VM_VM_MAP_H */
