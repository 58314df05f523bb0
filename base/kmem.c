/*
 * base/kmem.c - object caches and kalloc.
 *
 * A slab is one page from vm_page_alloc(VM_PAGE_KERNEL), seen through the
 * direct map: a struct kmem_slab header at the start of the page, then
 * objs_per_slab objects. Free objects of a slab form a list through their
 * first word. A slab is on its cache's partial, full or free list by how
 * many of its objects are in use; free slabs stay cached until
 * kmem_cache_reap (or until a page allocation fails, which reaps every
 * cache and retries).
 *
 * kalloc serves sizes up to KALLOC_MAX from power-of-two caches (16 bytes
 * up) and larger sizes from whole, contiguous pages; when memory is too
 * fragmented for a contiguous run, from single pages mapped side by side
 * in the kernel window (pmap_kwindow).
 *
 * Lock order: kernel lock (splhigh) -> vm_page (which nests it again).
 */
#include <stdint.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/vm_page.h>

#define KALLOC_MIN_SHIFT 4 /* 16 bytes */
#define KALLOC_MAX	 (PAGE_SIZE / 4)
#define KALLOC_NR_CACHES 7 /* 16 .. 1024 */

_Static_assert((16UL << (KALLOC_NR_CACHES - 1)) == KALLOC_MAX,
	       "kalloc caches must reach KALLOC_MAX");

static struct list kmem_caches = LIST_INITIALIZER(kmem_caches);
static struct kmem_cache kalloc_caches[KALLOC_NR_CACHES];
static const char *const kalloc_names[KALLOC_NR_CACHES] = {
	"kalloc.16",  "kalloc.32",  "kalloc.64",   "kalloc.128",
	"kalloc.256", "kalloc.512", "kalloc.1024",
};
static unsigned long kalloc_page_blocks; /* live kalloc blocks of pages */
static unsigned long kwindow_blocks;	 /* live blocks in the kernel window */

/* The kernel window's pages in use (below), one bit each. */
#define KWINDOW_MAX_PAGES 65536UL
static unsigned long kwindow_used[KWINDOW_MAX_PAGES / 64];
static uintptr_t kwindow_base;
static unsigned long kwindow_pages; /* usable pages of the window */

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Offset of the first object in a slab of cache. */
static size_t slab_first_offset(const struct kmem_cache *cache)
{
	return align_up(sizeof(struct kmem_slab), cache->align);
}

/* Set up cache fields and link it on the global list. */
static void cache_setup(struct kmem_cache *cache, const char *name, size_t size,
			size_t align)
{
	spl_t s;

	if (align == 0)
		align = sizeof(void *);
	assert((align & (align - 1)) == 0);
	if (size < 2 * sizeof(void *))
		size = 2 * sizeof(void *);
	*cache = (struct kmem_cache){.name = name, .align = align};
	cache->obj_size = align_up(size, align);
	cache->objs_per_slab =
		(PAGE_SIZE - slab_first_offset(cache)) / cache->obj_size;
	assert(cache->objs_per_slab > 0);
	cache->first_offset = slab_first_offset(cache);
	cache->slab_bytes = cache->objs_per_slab * cache->obj_size;
	list_init(&cache->slabs_partial);
	list_init(&cache->slabs_full);
	list_init(&cache->slabs_free);
	s = splhigh();
	list_insert_tail(&kmem_caches, &cache->node);
	splx(s);
}

/* Initialize a cache. Takes the kernel lock. */
void kmem_cache_init(struct kmem_cache *cache, const char *name, size_t size,
		     size_t align)
{
	if (size == 0 || size > PAGE_SIZE / 8 || align > PAGE_SIZE / 8)
		panic("kmem_cache_init(%s): size %zu align %zu out of range",
		      name, size, align);
	cache_setup(cache, name, size, align);
}

/* Release the free slabs of one cache. Lock held. */
static void cache_flush_spare(struct kmem_cache *cache);

static unsigned long cache_reap_locked(struct kmem_cache *cache)
{
	unsigned long n = 0;
	struct list *node;

	cache_flush_spare(cache);
	while ((node = list_pop_head(&cache->slabs_free)) != NULL) {
		struct kmem_slab *slab =
			list_entry(node, struct kmem_slab, node);

		slab->magic = 0;
		vm_page_free(vm_page_lookup(kvtophys(slab)));
		cache->nr_slabs--;
		n++;
	}
	return n;
}

/* Release the empty slabs of cache; returns pages freed. Takes the lock. */
unsigned long kmem_cache_reap(struct kmem_cache *cache)
{
	spl_t s = splhigh();
	unsigned long n = cache_reap_locked(cache);

	splx(s);
	return n;
}

