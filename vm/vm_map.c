/*
 * vm/vm_map.c - task address maps: entries over VM objects, clipping,
 * protections, inheritance, fork (see vm_map.h).
 *
 * Entries are on map->entries and in map->tree (base/rbtree.h), both by
 * address. Each tree node sums up its subtree (entry_update): its lowest
 * start, its highest end and the widest free range between two of its
 * entries, so vm_map_find_space skips every subtree that has no room.
 * The list gives next / previous in O(1); everything that finds an
 * address descends the tree, O(log n).
 *
 * Lock order: kernel lock (splhigh) -> vm_object -> vm_page / kmem (which
 * nest it). Every exported function takes the kernel lock itself;
 * the *_locked ones and those of the "inside vm/" part expect it held.
 */
#include <mach/kern_return.h>

#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

static struct kmem_cache vm_map_cache;
static struct kmem_cache vm_map_entry_cache;

#define page_trunc(a)	((a) & ~(uintptr_t)PAGE_MASK)
#define page_aligned(a) (((a)&PAGE_MASK) == 0)

void vm_map_init(void)
{
	kmem_cache_init(&vm_map_cache, "vm_map", sizeof(struct vm_map), 0);
	kmem_cache_init(&vm_map_entry_cache, "vm_map_entry",
			sizeof(struct vm_map_entry), 0);
	vm_object_init();
	vm_map_copy_init();
}

static struct list vm_map_all = LIST_INITIALIZER(vm_map_all);

struct list *vm_map_list(void)
{
	return &vm_map_all;
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
	rbtree_init(&map->tree);
	map->nentries = 0;
	map->size = 0;
	map->size_none = 0;
	map->min = USER_ADDR_MIN;
	map->max = USER_ADDR_MAX;
	map->size_cur_limit = USER_ADDR_MAX - USER_ADDR_MIN;
	map->size_max_limit = USER_ADDR_MAX - USER_ADDR_MIN;
	map->wire_future = false;
	spl_t s = splhigh();
	list_insert_tail(&vm_map_all, &map->all_node);
	splx(s);
	return map;
}

struct pmap *vm_map_pmap(struct vm_map *map)
{
	return map->pmap;
}

struct vm_map_entry *vm_map_entry_alloc(void)
{
	struct vm_map_entry *e = kmem_cache_alloc(&vm_map_entry_cache);

	if (e != NULL)
		list_node_init(&e->node);
	return e;
}

void vm_map_entry_free(struct vm_map_entry *e)
{
	if (e->object != NULL)
		vm_object_unref(e->object);
	kmem_cache_free(&vm_map_entry_cache, e);
}

static struct vm_map_entry *entry_of(struct list *node)
{
	return list_entry(node, struct vm_map_entry, node);
}

static struct vm_map_entry *tree_entry(struct rbtree_node *node)
{
	return node != NULL ? rbtree_entry(node, struct vm_map_entry, tree_node)
			    : NULL;
}

static uintptr_t max_uptr(uintptr_t a, uintptr_t b)
{
	return a > b ? a : b;
}

/* The tree's summary of node's subtree, from node and its children
 * (called on every node of a path at each insertion and removal: each
 * field computed once, then stored). */
static void entry_update(struct rbtree_node *node)
{
	struct vm_map_entry *e =
		rbtree_entry(node, struct vm_map_entry, tree_node);
	struct rbtree_node *left = node->child[RBTREE_LEFT];
	struct rbtree_node *right = node->child[RBTREE_RIGHT];
	uintptr_t start = e->start, end = e->end;
	size_t gap = 0;

	if (left != NULL) {
		struct vm_map_entry *l =
			rbtree_entry(left, struct vm_map_entry, tree_node);
		start = l->sub_start;
		gap = max_uptr(l->sub_gap, e->start - l->sub_end);
	}
	if (right != NULL) {
		struct vm_map_entry *r =
			rbtree_entry(right, struct vm_map_entry, tree_node);
		end = r->sub_end;
		gap = max_uptr(gap,
			       max_uptr(r->sub_gap, r->sub_start - e->end));
	}
	e->sub_start = start;
	e->sub_end = end;
	e->sub_gap = gap;
}

