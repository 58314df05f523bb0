/*
 * vm/vm_map_copy.c - copies of address ranges: copyin, copyout,
 * overwrite, discard, and vm_copy built on them (see vm_map_copy.h).
 *
 * Lock order: kernel lock (splhigh) -> vm_object -> vm_page / kmem.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

static struct kmem_cache vm_map_copy_cache;
static unsigned long vm_map_copy_live;

#define page_round(a)	(((a) + PAGE_MASK) & ~(uintptr_t)PAGE_MASK)
#define page_trunc(a)	((a) & ~(uintptr_t)PAGE_MASK)
#define page_aligned(a) (((a)&PAGE_MASK) == 0)

void vm_map_copy_init(void)
{
	kmem_cache_init(&vm_map_copy_cache, "vm_map_copy",
			sizeof(struct vm_map_copy), 0);
}

unsigned long vm_map_copy_count(void)
{
	return vm_map_copy_live;
}

static struct vm_map_entry *entry_of(struct list *node)
{
	return list_entry(node, struct vm_map_entry, node);
}

/* The entry after e in map, or NULL. */
static struct vm_map_entry *map_next(struct vm_map *map, struct vm_map_entry *e)
{
	return e->node.next == &map->entries ? NULL : entry_of(e->node.next);
}

static struct vm_map_entry *copy_lookup(struct vm_map_copy *copy,
					uintptr_t rel);

static struct vm_map_copy *copy_alloc(size_t size, size_t offset,
				      size_t data_size)
{
	struct vm_map_copy *copy = kmem_cache_alloc(&vm_map_copy_cache);

	if (copy == NULL)
		return NULL;
	copy->type = VM_MAP_COPY_ENTRY_LIST;
	copy->size = size;
	copy->offset = offset;
	copy->data_size = data_size;
	list_init(&copy->entries);
	copy->src_map = NULL;
	copy->src_addr = 0;
	vm_map_copy_live++;
	return copy;
}

struct vm_map_copy *vm_map_copy_kernel_alloc(size_t size)
{
	size_t bytes = VM_MAP_COPY_KDATA_OFFSET + size;
	struct vm_map_copy *copy;

	if (size == 0 || bytes < size)
		return NULL;
	copy = kalloc(bytes);
	if (copy == NULL)
		return NULL;
	copy->type = VM_MAP_COPY_KERNEL_BUFFER;
	copy->size = page_round(size);
	copy->offset = 0;
	copy->data_size = size;
	list_init(&copy->entries);
	copy->src_map = NULL;
	copy->src_addr = 0;
	copy->alloc_size = bytes;
	spl_t s = splhigh();
	vm_map_copy_live++;
	splx(s);
	return copy;
}

/* Free a KERNEL_BUFFER copy. */
static void kernel_copy_free(struct vm_map_copy *copy)
{
	spl_t s = splhigh();
	vm_map_copy_live--;
	splx(s);
	kfree(copy, copy->alloc_size);
}

struct vm_map_copy *vm_map_copy_from_object(struct vm_object *obj,
					    uint64_t offset, size_t size)
{
	struct vm_map_copy *copy = copy_alloc(size, 0, size);
	struct vm_map_entry *e;

	if (copy == NULL)
		return NULL;
	e = vm_map_entry_alloc();
	if (e == NULL) {
		vm_map_copy_discard(copy);
		return NULL;
	}
	e->start = 0;
	e->end = size;
	e->prot = VM_PROT_DEFAULT;
	e->max_prot = VM_PROT_ALL;
	e->inherit = VM_INHERIT_DEFAULT;
	e->object = vm_object_ref(obj);
	e->offset = offset;
	e->needs_copy = true;
	spl_t s = splhigh();
	list_insert_tail(&copy->entries, &e->node);
	splx(s);
	return copy;
}

struct vm_page *vm_map_copy_page(struct vm_map_copy *copy, uint64_t rel)
{
	struct vm_map_entry *e = copy_lookup(copy, rel);
	struct vm_object *holder;