/* Reap every cache; returns pages freed. Takes the lock. */
unsigned long kmem_reap_all(void)
{
	unsigned long n = 0;
	struct list *node;
	spl_t s = splhigh();

	list_for_each (&kmem_caches, node)
		n += cache_reap_locked(
			list_entry(node, struct kmem_cache, node));
	splx(s);
	return n;
}

/* Remove an empty cache from service. Takes the lock. */
void kmem_cache_destroy(struct kmem_cache *cache)
{
	spl_t s = splhigh();

	if (cache->nr_alloc)
		panic("kmem_cache_destroy(%s): %lu objects still allocated",
		      cache->name, cache->nr_alloc);
	cache_reap_locked(cache);
	assert(cache->nr_slabs == 0);
	list_remove(&cache->node);
	splx(s);
}

/* npages kernel pages, reaping the caches once if memory is short. Lock
 * held. */
static struct vm_page *kmem_pages_alloc(unsigned long npages)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		struct vm_page *page =
			npages == 1
				? vm_page_alloc(VM_PAGE_KERNEL)
				: vm_page_alloc_contig(npages, VM_PAGE_KERNEL);

		if (page || kmem_reap_all() == 0)
			return page;
	}
	return NULL;
}

/* A new slab of free objects on cache->slabs_free, or NULL. Lock held. */
static struct kmem_slab *slab_create(struct kmem_cache *cache)
{
	struct vm_page *page = kmem_pages_alloc(1);
	struct kmem_slab *slab;
	char *obj;

	if (!page)
		return NULL;
	slab = vm_page_kva(page);
	*slab = (struct kmem_slab){.cache = cache, .magic = KMEM_SLAB_MAGIC};
	obj = (char *)slab + slab_first_offset(cache);
	for (unsigned int i = 0; i < cache->objs_per_slab; i++) {
		void **word = (void **)(obj + i * cache->obj_size);

		word[0] = i + 1 < cache->objs_per_slab
				  ? obj + (i + 1) * cache->obj_size
				  : NULL;
		word[1] = (void *)(KMEM_FREE_MAGIC ^ (uintptr_t)word);
	}
	slab->free = obj;
	list_insert_tail(&cache->slabs_free, &slab->node);
	cache->nr_slabs++;
	return slab;
}

/* Put slab on the list its use count calls for. Lock held. */
static void slab_requeue(struct kmem_cache *cache, struct kmem_slab *slab)
{
	struct list *head = slab->nr_used == 0 ? &cache->slabs_free
			    : slab->nr_used == cache->objs_per_slab
				    ? &cache->slabs_full
				    : &cache->slabs_partial;

	list_remove(&slab->node);
	list_insert_head(head, &slab->node);
}

/* The slab to allocate from (partial first), growing the cache if needed;
 * NULL when out of memory. Lock held. */
static struct kmem_slab *cache_pick_slab(struct kmem_cache *cache)
{
	struct list *head = !list_empty(&cache->slabs_partial)
				    ? &cache->slabs_partial
				    : &cache->slabs_free;

	if (!list_empty(head))
		return list_entry(list_first(head), struct kmem_slab, node);
	return slab_create(cache);
}

/* An object, zero-filled if zero, or NULL. Takes the lock; never blocks. */
static void *cache_alloc(struct kmem_cache *cache, bool zero)
{
	struct kmem_slab *slab;
	void **obj = NULL;
	spl_t s = splhigh();

	if (cache->fail_next) {
		cache->fail_next--;
		goto out;
	}
	if (cache->spare != NULL) {
		obj = cache->spare;
		cache->spare = NULL;
		goto take;
	}
	slab = cache_pick_slab(cache);
	if (!slab)
		goto out;
	obj = slab->free;
	slab->free = obj[0];
	slab->nr_used++;
	slab_requeue(cache, slab);
take:
	cache->nr_alloc++;
	if (zero)
		memset(obj, 0, cache->obj_size);
	else
		obj[0] = obj[1] = NULL; /* no free-list word left behind */
out:
	splx(s);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *cache)
{
	return cache_alloc(cache, true);
}

void *kmem_cache_alloc_uninit_slow(struct kmem_cache *cache)
{
	return cache_alloc(cache, false);
}

/* The slab of obj, checked to belong to cache (else panic). */
static struct kmem_slab *obj_slab(struct kmem_cache *cache, void *obj)
{
	struct kmem_slab *slab =
		(struct kmem_slab *)((uintptr_t)obj & ~(uintptr_t)PAGE_MASK);

	if (!kmem_cache_owns(cache, obj))
		panic("kmem_cache_free(%s): %p is not an object of this cache",
		      cache->name, obj);
	return slab;
}

/* Panic if obj is already on the free list of its slab. Lock held. */
static void obj_check_double_free(struct kmem_cache *cache,
				  struct kmem_slab *slab, void **obj)
{
	if (obj[1] != (void *)(KMEM_FREE_MAGIC ^ (uintptr_t)obj))
		return;
	for (void **p = slab->free; p; p = p[0]) {
		if (p == obj)
			panic("kmem_cache_free(%s): double free of %p",
			      cache->name, (void *)obj);
	}
}