/* Take e's pages out of the pmap. Lock held. */
static void entry_unmap(struct vm_map *map, struct vm_map_entry *e)
{
	if (e->mapped)
		pmap_remove(map->pmap, e->start, e->end);
	e->mapped = false;
}

/* The page that reads at va of e, or NULL. Lock held. */
static struct vm_page *entry_page(struct vm_map_entry *e, uintptr_t va)
{
	struct vm_object *holder;

	if (e->object == NULL)
		return NULL;
	return vm_object_chain_lookup(e->object, e->offset + (va - e->start),
				      &holder);
}

void vm_map_entry_unwire(struct vm_map *map, struct vm_map_entry *e)
{
	(void)map;
	if (!e->wired)
		return;
	for (uintptr_t va = e->start; va < e->end; va += PAGE_SIZE) {
		struct vm_page *page = entry_page(e, va);
		if (page != NULL && page->wire_count > 0)
			page->wire_count--;
	}
	e->wired = false;
}

int vm_map_entry_wire(struct vm_map *map, struct vm_map_entry *e)
{
	int access = (e->prot & VM_PROT_WRITE) ? VM_FAULT_WRITE : VM_FAULT_READ;

	if (e->wired)
		return KERN_SUCCESS;
	for (uintptr_t va = e->start; va < e->end; va += PAGE_SIZE) {
		struct vm_page *page;
		int kr = vm_fault_page(map, va, access, true, &page);
		if (kr != KERN_SUCCESS) {
			e->wired = true; /* undo the pages done so far */
			uintptr_t end = e->end;
			e->end = va;
			vm_map_entry_unwire(map, e);
			e->end = end;
			return kr;
		}
		page->wire_count++;
	}
	e->wired = true;
	return KERN_SUCCESS;
}

/* Take e out of map's list and tree. Lock held. */
static void entry_unlink(struct vm_map *map, struct vm_map_entry *e)
{
	assert(e->map == map);
	list_remove(&e->node);
	rbtree_remove(&map->tree, &e->tree_node, entry_update);
	e->map = NULL;
	map->nentries--;
	map->size -= e->end - e->start;
	if (e->max_prot == VM_PROT_NONE)
		map->size_none -= e->end - e->start;
}

void vm_map_entry_unlink(struct vm_map *map, struct vm_map_entry *e)
{
	entry_unlink(map, e);
}

static void entry_delete(struct vm_map *map, struct vm_map_entry *e)
{
	vm_map_entry_unwire(map, e);
	entry_unmap(map, e);
	entry_unlink(map, e);
	vm_map_entry_free(e);
}

void vm_map_destroy(struct vm_map *map)
{
	spl_t s = splhigh();

	/* Every entry goes: no tree rebalancing, O(n). */
	while (!list_empty(&map->entries)) {
		struct vm_map_entry *e = entry_of(list_pop_head(&map->entries));
		vm_map_entry_unwire(map, e);
		entry_unmap(map, e);
		vm_map_entry_free(e);
	}
	rbtree_init(&map->tree);
	map->nentries = 0;
	map->size = 0;
	map->size_none = 0;
	list_remove(&map->all_node);
	splx(s);
	pmap_destroy(map->pmap);
	kmem_cache_free(&vm_map_cache, map);
}

struct vm_map_entry *vm_map_lookup(struct vm_map *map, uintptr_t addr)
{
	struct rbtree_node *node = rbtree_root(&map->tree);

	while (node != NULL) {
		struct vm_map_entry *e = tree_entry(node);
		if (addr < e->start)
			node = node->child[RBTREE_LEFT];
		else if (addr >= e->end)
			node = node->child[RBTREE_RIGHT];
		else
			return e;
	}
	return NULL;
}