	if (e == NULL || e->object == NULL)
		return NULL;
	return vm_object_chain_lookup(e->object, e->offset + (rel - e->start),
				      &holder);
}

int vm_map_copy_read(struct vm_map_copy *copy, size_t off, void *buf,
		     size_t len)
{
	char *dst = buf;

	if (off > copy->data_size || len > copy->data_size - off)
		return KERN_INVALID_ARGUMENT;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER) {
		memcpy(dst, (char *)vm_map_copy_kernel_data(copy) + off, len);
		return KERN_SUCCESS;
	}
	spl_t s = splhigh();
	off += copy->offset;
	while (len > 0) {
		size_t in = off & PAGE_MASK;
		size_t chunk = PAGE_SIZE - in < len ? PAGE_SIZE - in : len;
		struct vm_page *page = vm_map_copy_page(copy, off - in);

		if (page != NULL)
			memcpy(dst, (char *)vm_page_kva(page) + in, chunk);
		else
			memset(dst, 0, chunk);
		dst += chunk;
		off += chunk;
		len -= chunk;
	}
	splx(s);
	return KERN_SUCCESS;
}

void vm_map_copy_discard(struct vm_map_copy *copy)
{
	if (copy == NULL)
		return;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER) {
		kernel_copy_free(copy);
		return;
	}
	spl_t s = splhigh();
	while (!list_empty(&copy->entries)) {
		struct vm_map_entry *e =
			entry_of(list_pop_head(&copy->entries));
		vm_map_entry_free(e);
	}
	vm_map_copy_live--;
	splx(s);
	kmem_cache_free(&vm_map_copy_cache, copy);
}

/* Add to copy a copy-on-write copy of map entry e, base the range start.
 * Lock held. */
static int copyin_entry(struct vm_map *map, struct vm_map_entry *e,
			uintptr_t base, struct vm_map_copy *copy)
{
	struct vm_map_entry *c = vm_map_entry_alloc();

	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	c->start = e->start - base;
	c->end = e->end - base;
	c->prot = e->prot;
	c->max_prot = e->max_prot;
	c->inherit = e->inherit;
	int kr = vm_map_entry_copy(map, e, c);
	if (kr != KERN_SUCCESS) {
		vm_map_entry_free(c);
		return kr;
	}
	list_insert_tail(&copy->entries, &c->node);
	return KERN_SUCCESS;
}

/* Add a copy-on-write copy of each entry of [start, end) (checked and
 * clipped) to copy. Lock held. */