/* Put obj back on its slab's free list. Lock held. */
static void cache_free_locked(struct kmem_cache *cache, struct kmem_slab *slab,
			      void **word)
{
	word[0] = slab->free;
	word[1] = (void *)(KMEM_FREE_MAGIC ^ (uintptr_t)word);
	slab->free = word;
	slab->nr_used--;
	slab_requeue(cache, slab);
}

/* Give the cache's spare object back to its slab. Lock held. */
static void cache_flush_spare(struct kmem_cache *cache)
{
	void **spare = cache->spare;

	if (spare != NULL) { /* checked by obj_slab when it was freed */
		cache->spare = NULL;
		cache_free_locked(cache,
				  (struct kmem_slab *)((uintptr_t)spare &
						       ~(uintptr_t)PAGE_MASK),
				  spare);
	}
}

/* Return obj to cache: it becomes the cache's spare (the next allocation
 * takes it back without touching a slab), the former spare going back to
 * its slab. Lock held. */
void kmem_cache_free_locked_slow(struct kmem_cache *cache, void *obj)
{
	struct kmem_slab *slab = obj_slab(cache, obj);
	void **word = obj;

	if (word == cache->spare)
		panic("kmem_cache_free(%s): double free of %p", cache->name,
		      obj);
	obj_check_double_free(cache, slab, word);
	cache_flush_spare(cache);
	word[1] = (void *)(KMEM_SPARE_MAGIC ^ (uintptr_t)word);
	cache->spare = word;
	cache->nr_alloc--;
}

/* The same; takes the lock. */
void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	spl_t s = splhigh();

	kmem_cache_free_locked_slow(cache, obj);
	splx(s);
}

/* Boot: set up the kalloc caches, after vm_page_init. */
void kmem_init(void)
{
	size_t size;

	kwindow_base = pmap_kwindow(&size);
	kwindow_pages = size / PAGE_SIZE < KWINDOW_MAX_PAGES
				? size / PAGE_SIZE
				: KWINDOW_MAX_PAGES;
	/* A block of a line or more starts a line: two processors writing
	 * their own blocks (threads) share none. */
	for (int i = 0; i < KALLOC_NR_CACHES; i++) {
		size_t size = (size_t)1 << (i + KALLOC_MIN_SHIFT);

		cache_setup(&kalloc_caches[i], kalloc_names[i], size,
			    size < CACHE_LINE ? 16 : CACHE_LINE);
	}
}

/* The kalloc cache for size (<= KALLOC_MAX). */
static struct kmem_cache *kalloc_cache(size_t size)
{
	/* The smallest power of two >= size: bits of size - 1. */
	int bits = size <= 1 ? 0 : 64 - __builtin_clzll((uint64_t)size - 1);

	return &kalloc_caches[bits > KALLOC_MIN_SHIFT ? bits - KALLOC_MIN_SHIFT
						      : 0];
}

static unsigned long size_to_pages(size_t size)
{
	return (unsigned long)(align_up(size, PAGE_SIZE) >> PAGE_SHIFT);
}

/* ---- The kernel window ----------------------------------------------------
 * When no npages contiguous frames are free (physical memory fragments as
 * pages come and go), a multi-page block is made of single frames mapped
 * side by side in the kernel window (base/arch.h). A bitmap of window
 * pages, first fit. Lock held for all of these. */

static bool kwindow_bit(unsigned long i)
{
	return (kwindow_used[i / 64] >> (i % 64)) & 1;
}

static void kwindow_mark(unsigned long first, unsigned long n, bool used)
{
	for (unsigned long i = first; i < first + n; i++) {
		if (used)
			kwindow_used[i / 64] |= 1UL << (i % 64);
		else
			kwindow_used[i / 64] &= ~(1UL << (i % 64));
	}
}

/* First free run of n window pages, or kwindow_pages if none. */
static unsigned long kwindow_find(unsigned long n)
{
	unsigned long run = 0;

	for (unsigned long i = 0; i < kwindow_pages; i++) {
		run = kwindow_bit(i) ? 0 : run + 1;
		if (run == n)
			return i + 1 - n;
	}
	return kwindow_pages;
}

static bool in_kwindow(const void *ptr)
{
	uintptr_t a = (uintptr_t)ptr;

	return kwindow_pages != 0 && a >= kwindow_base &&
	       a - kwindow_base < kwindow_pages * PAGE_SIZE;
}