/* The first entry that ends above addr, or NULL. Lock held. */
static struct vm_map_entry *first_above(struct vm_map *map, uintptr_t addr)
{
	struct rbtree_node *node = rbtree_root(&map->tree);
	struct vm_map_entry *found = NULL;

	while (node != NULL) {
		struct vm_map_entry *e = tree_entry(node);
		if (e->end > addr) {
			found = e;
			node = node->child[RBTREE_LEFT];
		} else {
			node = node->child[RBTREE_RIGHT];
		}
	}
	return found;
}

static struct vm_map_entry *next_entry(struct vm_map *map,
				       struct vm_map_entry *e)
{
	return e->node.next == &map->entries ? NULL : entry_of(e->node.next);
}

/* True if [start, start + size) lies in the map's range. */
static bool range_in_map(struct vm_map *map, uintptr_t start, size_t size)
{
	return start >= map->min && start + size >= start &&
	       start + size <= map->max;
}

/* What vm_map_find_space looks for. */
struct space_req {
	uintptr_t floor; /* lowest start allowed */
	size_t size;
	uintptr_t mask; /* start aligned to mask + 1 */
};

/* The lowest start of req inside the free range [lo, hi), or 0. */
static uintptr_t gap_fit(const struct space_req *req, uintptr_t lo,
			 uintptr_t hi)
{
	uintptr_t from = max_uptr(lo, req->floor);
	uintptr_t start = (from + req->mask) & ~req->mask;

	if (start < from || start > hi || hi - start < req->size)
		return 0;
	return start;
}

/* May a free range of e's subtree hold req: one between two of its
 * entries, or the one from lo (the end of what precedes the subtree) to
 * its first entry? */
static bool subtree_may_fit(const struct space_req *req,
			    const struct vm_map_entry *e, uintptr_t lo)
{
	size_t first_gap = e->sub_start > lo ? e->sub_start - lo : 0;

	return e->sub_end > req->floor &&
	       max_uptr(first_gap, e->sub_gap) >= req->size;
}

/*
 * In-order walk of the tree that visits, for each entry, the free range
 * just before it, and skips every subtree that has no range long enough
 * or lies wholly below the floor. So it enters only subtrees on the path
 * to the floor and the path to the answer (plus one path per range too
 * short once aligned): O(log n).
 */
uintptr_t vm_map_find_space(struct vm_map *map, uintptr_t hint, size_t size,
			    uintptr_t mask)
{
	struct space_req req = {
		.floor = hint < map->min ? map->min : page_trunc(hint),
		.size = size,
		.mask = mask,
	};
	struct rbtree_node *node = rbtree_root(&map->tree);
	uintptr_t lo = map->min; /* end of the entry before node's subtree */
	bool down = true;	 /* entering node's subtree, or leaving it */

	while (node != NULL) {
		struct vm_map_entry *e = tree_entry(node);
		uintptr_t gap_lo, start;

		if (down) {
			if (!subtree_may_fit(&req, e, lo)) {
				down = false;
				continue;
			}
			if (node->child[RBTREE_LEFT] != NULL) {
				node = node->child[RBTREE_LEFT];
				continue;
			}
			gap_lo = lo;
		} else {
			/* Out of e's subtree: into the parent, whose range
			 * starts at e's subtree's end if e is on its left. */
			struct rbtree_node *parent = node->parent;
			if (parent == NULL)
				break;
			bool from_left = parent->child[RBTREE_LEFT] == node;
			node = parent;
			if (!from_left)
				continue;
			gap_lo = e->sub_end;
			e = tree_entry(node);
		}
		start = gap_fit(&req, gap_lo, e->start);
		if (start != 0)
			return start;
		lo = e->end;
		down = node->child[RBTREE_RIGHT] != NULL;
		if (down)
			node = node->child[RBTREE_RIGHT];
	}
	node = rbtree_root(&map->tree);
	return gap_fit(&req,
		       node != NULL ? tree_entry(node)->sub_end : map->min,
		       map->max);
}

