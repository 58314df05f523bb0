/*
 * base/kmem.h - the kernel heap: per-type object caches and kalloc.
 *
 * Each object type has a cache of fixed-size objects carved from whole
 * pages (vm_page_alloc). kalloc/kfree serve variable sizes from a set of
 * power-of-two caches, and sizes above a page from whole pages.
 *
 * All functions take the kernel lock themselves (base/lock.h); they may be
 * called with interrupts disabled; they never block.
 */
#ifndef KERN_KMEM_H
#define KERN_KMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/arch.h>
#include <base/list.h>

struct kmem_cache {
	const char *name;
	size_t obj_size; /* rounded up to align */
	size_t align;
	unsigned int objs_per_slab;
	struct list slabs_partial; /* slabs with free and used objects */
	struct list slabs_full;
	struct list slabs_free;
	struct list node;	 /* on the global list of caches */
	unsigned long nr_alloc;	 /* objects handed out now */
	unsigned long nr_slabs;	 /* pages held */
	unsigned long fail_next; /* fault injection: fail this many allocs */
	void *spare; /* the last freed object, kept for the next alloc */
	size_t first_offset; /* of a slab's first object */
	size_t slab_bytes;   /* objs_per_slab * obj_size */
};

/* The header at the start of every slab page (base/kmem.c). */
struct kmem_slab {
	struct list node; /* on the cache's partial, full or free list */
	struct kmem_cache *cache;
	void *free; /* first free object, NULL if full */
	unsigned int nr_used;
	unsigned int magic;
};

#define KMEM_SLAB_MAGIC 0x51ab51abU
/* The second word of a free object on its slab's list, and of the
 * spare, each xor its address. */
#define KMEM_FREE_MAGIC	 ((uintptr_t)0xdeadf4eedeadf4eeULL)
#define KMEM_SPARE_MAGIC ((uintptr_t)0x5fa4e5fa4e5fa4e5ULL)

/* Set up the kalloc caches; called once at boot after vm_page_init. */
void kmem_init(void);

/*
 * Initialize a cache of objects of size bytes aligned to align (a power of
 * two, 0 means sizeof(void *)). size must be at most PAGE_SIZE / 8.
 */
void kmem_cache_init(struct kmem_cache *cache, const char *name, size_t size,
		     size_t align);
/*
 * Take a cache out of service: releases its slabs and unlinks it from the
 * global list. Every object must have been freed (else panic).
 */
void kmem_cache_destroy(struct kmem_cache *cache);
/* Release the empty slabs of a cache; returns the number of pages freed. */
unsigned long kmem_cache_reap(struct kmem_cache *cache);
/* Release the empty slabs of every cache (memory pressure); returns the
 * number of pages freed. */
unsigned long kmem_reap_all(void);
/* A zero-filled object, or NULL when memory is exhausted. */
void *kmem_cache_alloc(struct kmem_cache *cache);
/* Return an object obtained from this cache. */
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/* kmem_cache_alloc_uninit past the spare object. Kernel lock held. */
void *kmem_cache_alloc_uninit_slow(struct kmem_cache *cache);

/*
 * An object whose bytes are NOT cleared (the first two words are zero,
 * the rest is what its last user left), or NULL when memory is
 * exhausted. Only for a caller that initialises every field. Kernel lock
 * held (the cache's spare object is taken inline: a short path for an
 * object freed and allocated again in turn).
 */
static inline void *kmem_cache_alloc_uninit(struct kmem_cache *cache)
{
	void **obj = cache->spare;

	if (obj == NULL || cache->fail_next != 0)
		return kmem_cache_alloc_uninit_slow(cache);
	cache->spare = NULL;
	cache->nr_alloc++;
	obj[0] = obj[1] = NULL; /* no free-list word left behind */
	return obj;
}

/*
 * As kmem_cache_alloc_uninit, telling in *reused whether the object is
 * the cache's spare: the object freed last, not handed out since, which
 * the heap wrote nothing into but its first two words (zeroed here): the
 * rest is as its user left it when it freed it. A cache whose users free
 * objects with some fields in their initial state need not set those
 * again then. Kernel lock held.
 */
static inline void *kmem_cache_alloc_reuse(struct kmem_cache *cache,
					   bool *reused)
{
	*reused = cache->spare != NULL && cache->fail_next == 0;
	return kmem_cache_alloc_uninit(cache);
}

/* kmem_cache_free_locked past its inline case: the same checks, a panic
 * when obj is not an object of cache or is free already. */
void kmem_cache_free_locked_slow(struct kmem_cache *cache, void *obj);

/* True if obj is where an object of cache starts, in one of its slabs. */
static inline bool kmem_cache_owns(const struct kmem_cache *cache,
				   const void *obj)
{
	const struct kmem_slab *slab =
		(const void *)((uintptr_t)obj & ~(uintptr_t)PAGE_MASK);
	/* Below the first object, the difference wraps to a huge value. */
	size_t off = (uintptr_t)obj - (uintptr_t)slab - cache->first_offset;

	return slab->magic == KMEM_SLAB_MAGIC && slab->cache == cache &&
	       off < cache->slab_bytes && off % cache->obj_size == 0;
}

/*
 * kmem_cache_free with the kernel lock held (no lock taken; the same
 * checks). An object freed while the cache has no spare becomes the
 * spare inline.
 */
static inline void kmem_cache_free_locked(struct kmem_cache *cache, void *obj)
{
	void **word = obj;

	if (cache->spare != NULL || !kmem_cache_owns(cache, obj) ||
	    word[1] == (void *)(KMEM_FREE_MAGIC ^ (uintptr_t)word)) {
		kmem_cache_free_locked_slow(cache, obj);
		return;
	}
	word[1] = (void *)(KMEM_SPARE_MAGIC ^ (uintptr_t)word);
	cache->spare = word;
	cache->nr_alloc--;
}

/* size bytes, zero-filled, aligned to 16 (page-aligned above PAGE_SIZE/2);
 * NULL when size is 0 or memory is exhausted. */
void *kalloc(size_t size);
/*
 * As kalloc, but the bytes are not cleared: they may hold anything a
 * previous user of the memory left. Only for a caller that writes every
 * byte it will ever read or copy out (ipc_kmsg_get: a user message).
 */
void *kalloc_nozero(size_t size);
/* Free a kalloc block; size must be the size given to kalloc. */
void kfree(void *ptr, size_t size);

/* For leak checks: total objects allocated from all caches and kalloc. */
unsigned long kmem_live_objects(void);
/* The cache named name (kalloc's: "kalloc.16" ... "kalloc.1024"), or NULL;
 * for fault injection (fail_next, modules/test). */
struct kmem_cache *kmem_cache_find(const char *name);
/* Print every cache's counts on the console. */
void kmem_print_stats(void);

#endif /* KERN_KMEM_H */