/* Unmap and free the frames of window pages [first, first + n). */
static void kwindow_release(unsigned long first, unsigned long n)
{
	for (unsigned long i = first; i < first + n; i++) {
		uintptr_t va = kwindow_base + i * PAGE_SIZE;
		phys_addr_t pa;

		if (!pmap_kextract(va, &pa))
			panic("kmem: window page %#lx is not mapped",
			      (unsigned long)va);
		pmap_kremove(va);
		vm_page_free(vm_page_lookup(pa));
	}
	kwindow_mark(first, n, false);
}

/* npages single frames mapped side by side in the window, or NULL. */
static void *kwindow_alloc(unsigned long npages)
{
	unsigned long first = kwindow_find(npages);

	if (first == kwindow_pages)
		return NULL;
	kwindow_mark(first, npages, true);
	for (unsigned long i = 0; i < npages; i++) {
		struct vm_page *page = kmem_pages_alloc(1);
		uintptr_t va = kwindow_base + (first + i) * PAGE_SIZE;

		if (page == NULL) {
			kwindow_mark(first + i, npages - i, false);
			kwindow_release(first, i);
			return NULL;
		}
		pmap_kenter(va, page->phys);
	}
	kwindow_blocks++;
	return (void *)(kwindow_base + first * PAGE_SIZE);
}

static void kwindow_free(void *ptr, unsigned long npages)
{
	uintptr_t a = (uintptr_t)ptr;

	if (a & PAGE_MASK)
		panic("kfree: %p is not a kalloc block", ptr);
	kwindow_release((a - kwindow_base) / PAGE_SIZE, npages);
	kwindow_blocks--;
}

/* ---- kalloc ------------------------------------------------------------- */

/* size bytes, zero-filled if zero, or NULL. Takes the lock; never
 * blocks. */
static void *kalloc_common(size_t size, bool zero)
{
	struct vm_page *page;
	unsigned long npages;
	void *ptr = NULL;
	spl_t s;

	if (size == 0)
		return NULL;
	if (size <= KALLOC_MAX)
		return cache_alloc(kalloc_cache(size), zero);
	npages = size_to_pages(size);
	if (npages == 0) /* size overflowed */
		return NULL;
	s = splhigh();
	page = kmem_pages_alloc(npages);
	if (page) {
		kalloc_page_blocks++;
		ptr = vm_page_kva(page);
	} else if (npages > 1) {
		ptr = kwindow_alloc(npages);
	}
	splx(s);
	if (ptr && zero)
		memset(ptr, 0, npages * PAGE_SIZE);
	return ptr;
}

void *kalloc(size_t size)
{
	return kalloc_common(size, true);
}

void *kalloc_nozero(size_t size)
{
	return kalloc_common(size, false);
}

/* Free a kalloc block of size bytes. Takes the lock. */
void kfree(void *ptr, size_t size)
{
	struct vm_page *page;
	spl_t s;

	if (!ptr)
		return;
	if (size <= KALLOC_MAX) {
		kmem_cache_free(kalloc_cache(size), ptr);
		return;
	}
	s = splhigh();
	if (in_kwindow(ptr)) {
		kwindow_free(ptr, size_to_pages(size));
		splx(s);
		return;
	}
	page = vm_page_lookup(kvtophys(ptr));
	if (!page || ((uintptr_t)ptr & PAGE_MASK) ||
	    page->type != VM_PAGE_KERNEL)
		panic("kfree: %p (%zu bytes) is not a kalloc block", ptr, size);
	vm_page_free_contig(page, size_to_pages(size));
	kalloc_page_blocks--;
	splx(s);
}

/* Objects handed out by every cache, plus kalloc page blocks. */
unsigned long kmem_live_objects(void)
{
	unsigned long n;
	struct list *node;
	spl_t s = splhigh();

	n = kalloc_page_blocks + kwindow_blocks;
	list_for_each (&kmem_caches, node)
		n += list_entry(node, struct kmem_cache, node)->nr_alloc;
	splx(s);
	return n;
}

/* Walk the global list of caches for name. */
struct kmem_cache *kmem_cache_find(const char *name)
{
	struct kmem_cache *found = NULL;
	struct list *node;
	spl_t s = splhigh();

	list_for_each (&kmem_caches, node) {
		struct kmem_cache *c =
			list_entry(node, struct kmem_cache, node);

		if (strcmp(c->name, name) == 0) {
			found = c;
			break;
		}
	}
	splx(s);
	return found;
}

/* Print one line per cache. */
void kmem_print_stats(void)
{
	struct list *node;

	printf("%-16s %6s %8s %6s\n", "cache", "size", "objects", "pages");
	list_for_each (&kmem_caches, node) {
		struct kmem_cache *c =
			list_entry(node, struct kmem_cache, node);

		printf("%-16s %6zu %8lu %6lu\n", c->name, c->obj_size,
		       c->nr_alloc, c->nr_slabs);
	}
	printf("%-16s %6s %8lu\n", "kalloc.pages", "-", kalloc_page_blocks);
}