void vm_map_entry_link(struct vm_map *map, struct vm_map_entry *e)
{
	struct rbtree_node *parent = NULL, *node = rbtree_root(&map->tree);
	int dir = RBTREE_LEFT;

	assert(e->start < e->end);
	while (node != NULL) {
		parent = node;
		dir = e->start < tree_entry(node)->start ? RBTREE_LEFT
							 : RBTREE_RIGHT;
		node = node->child[dir];
	}
	/* A new leaf's parent is its successor (left) or predecessor. */
	if (parent == NULL)
		list_insert_tail(&map->entries, &e->node);
	else if (dir == RBTREE_LEFT)
		list_insert_before(&tree_entry(parent)->node, &e->node);
	else
		list_insert_between(&e->node, &tree_entry(parent)->node,
				    tree_entry(parent)->node.next);
	/* The range was free. */
	assert(e->node.prev == &map->entries ||
	       entry_of(e->node.prev)->end <= e->start);
	assert(e->node.next == &map->entries ||
	       entry_of(e->node.next)->start >= e->end);
	e->map = map;
	rbtree_insert_at(&map->tree, parent, dir, &e->tree_node, entry_update);
	map->nentries++;
	map->size += e->end - e->start;
	if (e->max_prot == VM_PROT_NONE)
		map->size_none += e->end - e->start;
}

bool vm_map_size_fits(const struct vm_map *map, size_t size)
{
	size_t counted = map->size - map->size_none;

	return counted <= map->size_cur_limit &&
	       size <= map->size_cur_limit - counted;
}

/* True if [start, start + size) meets no entry. Lock held. */
static bool range_free(struct vm_map *map, uintptr_t start, size_t size)
{
	struct vm_map_entry *e = first_above(map, start);

	return e == NULL || e->start >= start + size;
}

static int vm_map_enter_locked(struct vm_map *map, uintptr_t *addr, size_t size,
			       uintptr_t mask, bool anywhere,
			       struct vm_map_entry *proto)
{
	uintptr_t start = *addr;