static int copyin_locked(struct vm_map *map, uintptr_t start, uintptr_t end,
			 struct vm_map_copy *copy)
{
	for (struct vm_map_entry *e = vm_map_lookup(map, start);
	     e != NULL && e->start < end; e = map_next(map, e)) {
		int kr = copyin_entry(map, e, start, copy);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/*
 * May e leave its map whole, into a copy (deallocating copyin)? Not when
 * its object is written through other maps too (the copy must be a
 * snapshot: vm_map_entry_copy copies it), nor when it is wired. Lock
 * held.
 */
static bool entry_movable(struct vm_map_entry *e)
{
	struct vm_object *obj = e->object;

	if (e->wired)
		return false;
	if (obj != NULL && obj->shared && vm_object_refs(obj) == 1)
		obj->shared = false; /* the other users are gone */
	return obj == NULL || !obj->shared || e->needs_copy;
}

/*
 * Deallocating copyin by moving: the entries of [start, end) (checked and
 * clipped) go from map to copy as they are, their objects with them (no
 * new reference, no shadow, no write-protection); the range leaves the
 * pmap in one pass. Each object is marked needs_copy: whoever else
 * references it (an earlier copy) keeps its snapshot. false, and nothing
 * changed, if an entry may not move. Lock held.
 */
static bool copyin_move(struct vm_map *map, uintptr_t start, uintptr_t end,
			struct vm_map_copy *copy)
{
	struct vm_map_entry *e;
	bool mapped = false;

	for (e = vm_map_lookup(map, start); e != NULL && e->start < end;
	     e = map_next(map, e))
		if (!entry_movable(e))
			return false;
	e = vm_map_lookup(map, start);
	while (e != NULL && e->start < end) {
		struct vm_map_entry *next = map_next(map, e);

		mapped = mapped || e->mapped;
		vm_map_entry_unlink(map, e);
		e->start -= start;
		e->end -= start;
		e->mapped = false;
		e->needs_copy = e->object != NULL;
		list_insert_tail(&copy->entries, &e->node);
		e = next;
	}
	if (mapped)
		pmap_remove(vm_map_pmap(map), start, end);
	copy->src_map = map;
	copy->src_addr = start;
	return true;
}

int vm_map_copyin(struct vm_map *map, uintptr_t addr, size_t size,
		  bool deallocate, struct vm_map_copy **copyp)
{
	uintptr_t start = page_trunc(addr), end = page_round(addr + size);
	struct vm_map_copy *copy;
	int kr;

	*copyp = NULL;
	if (size == 0)
		return KERN_SUCCESS;
	if (addr + size < addr || end < start)
		return KERN_INVALID_ADDRESS;
	copy = copy_alloc(end - start, addr - start, size);
	if (copy == NULL)
		return KERN_RESOURCE_SHORTAGE;
	spl_t s = splhigh();
	if (!vm_map_range_check(map, start, end, VM_PROT_READ, &kr))
		;
	else if (vm_map_clip_range(map, start, end) != KERN_SUCCESS)
		kr = KERN_RESOURCE_SHORTAGE;
	else if (deallocate && copyin_move(map, start, end, copy))
		kr = KERN_SUCCESS;
	else {
		kr = copyin_locked(map, start, end, copy);
		if (kr == KERN_SUCCESS && deallocate)
			vm_map_remove_locked(map, start, end); /* clipped */
	}
	splx(s);
	if (kr != KERN_SUCCESS) {
		vm_map_copy_discard(copy);
		return kr;
	}
	*copyp = copy;
	return KERN_SUCCESS;
}

/* The entries of [start, end) of map, from first: without a hole, each
 * readable and movable; *last gets the last one. KERN_SUCCESS,
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE or KERN_NO_SPACE (an
 * entry that cannot move). Lock held. */
static int move_check(struct vm_map *map, struct vm_map_entry *first,
		      uintptr_t start, uintptr_t end,
		      struct vm_map_entry **last)
{
	uintptr_t at = start;

	for (struct vm_map_entry *e = first; at < end; e = map_next(map, e)) {
		if (e == NULL || e->start > at)
			return KERN_INVALID_ADDRESS;
		if (!(e->prot & VM_PROT_READ))
			return KERN_PROTECTION_FAILURE;
		if (!entry_movable(e))
			return KERN_NO_SPACE;
		at = e->end;
		*last = e;
	}
	return KERN_SUCCESS;
}

int vm_map_move_prepare(struct vm_map *src, uintptr_t addr, size_t size,
			struct vm_map *dst, struct vm_map_move *mv)
{
	uintptr_t start = page_trunc(addr), end = page_round(addr + size);
	struct vm_map_entry *first, *last = NULL;
	int kr;

	if (size == 0)
		return KERN_INVALID_ARGUMENT;
	if (addr + size < addr || end < start || start < src->min ||
	    end > src->max)
		return KERN_INVALID_ADDRESS;
	first = vm_map_lookup(src, start);
	kr = move_check(src, first, start, end, &last);
	if (kr != KERN_SUCCESS)
		return kr;
	if (src == dst) /* it stays where it is (vm_map_move_commit) */
		mv->to = start;
	else if (vm_map_size_fits(dst, end - start))
		mv->to = vm_map_find_space(dst, 0, end - start, PAGE_MASK);
	else
		mv->to = 0;
	if (mv->to == 0)
		return KERN_NO_SPACE;
	if (first->start < start || last->end > end) {
		if (vm_map_clip_range(src, start, end) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
		first = vm_map_lookup(src, start);
	}
	mv->src = src;
	mv->dst = dst;
	mv->first = first;
	mv->start = start;
	mv->end = end;
	mv->offset = addr - start;
	return KERN_SUCCESS;
}

/*
 * The move within one map: the range stays where it is, as the receiver's
 * (the same task), its entries given what a moved entry gets. Its pages
 * stay mapped: the rights they carry stay within the new protection (an
 * entry that could execute is unmapped), and an object that could not be
 * written through the entry becomes copy-on-write before it can. Lock
 * held.
 */
static void move_in_place(const struct vm_map_move *mv)
{
	for (struct vm_map_entry *e = mv->first;
	     e != NULL && e->start < mv->end; e = map_next(mv->src, e)) {
		if (e->mapped && (e->prot & ~VM_PROT_DEFAULT) != 0) {
			pmap_remove(vm_map_pmap(mv->src), e->start, e->end);
			e->mapped = false;
		}
		if (e->object != NULL && !(e->max_prot & VM_PROT_WRITE))
			e->needs_copy = true;
		e->prot = VM_PROT_DEFAULT;
		e->max_prot = VM_PROT_ALL;
		e->inherit = VM_INHERIT_DEFAULT;
	}
}

uintptr_t vm_map_move_commit(const struct vm_map_move *mv)
{
	struct vm_map_entry *e = mv->first;
	uintptr_t delta = mv->to - mv->start;
	bool mapped = false;

	if (mv->src == mv->dst) {
		move_in_place(mv);
		return mv->to + mv->offset;
	}

	while (e != NULL && e->start < mv->end) {
		struct vm_map_entry *next = map_next(mv->src, e);

		mapped = mapped || e->mapped;
		vm_map_entry_unlink(mv->src, e);
		e->start += delta;
		e->end += delta;
		e->prot = VM_PROT_DEFAULT;
		e->max_prot = VM_PROT_ALL;
		e->inherit = VM_INHERIT_DEFAULT;
		e->mapped = false;
		e->needs_copy = e->object != NULL;
		vm_map_entry_link(mv->dst, e);
		e = next;
	}
	if (mapped)
		pmap_remove(vm_map_pmap(mv->src), mv->start, mv->end);
	return mv->to + mv->offset;
}

bool vm_map_copy_moved(const struct vm_map_copy *copy)
{
	return copy != NULL && copy->src_map != NULL;
}

/* Is [start, start + size) inside map and free? Lock held. */
static bool range_free(struct vm_map *map, uintptr_t start, size_t size)
{
	struct vm_map_entry *e = vm_map_first_above(map, start);

	return start >= map->min && start + size > start &&
	       start + size <= map->max &&
	       (e == NULL || e->start >= start + size);
}

void vm_map_copy_unmove(struct vm_map *map, struct vm_map_copy *copy)
{
	if (copy == NULL)
		return;
	spl_t s = splhigh();
	if (copy->type != VM_MAP_COPY_ENTRY_LIST || copy->src_map != map ||
	    !range_free(map, copy->src_addr, copy->size)) {
		splx(s);
		vm_map_copy_discard(copy);
		return;
	}
	while (!list_empty(&copy->entries)) {
		struct vm_map_entry *e =
			entry_of(list_pop_head(&copy->entries));
		e->start += copy->src_addr;
		e->end += copy->src_addr;
		vm_map_entry_link(map, e);
	}
	vm_map_copy_live--;
	splx(s);
	kmem_cache_free(&vm_map_copy_cache, copy);
}

/* Copyout of a KERNEL_BUFFER copy: fresh memory, the bytes written in. */
static int copyout_kernel(struct vm_map *map, uintptr_t *addr,
			  struct vm_map_copy *copy)
{
	uintptr_t start = 0;
	int kr = vm_map_enter(map, &start, copy->size, true, VM_PROT_DEFAULT,
			      VM_PROT_ALL, VM_INHERIT_DEFAULT);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_write(map, start, vm_map_copy_kernel_data(copy),
			  copy->data_size);
	if (kr != KERN_SUCCESS) {
		vm_map_remove(map, start, start + copy->size);
		return KERN_RESOURCE_SHORTAGE;
	}
	*addr = start;
	kernel_copy_free(copy);
	return KERN_SUCCESS;
}

int vm_map_copyout(struct vm_map *map, uintptr_t *addr,
		   struct vm_map_copy *copy)
{
	*addr = 0;
	if (copy == NULL)
		return KERN_SUCCESS;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER)
		return copyout_kernel(map, addr, copy);
	spl_t s = splhigh();
	uintptr_t start =
		!vm_map_size_fits(map, copy->size)
			? 0
			: vm_map_find_space(map, 0, copy->size, PAGE_MASK);
	if (start == 0) {
		splx(s);
		return KERN_NO_SPACE;
	}
	while (!list_empty(&copy->entries)) {
		struct vm_map_entry *e =
			entry_of(list_pop_head(&copy->entries));
		e->start += start;
		e->end += start;
		e->prot = VM_PROT_DEFAULT;
		e->max_prot = VM_PROT_ALL;
		e->inherit = VM_INHERIT_DEFAULT;
		e->mapped = false;
		vm_map_entry_link(map, e);
	}
	*addr = start + copy->offset;
	vm_map_copy_live--;
	splx(s);
	kmem_cache_free(&vm_map_copy_cache, copy);
	return KERN_SUCCESS;
}

/* The copy entry holding relative address rel. */
static struct vm_map_entry *copy_lookup(struct vm_map_copy *copy, uintptr_t rel)
{
	struct list *node;

	list_for_each (&copy->entries, node) {
		if (rel < entry_of(node)->end)
			return entry_of(node);
	}
	return NULL;
}

/* Clip map so that no entry of [base, base + size) straddles a copy
 * entry boundary. Lock held. */
static int overwrite_clip(struct vm_map *map, uintptr_t base,
			  struct vm_map_copy *copy)
{
	struct list *node;

	if (vm_map_clip_range(map, base, base + copy->size) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	list_for_each (&copy->entries, node) {
		uintptr_t at = base + entry_of(node)->end;
		if (at < base + copy->size &&
		    vm_map_clip_range(map, at, at) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
	}
	return KERN_SUCCESS;
}

/* Is e's memory seen by other tasks (so it must be written in place)? */
static bool entry_shared(const struct vm_map_entry *e)
{
	return e->object != NULL && e->object->shared && !e->needs_copy &&
	       vm_object_refs(e->object) > 1;
}

/* Write the copy's pages for [e->start, e->end) into e's own pages. */
static int overwrite_in_place(struct vm_map *map, struct vm_map_entry *e,
			      const struct vm_map_entry *c, uint64_t coff)
{
	for (uintptr_t va = e->start; va < e->end;
	     va += PAGE_SIZE, coff += PAGE_SIZE) {
		struct vm_object *holder;
		struct vm_page *src =
			c->object == NULL ? NULL
					  : vm_object_chain_lookup(
						    c->object, coff, &holder);
		struct vm_page *dst;
		int kr = vm_fault_page(map, va, VM_FAULT_WRITE, true, &dst);

		if (kr != KERN_SUCCESS)
			return kr;
		if (src != NULL)
			memcpy(vm_page_kva(dst), vm_page_kva(src), PAGE_SIZE);
		else
			memset(vm_page_kva(dst), 0, PAGE_SIZE);
	}
	return KERN_SUCCESS;
}

/* Point e at the copy's memory, copy-on-write. Lock held. */
static void overwrite_replace(struct vm_map *map, struct vm_map_entry *e,
			      const struct vm_map_entry *c, uint64_t coff)
{
	if (e->mapped)
		pmap_remove(vm_map_pmap(map), e->start, e->end);
	e->mapped = false;
	if (e->object != NULL)
		vm_object_unref(e->object);
	e->object = c->object != NULL ? vm_object_ref(c->object) : NULL;
	e->offset = c->object != NULL ? coff : 0;
	e->needs_copy = c->object != NULL;
}

static int overwrite_locked(struct vm_map *map, uintptr_t base,
			    struct vm_map_copy *copy)
{
	uintptr_t end = base + copy->size;
	int kr;

	if (end < base ||
	    !vm_map_range_check(map, base, end, VM_PROT_WRITE, &kr))
		return end < base ? KERN_INVALID_ADDRESS : kr;
	if (overwrite_clip(map, base, copy) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	for (struct vm_map_entry *e = vm_map_lookup(map, base);
	     e != NULL && e->start < end; e = map_next(map, e)) {
		const struct vm_map_entry *c =
			copy_lookup(copy, e->start - base);
		uint64_t coff = c->offset + (e->start - base - c->start);

		if (!entry_shared(e)) {
			overwrite_replace(map, e, c, coff);
			continue;
		}
		kr = overwrite_in_place(map, e, c, coff);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/* vm_write of a KERNEL_BUFFER copy: the bytes written in place. */
static int overwrite_kernel(struct vm_map *map, uintptr_t addr,
			    struct vm_map_copy *copy)
{
	int kr;
	spl_t s = splhigh();

	if (addr + copy->size < addr ||
	    !vm_map_range_check(map, addr, addr + copy->size, VM_PROT_WRITE,
				&kr)) {
		splx(s);
		return addr + copy->size < addr ? KERN_INVALID_ADDRESS : kr;
	}
	splx(s);
	kr = vm_map_write(map, addr, vm_map_copy_kernel_data(copy),
			  copy->data_size);
	if (kr == KERN_SUCCESS)
		kernel_copy_free(copy);
	return kr;
}

int vm_map_copy_overwrite(struct vm_map *map, uintptr_t addr,
			  struct vm_map_copy *copy)
{
	if (copy == NULL)
		return KERN_SUCCESS;
	if (!page_aligned(addr) || copy->offset != 0 ||
	    !page_aligned(copy->data_size))
		return KERN_INVALID_ARGUMENT;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER)
		return overwrite_kernel(map, addr, copy);
	spl_t s = splhigh();
	int kr = overwrite_locked(map, addr, copy);
	splx(s);
	if (kr == KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}

int vm_map_copy_overwrite_keep(struct vm_map *map, uintptr_t addr,
			       struct vm_map_copy *copy)
{
	int kr;

	if (copy == NULL)
		return KERN_SUCCESS;
	if (!page_aligned(addr) || copy->offset != 0 ||
	    !page_aligned(copy->data_size))
		return KERN_INVALID_ARGUMENT;
	if (copy->type == VM_MAP_COPY_KERNEL_BUFFER) {
		spl_t s = splhigh();
		bool ok = addr + copy->size >= addr &&
			  vm_map_range_check(map, addr, addr + copy->size,
					     VM_PROT_WRITE, &kr);
		splx(s);
		if (!ok)
			return addr + copy->size < addr ? KERN_INVALID_ADDRESS
							: kr;
		return vm_map_write(map, addr, vm_map_copy_kernel_data(copy),
				    copy->data_size);
	}
	spl_t s = splhigh();
	kr = overwrite_locked(map, addr, copy);
	splx(s);
	return kr;
}

int vm_map_copy_range(struct vm_map *map, uintptr_t src, size_t size,
		      uintptr_t dst)
{
	struct vm_map_copy *copy;
	int kr;

	if (!page_aligned(src) || !page_aligned(dst) || !page_aligned(size))
		return KERN_INVALID_ARGUMENT;
	kr = vm_map_copyin(map, src, size, false, &copy);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = vm_map_copy_overwrite(map, dst, copy);
	if (kr != KERN_SUCCESS)
		vm_map_copy_discard(copy);
	return kr;
}
