/*
 * vm/vm_object.c - VM objects, their resident pages, shadow chains and
 * collapse (see vm_object.h).
 *
 * Lock order: kernel lock (splhigh) -> vm_page / kmem (which nest it).
 */
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <vm/vm_pager.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>

static struct kmem_cache vm_object_cache;
static struct list vm_object_list = LIST_INITIALIZER(vm_object_list);
static unsigned long vm_object_live;
static unsigned long vm_object_pages;
void (*vm_object_name_destroy)(struct port *name_port);

/* The (object, offset) -> page hash: chains through page->hash_next. */
static struct vm_page **vm_page_hash;
static unsigned long vm_page_hash_mask;

#define VM_PAGE_HASH_MAX (1UL << 18)

static bool vm_object_reclaim(bool all);

void vm_object_init(void)
{
	unsigned long n = 64;

	kmem_cache_init(&vm_object_cache, "vm_object", sizeof(struct vm_object),
			0);
	vm_page_set_reclaim(vm_object_reclaim);
	while (n < vm_page_count_total() / 2 && n < VM_PAGE_HASH_MAX)
		n <<= 1;
	vm_page_hash = kalloc(n * sizeof(*vm_page_hash));
	if (vm_page_hash == NULL)
		panic("vm_object_init: no memory for the page hash");
	vm_page_hash_mask = n - 1;
}