	if (proto->max_prot != VM_PROT_NONE && !vm_map_size_fits(map, size))
		return KERN_NO_SPACE;
	if (anywhere) {
		start = vm_map_find_space(map, start, size, mask);
		if (start == 0)
			return KERN_NO_SPACE;
	} else if (!page_aligned(start) || (start & mask) != 0 ||
		   !range_in_map(map, start, size)) {
		return KERN_INVALID_ADDRESS;
	} else if (!range_free(map, start, size)) {
		return KERN_NO_SPACE;
	}
	struct vm_map_entry *e = vm_map_entry_alloc();
	if (e == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*e = *proto;
	list_node_init(&e->node);
	e->map = NULL;
	e->start = start;
	e->end = start + size;
	vm_map_entry_link(map, e);
	*addr = start;
	return KERN_SUCCESS;
}

static bool prot_valid(int prot, int max_prot)
{
	return (prot & ~VM_PROT_ALL) == 0 && (max_prot & ~VM_PROT_ALL) == 0 &&
	       (prot & ~max_prot) == 0;
}

static bool inherit_valid(int inherit)
{
	return inherit == VM_INHERIT_SHARE || inherit == VM_INHERIT_COPY ||
	       inherit == VM_INHERIT_NONE;
}

int vm_map_enter_object(struct vm_map *map, uintptr_t *addr, size_t size,
			uintptr_t mask, bool anywhere, struct vm_object *object,
			uint64_t offset, bool copy, int prot, int max_prot,
			int inherit)
{
	struct vm_map_entry proto = {
		.prot = prot,
		.max_prot = max_prot,
		.inherit = inherit,
		.object = object,
		.offset = offset,
		.needs_copy = copy && object != NULL,
	};

	if (size == 0 || !page_aligned(size) || !prot_valid(prot, max_prot) ||
	    !inherit_valid(inherit) || ((mask + 1) & mask) != 0)
		return KERN_INVALID_ARGUMENT;
	mask |= PAGE_MASK;
	spl_t s = splhigh();
	int kr = vm_map_enter_locked(map, addr, size, mask, anywhere, &proto);
	splx(s);
	return kr;
}

int vm_map_enter(struct vm_map *map, uintptr_t *addr, size_t size,
		 bool anywhere, int prot, int max_prot, int inherit)
{
	return vm_map_enter_object(map, addr, size, 0, anywhere, NULL, 0, false,
				   prot, max_prot, inherit);
}

int vm_map_clip(struct vm_map_entry *e, uintptr_t addr)
{
	struct vm_map_entry *tail = vm_map_entry_alloc();

	if (tail == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*tail = *e;
	tail->start = addr;
	tail->offset = e->offset + (addr - e->start);
	if (tail->object != NULL)
		vm_object_ref(tail->object);
	e->end = addr;
	list_insert_between(&tail->node, &e->node, e->node.next);
	if (e->map != NULL) {
		/* tail lands below e in the tree: the insertion's update
		 * runs over e and its ancestors, so e's new end counts. */
		rbtree_insert_after(&e->map->tree, &e->tree_node,
				    &tail->tree_node, entry_update);
		e->map->nentries++;
	}
	return KERN_SUCCESS;
}

int vm_map_clip_range(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	struct vm_map_entry *e = vm_map_lookup(map, start);

	if (e != NULL && e->start < start &&
	    vm_map_clip(e, start) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	e = end > start ? vm_map_lookup(map, end - 1) : NULL;
	if (e != NULL && e->end > end && vm_map_clip(e, end) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	return KERN_SUCCESS;
}

int vm_map_remove_locked(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	if (!page_aligned(start) || !page_aligned(end) || end < start)
		return KERN_INVALID_ARGUMENT;
	/* Clipped at both ends before anything goes; the last entry is
	 * looked up only when the first does not reach end. */
	struct vm_map_entry *e = first_above(map, start), *last;
	if (e != NULL && e->start < start) {
		if (vm_map_clip(e, start) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
		e = next_entry(map, e);
	}
	last = e == NULL || e->end >= end ? e : vm_map_lookup(map, end - 1);
	if (last != NULL && last->start < end && last->end > end &&
	    vm_map_clip(last, end) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	while (e != NULL && e->start < end) {
		struct vm_map_entry *next = next_entry(map, e);
		entry_delete(map, e);
		e = next;
	}
	return KERN_SUCCESS;
}

int vm_map_remove(struct vm_map *map, uintptr_t start, uintptr_t end)
{
	spl_t s = splhigh();
	int kr = vm_map_remove_locked(map, start, end);
	splx(s);
	return kr;
}

bool vm_map_range_check(struct vm_map *map, uintptr_t start, uintptr_t end,
			int prot, int *kr)
{
	uintptr_t at = start;
	struct vm_map_entry *e = first_above(map, start);

	*kr = KERN_INVALID_ADDRESS;
	if (start >= end || start < map->min || end > map->max)
		return false;
	for (; e != NULL && at < end; e = next_entry(map, e)) {
		if (e->start > at)
			return false;
		if ((e->prot & prot) != prot) {
			*kr = KERN_PROTECTION_FAILURE;
			return false;
		}
		at = e->end;
	}
	if (at < end)
		return false;
	*kr = KERN_SUCCESS;
	return true;
}

/*
 * Bring e's pmap mappings down to its new protection. Rights that grow
 * are granted lazily by faults; pmap_protect sets rights, so it is used
 * only when write goes away (it cannot then upgrade a copy-on-write
 * page); any other cut removes the mappings.
 */
static void entry_reprotect(struct vm_map *map, struct vm_map_entry *e, int old)
{
	if (!e->mapped || (old & ~e->prot) == 0)
		return;
	if (e->prot != VM_PROT_NONE && (e->prot & VM_PROT_WRITE) == 0)
		pmap_protect(map->pmap, e->start, e->end, e->prot);
	else
		entry_unmap(map, e);
}

/* Check every entry of the range against the new protection: the
 * maximum can only be lowered, as the current protection can only be set
 * within it (set_max or not). Lock held. */
static int protect_check(struct vm_map *map, uintptr_t start, uintptr_t end,
			 int prot)
{
	for (struct vm_map_entry *e = first_above(map, start);
	     e != NULL && e->start < end; e = next_entry(map, e)) {
		if ((prot & ~e->max_prot) != 0)
			return KERN_PROTECTION_FAILURE;
	}
	return KERN_SUCCESS;
}

/* Protect the entries of [start, end), holes skipped. Lock held. */
static int vm_map_protect_locked(struct vm_map *map, uintptr_t start,
				 uintptr_t end, int prot, bool set_max)
{
	int kr = protect_check(map, start, end, prot);

	if (kr != KERN_SUCCESS)
		return kr;
	if (vm_map_clip_range(map, start, end) != KERN_SUCCESS)
		return KERN_RESOURCE_SHORTAGE;
	for (struct vm_map_entry *e = first_above(map, start);
	     e != NULL && e->start < end; e = next_entry(map, e)) {
		int old = e->prot;

		if (set_max) {
			if (prot == VM_PROT_NONE && e->max_prot != VM_PROT_NONE)
				map->size_none += e->end - e->start;
			e->max_prot = prot;
			e->prot &= prot;
		} else {
			e->prot = prot;
		}
		entry_reprotect(map, e, old);
	}
	return KERN_SUCCESS;
}

int vm_map_protect(struct vm_map *map, uintptr_t start, uintptr_t end, int prot,
		   bool set_max)
{
	if (!page_aligned(start) || !page_aligned(end) ||
	    (prot & ~VM_PROT_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	int kr;

	if (vm_map_range_check(map, start, end, VM_PROT_NONE, &kr))
		kr = vm_map_protect_locked(map, start, end, prot, set_max);
	splx(s);
	return kr;
}

int vm_map_protect_mapped(struct vm_map *map, uintptr_t start, uintptr_t end,
			  int prot, bool set_max)
{
	if (!page_aligned(start) || !page_aligned(end) || end < start ||
	    (prot & ~VM_PROT_ALL) != 0)
		return KERN_INVALID_ARGUMENT;
	start = start < map->min ? map->min : start;
	end = end > map->max ? map->max : end;
	if (start >= end)
		return KERN_SUCCESS;
	spl_t s = splhigh();
	int kr = vm_map_protect_locked(map, start, end, prot, set_max);
	splx(s);
	return kr;
}

int vm_map_inherit(struct vm_map *map, uintptr_t start, uintptr_t end,
		   int inherit)
{
	int kr;

	if (!page_aligned(start) || !page_aligned(end) ||
	    !inherit_valid(inherit))
		return KERN_INVALID_ARGUMENT;
	spl_t s = splhigh();
	if (vm_map_range_check(map, start, end, VM_PROT_NONE, &kr)) {
		kr = vm_map_clip_range(map, start, end);
		for (struct vm_map_entry *e = first_above(map, start);
		     kr == KERN_SUCCESS && e != NULL && e->start < end;
		     e = next_entry(map, e))
			e->inherit = inherit;
	}
	splx(s);
	return kr;
}

int vm_map_region(struct vm_map *map, uintptr_t addr,
		  struct vm_region_info *info)
{
	spl_t s = splhigh();
	struct vm_map_entry *e = first_above(map, addr);

	if (e != NULL) {
		*info = (struct vm_region_info){
			.start = e->start,
			.size = e->end - e->start,
			.prot = e->prot,
			.max_prot = e->max_prot,
			.inherit = e->inherit,
			.shared = e->object != NULL && e->object->shared,
			.offset = e->offset,
		};
	}
	splx(s);
	return e != NULL ? KERN_SUCCESS : KERN_NO_SPACE;
}

/* Replace e's object by a flat copy of what it reads. Lock held. */
static int entry_flatten(struct vm_map *map, struct vm_map_entry *e)
{
	struct vm_object *flat =
		vm_object_copy_flat(e->object, e->offset, e->end - e->start);

	if (flat == NULL)
		return KERN_RESOURCE_SHORTAGE;
	entry_unmap(map, e); /* the old pages may go with the old chain */
	vm_object_unref(e->object);
	e->object = flat;
	e->offset = 0;
	return KERN_SUCCESS;
}

/* Put a new object for e alone over e's object. Lock held. */
static int entry_shadow(struct vm_map *map, struct vm_map_entry *e)
{
	struct vm_object *top;

	vm_object_collapse(e->object);
	if (vm_object_depth(e->object) >= VM_OBJECT_DEPTH_MAX)
		return entry_flatten(map, e);
	top = vm_object_create(e->end - e->start);
	if (top == NULL)
		return KERN_RESOURCE_SHORTAGE;
	top->shadow = e->object; /* e's reference moves here */
	top->shadow_offset = e->offset;
	e->object = top;
	e->offset = 0;
	return KERN_SUCCESS;
}

int vm_map_entry_own(struct vm_map *map, struct vm_map_entry *e)
{
	int kr = KERN_SUCCESS;

	if (e->object == NULL) {
		e->object = vm_object_create(e->end - e->start);
		e->offset = 0;
		return e->object != NULL ? KERN_SUCCESS
					 : KERN_RESOURCE_SHORTAGE;
	}
	if (!e->needs_copy)
		return KERN_SUCCESS;
	if (vm_object_refs(e->object) > 1)
		kr = entry_shadow(map, e);
	if (kr == KERN_SUCCESS)
		e->needs_copy = false;
	return kr;
}

int vm_map_entry_copy(struct vm_map *map, struct vm_map_entry *e,
		      struct vm_map_entry *copy)
{
	struct vm_object *obj = e->object;

	copy->offset = e->offset;
	copy->needs_copy = false;
	copy->object = NULL;
	if (obj == NULL)
		return KERN_SUCCESS;
	if (obj->shared && vm_object_refs(obj) == 1)
		obj->shared = false; /* the other users are gone */
	if (obj->shared && !e->needs_copy) {
		copy->object =
			vm_object_copy_now(obj, e->offset, e->end - e->start);
		copy->offset = 0;
		return copy->object != NULL ? KERN_SUCCESS
					    : KERN_RESOURCE_SHORTAGE;
	}
	vm_object_collapse(obj);
	if (!e->needs_copy && e->mapped && (e->prot & VM_PROT_WRITE))
		pmap_protect(map->pmap, e->start, e->end,
			     e->prot & ~VM_PROT_WRITE);
	e->needs_copy = true;
	copy->object = vm_object_ref(obj);
	copy->needs_copy = true;
	return KERN_SUCCESS;
}

/* e's object becomes shared (vm_map.h); for fork_share and region
 * proxies (kern/vm_kobject.c). Lock held. */
int vm_map_entry_share(struct vm_map *map, struct vm_map_entry *e)
{
	bool had_shadow_pages = e->object != NULL && e->mapped;
	int kr = vm_map_entry_own(map, e);

	if (kr != KERN_SUCCESS)
		return kr;
	/* A shared object never maps its shadows' pages (vm_object.h). */
	if (had_shadow_pages && e->object->shadow != NULL)
		entry_unmap(map, e);
	e->object->shared = true;
	return KERN_SUCCESS;
}

/* Child side of a VM_INHERIT_SHARE entry: both reference one object. */
static int fork_share(struct vm_map *parent, struct vm_map_entry *e,
		      struct vm_map_entry *child)
{
	int kr = vm_map_entry_share(parent, e);

	if (kr != KERN_SUCCESS)
		return kr;
	child->object = vm_object_ref(e->object);
	child->offset = e->offset;
	child->needs_copy = false;
	return KERN_SUCCESS;
}

/* Add to child the inherited part of e. Lock held. */
static int fork_entry(struct vm_map *parent, struct vm_map_entry *e,
		      struct vm_map *child)
{
	struct vm_map_entry *c;
	int kr;

	if (e->inherit == VM_INHERIT_NONE)
		return KERN_SUCCESS;
	c = vm_map_entry_alloc();
	if (c == NULL)
		return KERN_RESOURCE_SHORTAGE;
	*c = *e;
	list_node_init(&c->node);
	c->map = NULL;
	c->mapped = false;
	c->wired = false;
	c->object = NULL;
	if (e->inherit == VM_INHERIT_SHARE)
		kr = fork_share(parent, e, c);
	else
		kr = vm_map_entry_copy(parent, e, c);
	if (kr != KERN_SUCCESS) {
		vm_map_entry_free(c);
		return kr;
	}
	vm_map_entry_link(child, c);
	return KERN_SUCCESS;
}

struct vm_map *vm_map_fork(struct vm_map *parent)
{
	struct vm_map *child = vm_map_create();
	struct list *node;
	int kr = KERN_SUCCESS;

	if (child == NULL)
		return NULL;
	child->size_cur_limit = parent->size_cur_limit;
	child->size_max_limit = parent->size_max_limit;
	spl_t s = splhigh();
	list_for_each (&parent->entries, node) {
		kr = fork_entry(parent, entry_of(node), child);
		if (kr != KERN_SUCCESS)
			break;
	}
	splx(s);
	if (kr != KERN_SUCCESS) {
		vm_map_destroy(child);
		return NULL;
	}
	return child;
}

unsigned int vm_map_depth(struct vm_map *map, uintptr_t addr)
{
	spl_t s = splhigh();
	struct vm_map_entry *e = vm_map_lookup(map, addr);
	unsigned int depth = e != NULL ? vm_object_depth(e->object) : 0;
	splx(s);
	return depth;
}

struct vm_map_entry *vm_map_first_above(struct vm_map *map, uintptr_t addr)
{
	return first_above(map, addr);
}

struct vm_map_entry *vm_map_next(struct vm_map *map, struct vm_map_entry *e)
{
	return next_entry(map, e);
}

size_t vm_map_entry_count(struct vm_map *map)
{
	return map->nentries;
}

/* Check the subtree of node (under parent) against what entry_update
 * makes and the red-black rules; its black height, or -1. */
static int check_subtree(struct rbtree_node *node, struct rbtree_node *parent)
{
	if (node == NULL)
		return 0;
	struct vm_map_entry *e = tree_entry(node), copy = *e;
	int left = check_subtree(node->child[RBTREE_LEFT], node);
	int right = check_subtree(node->child[RBTREE_RIGHT], node);

	entry_update(&copy.tree_node);
	if (node->parent != parent || left < 0 || left != right ||
	    (node->red && parent != NULL && parent->red) ||
	    copy.sub_start != e->sub_start || copy.sub_end != e->sub_end ||
	    copy.sub_gap != e->sub_gap)
		return -1;
	return left + !node->red;
}

bool vm_map_check(struct vm_map *map)
{
	uintptr_t at = map->min;
	size_t n = 0, size = 0, none = 0;
	struct list *l;

	spl_t s = splhigh();
	struct rbtree_node *node = rbtree_first(&map->tree);
	bool ok = check_subtree(rbtree_root(&map->tree), NULL) >= 0 &&
		  (rbtree_empty(&map->tree) || !rbtree_root(&map->tree)->red);
	list_for_each (&map->entries, l) {
		struct vm_map_entry *e = entry_of(l);
		ok = ok && node == &e->tree_node && e->map == map &&
		     e->start >= at && e->start < e->end && e->end <= map->max;
		at = e->end;
		n++;
		size += e->end - e->start;
		if (e->max_prot == VM_PROT_NONE)
			none += e->end - e->start;
		node = node != NULL ? rbtree_next(node) : NULL;
	}
	ok = ok && node == NULL && n == map->nentries && size == map->size &&
	     none == map->size_none;
	splx(s);
	return ok;
}