static struct vm_page **hash_bucket(const struct vm_object *obj,
				    uint64_t offset)
{
	uintptr_t h = (uintptr_t)obj / sizeof(struct vm_object);

	h ^= (uintptr_t)(offset >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return &vm_page_hash[h & vm_page_hash_mask];
}

struct vm_object *vm_object_create(uint64_t size)
{
	struct vm_object *obj = kmem_cache_alloc(&vm_object_cache);
	spl_t s;

	if (obj == NULL)
		return NULL;
	ref_init(&obj->ref, 1);
	obj->size = size;
	list_init(&obj->pages);
	s = splhigh();
	list_insert_tail(&vm_object_list, &obj->all_node);
	vm_object_live++;
	splx(s);
	return obj;
}

struct vm_object *vm_object_shadow(struct vm_object *obj, uint64_t offset,
				   uint64_t size)
{
	struct vm_object *top = vm_object_create(size);

	if (top == NULL) {
		vm_object_unref(obj);
		return NULL;
	}
	top->shadow = obj;
	top->shadow_offset = offset;
	return top;
}

struct vm_page *vm_object_page_lookup(struct vm_object *obj, uint64_t offset)
{
	for (struct vm_page *p = *hash_bucket(obj, offset); p; p = p->hash_next)
		if (p->object == obj && p->offset == offset)
			return p;
	return NULL;
}

/* Make page resident in obj at offset. Lock held. */
static void page_insert(struct vm_object *obj, struct vm_page *page,
			uint64_t offset)
{
	struct vm_page **bucket = hash_bucket(obj, offset);

	page->object = obj;
	page->offset = offset;
	page->hash_next = *bucket;
	page->hash_pprev = bucket;
	if (*bucket != NULL)
		(*bucket)->hash_pprev = &page->hash_next;
	*bucket = page;
	list_insert_tail(&obj->pages, &page->node);
	obj->resident++;
}

/* Take page out of the hash (O(1): the chain is doubly linked). */
static void page_unhash(struct vm_page *page)
{
	*page->hash_pprev = page->hash_next;
	if (page->hash_next != NULL)
		page->hash_next->hash_pprev = page->hash_pprev;
	page->hash_next = NULL;
	page->hash_pprev = NULL;
}

/* Take page out of its object (hash and list). Lock held. */
static void page_remove(struct vm_page *page)
{
	struct vm_object *obj = page->object;

	page_unhash(page);
	list_remove(&page->node);
	obj->resident--;
	page->object = NULL;
}

struct vm_page *vm_object_page_alloc(struct vm_object *obj, uint64_t offset,
				     const struct vm_page *copy_from)
{
	struct vm_page *page = vm_page_alloc(VM_PAGE_OBJECT);

	if (page == NULL)
		return NULL;
	if (copy_from != NULL)
		memcpy(vm_page_kva(page), vm_page_kva(copy_from), PAGE_SIZE);
	else
		memset(vm_page_kva(page), 0, PAGE_SIZE);
	page_insert(obj, page, offset);
	vm_object_pages++;
	return page;
}

/* Free a resident page of an object. Lock held. */
static void page_free(struct vm_page *page)
{
	page_remove(page);
	vm_object_pages--;
	vm_page_free(page);
}

void vm_object_page_insert(struct vm_object *obj, uint64_t offset,
			   struct vm_page *page)
{
	page->type = VM_PAGE_OBJECT;
	page_insert(obj, page, offset);
	vm_object_pages++;
}

void vm_object_page_free(struct vm_page *page)
{
	page_free(page);
}

void vm_object_page_move(struct vm_page *page, struct vm_object *obj,
			 uint64_t offset)
{
	page_remove(page);
	page_insert(obj, page, offset);
}

struct vm_page *vm_object_chain_lookup(struct vm_object *obj, uint64_t offset,
				       struct vm_object **holder)
{
	while (obj != NULL) {
		struct vm_page *page = vm_object_page_lookup(obj, offset);

		if (page != NULL) {
			*holder = obj;
			return page;
		}
		offset += obj->shadow_offset;
		obj = obj->shadow;
	}
	*holder = NULL;
	return NULL;
}

struct vm_page *vm_object_chain_find(struct vm_object *obj, uint64_t offset,
				     struct vm_object **holder,
				     uint64_t *holder_offset)
{
	while (obj != NULL) {
		struct vm_page *page = vm_object_page_lookup(obj, offset);

		if (page != NULL || obj->pager != NULL) {
			*holder = obj;
			*holder_offset = offset;
			return page;
		}
		offset += obj->shadow_offset;
		obj = obj->shadow;
	}
	*holder = NULL;
	*holder_offset = 0;
	return NULL;
}

/* Free every resident page of obj: each leaves the hash, then the whole
 * list joins the free list at once. Lock held. */
static void free_all_pages(struct vm_object *obj)
{
	struct list *node;

	list_for_each (&obj->pages, node)
		page_unhash(list_entry(node, struct vm_page, node));
	vm_object_pages -= obj->resident;
	vm_page_free_list(&obj->pages, obj->resident);
	obj->resident = 0;
}

/*
 * Dead objects whose pages are freed later (base/vm_page.h, deferred
 * release): an object of at least VM_OBJECT_DEFER_PAGES pages, without a
 * pager, leaves the live list at once, its pages counted free, and keeps
 * its pages (hashed under it: its memory is not reused until then) until
 * the allocator needs frames or counts are compared. So a region moved
 * out of line and deallocated by its receiver costs no work per page at
 * the deallocation (docs/ipc-fastpath.md).
 */
#define VM_OBJECT_DEFER_PAGES 16
static struct list vm_object_dead = LIST_INITIALIZER(vm_object_dead);

/* Free the pages of one dead object (all of them if all); true if there
 * was one. Lock held (the allocator's reclaim function). */
static bool vm_object_reclaim(bool all)
{
	struct list *node;
	bool any = false;

	while ((node = list_pop_head(&vm_object_dead)) != NULL) {
		struct vm_object *obj =
			list_entry(node, struct vm_object, all_node);

		vm_page_defer_count(-(long)obj->resident);
		vm_object_pages += obj->resident; /* free_all_pages: -= */
		free_all_pages(obj);
		kmem_cache_free(&vm_object_cache, obj);
		any = true;
		if (!all)
			break;
	}
	return any;
}

/*
 * The last reference is gone: no entry maps obj and no object shadows it,
 * so none of its pages is mapped. Takes the kernel lock.
 */
void vm_object_destroy(struct vm_object *obj)
{
	struct vm_object *shadow;
	spl_t s = splhigh();
	bool defer = obj->pager == NULL && obj->name_port == NULL &&
		     obj->resident >= VM_OBJECT_DEFER_PAGES;

	if (obj->name_port != NULL)
		vm_object_name_destroy(obj->name_port); /* senders: dead */
	if (obj->pager != NULL)
		obj->pager->ops->terminate(obj);
	list_remove(&obj->all_node);
	vm_object_live--;
	shadow = obj->shadow;
	if (defer) {
		vm_object_pages -= obj->resident;
		vm_page_defer_count((long)obj->resident);
		list_insert_tail(&vm_object_dead, &obj->all_node);
	} else {
		free_all_pages(obj);
	}
	splx(s);
	if (!defer)
		kmem_cache_free(&vm_object_cache, obj);
	if (shadow != NULL)
		vm_object_unref(shadow);
}

/* Can obj's shadow be merged into obj? Lock held. */
static bool collapse_possible(const struct vm_object *obj)
{
	const struct vm_object *sh = obj->shadow;

	return sh != NULL && vm_object_refs(sh) == 1 && sh->pager == NULL;
}

/* Move or free every page of sh, the shadow of obj. Lock held. */
static void collapse_pages(struct vm_object *obj, struct vm_object *sh)
{
	while (!list_empty(&sh->pages)) {
		struct vm_page *page = list_entry(list_first(&sh->pages),
						  struct vm_page, node);
		uint64_t off = page->offset - obj->shadow_offset;

		/* Unsigned: offsets below the window wrap to >= size. */
		if (page->offset < obj->shadow_offset || off >= obj->size ||
		    vm_object_page_lookup(obj, off) != NULL) {
			page_free(page);
			continue;
		}
		page_remove(page);
		page_insert(obj, page, off);
	}
}

void vm_object_collapse(struct vm_object *obj)
{
	for (; obj != NULL; obj = obj->shadow) {
		while (collapse_possible(obj)) {
			struct vm_object *sh = obj->shadow;

			collapse_pages(obj, sh);
			obj->shadow = sh->shadow; /* sh's reference moves */
			obj->shadow_offset += sh->shadow_offset;
			sh->shadow = NULL;
			vm_object_unref(sh); /* the last reference: frees sh */
		}
	}
}

/* Copy into copy the pages of o in [base, base + copy->size) that copy
 * lacks. false when memory is short. Lock held. */
static bool copy_visible_pages(struct vm_object *copy, struct vm_object *o,
			       uint64_t base)
{
	struct list *node;

	list_for_each (&o->pages, node) {
		struct vm_page *page = list_entry(node, struct vm_page, node);
		uint64_t off = page->offset - base;

		if (page->offset < base || off >= copy->size ||
		    vm_object_page_lookup(copy, off) != NULL)
			continue;
		if (vm_object_page_alloc(copy, off, page) == NULL)
			return false;
	}
	return true;
}

struct vm_object *vm_object_copy_flat(struct vm_object *obj, uint64_t offset,
				      uint64_t size)
{
	struct vm_object *copy = vm_object_create(size);
	uint64_t base = offset;

	if (copy == NULL)
		return NULL;
	for (struct vm_object *o = obj; o != NULL; o = o->shadow) {
		if (o->pager != NULL) {
			copy->shadow = vm_object_ref(o);
			copy->shadow_offset = base;
			break;
		}
		if (!copy_visible_pages(copy, o, base)) {
			vm_object_unref(copy);
			return NULL;
		}
		base += o->shadow_offset;
	}
	return copy;
}

struct vm_object *vm_object_copy_now(struct vm_object *obj, uint64_t offset,
				     uint64_t size)
{
	struct vm_object *copy = vm_object_create(size);
	struct list *node;

	if (copy == NULL)
		return NULL;
	if (obj->shadow != NULL) {
		copy->shadow = vm_object_ref(obj->shadow);
		copy->shadow_offset = obj->shadow_offset + offset;
	}
	list_for_each (&obj->pages, node) {
		struct vm_page *page = list_entry(node, struct vm_page, node);

		if (page->offset < offset || page->offset - offset >= size)
			continue;
		if (vm_object_page_alloc(copy, page->offset - offset, page) ==
		    NULL) {
			vm_object_unref(copy);
			return NULL;
		}
	}
	return copy;
}

unsigned int vm_object_depth(const struct vm_object *obj)
{
	unsigned int n = 0;

	for (; obj != NULL; obj = obj->shadow)
		n++;
	return n;
}

unsigned long vm_object_count(void)
{
	return vm_object_live;
}

unsigned long vm_object_resident_count(void)
{
	return vm_object_pages;
}
