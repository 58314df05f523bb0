/*
 * tests/unit/test_kmem.c - base/kmem.c: object caches (many objects, slab
 * growth and reap, alignment, zero fill), kalloc sizes, fault injection,
 * live counts, reaping under memory pressure, kalloc from the kernel
 * window when frames are fragmented, misuse panics, the spare object
 * taken back as it was freed.
 */
#include <string.h>
#include <base/arch.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <base/vm_page.h>
#include "unit.h"

static void boot(void)
{
	UNIT_BOOT_MEMORY();
}

/* Baselines taken at the start of each test. */
static unsigned long live0, free0;

static void baseline(void)
{
	kmem_reap_all();
	live0 = kmem_live_objects();
	free0 = vm_page_count_free();
}

struct obj40 {
	unsigned long id;
	char pad[32];
};

START_TEST(test_many_objects)
{
	enum { N = 10000 };
	struct kmem_cache cache;
	struct obj40 **objs = calloc(N, sizeof(*objs));
	unsigned long slabs;

	baseline();
	kmem_cache_init(&cache, "test.obj40", sizeof(struct obj40), 0);
	ck_assert_uint_eq(cache.obj_size, 40);
	ck_assert_uint_ge(cache.objs_per_slab, PAGE_SIZE / 40 - 2);
	for (unsigned long i = 0; i < N; i++) {
		objs[i] = kmem_cache_alloc(&cache);
		ck_assert_ptr_nonnull(objs[i]);
		ck_assert_uint_eq(objs[i]->id, 0); /* zero-filled */
		ck_assert_uint_eq((uintptr_t)objs[i] % sizeof(void *), 0);
		objs[i]->id = i;
		memset(objs[i]->pad, (int)(i & 0xff), sizeof(objs[i]->pad));
	}
	slabs = (N + cache.objs_per_slab - 1) / cache.objs_per_slab;
	ck_assert_uint_eq(cache.nr_alloc, N);
	ck_assert_uint_eq(cache.nr_slabs, slabs);
	ck_assert_uint_eq(free0 - vm_page_count_free(), slabs);
	ck_assert_uint_eq(kmem_live_objects(), live0 + N);
	/* No two objects overlap: every one kept its contents. */
	for (unsigned long i = 0; i < N; i++) {
		ck_assert_uint_eq(objs[i]->id, i);
		ck_assert_uint_eq((unsigned char)objs[i]->pad[31], i & 0xff);
	}
	for (unsigned long i = 0; i < N; i += 2)
		kmem_cache_free(&cache, objs[i]);
	for (unsigned long i = 1; i < N; i += 2)
		kmem_cache_free(&cache, objs[i]);
	ck_assert_uint_eq(cache.nr_alloc, 0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	/* Empty slabs stay cached until reaped. */
	ck_assert_uint_eq(cache.nr_slabs, slabs);
	ck_assert_uint_eq(kmem_cache_reap(&cache), slabs);
	ck_assert_uint_eq(cache.nr_slabs, 0);
	ck_assert_uint_eq(kmem_cache_reap(&cache), 0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
	kmem_cache_destroy(&cache);
	free(objs);
}
END_TEST

START_TEST(test_slab_reuse)
{
	struct kmem_cache cache;
	void *a, *b;

	baseline();
	kmem_cache_init(&cache, "test.reuse", 24, 8);
	a = kmem_cache_alloc(&cache);
	memset(a, 0xee, 24);
	kmem_cache_free(&cache, a);
	b = kmem_cache_alloc(&cache);
	ck_assert_ptr_eq(a, b); /* the freed object comes back, zeroed */
	for (int i = 0; i < 24; i++)
		ck_assert_uint_eq(((unsigned char *)b)[i], 0);
	ck_assert_uint_eq(cache.nr_slabs, 1);
	kmem_cache_free(&cache, b);
	kmem_cache_destroy(&cache);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

START_TEST(test_alignment)
{
	static const size_t sizes[] = {1, 8, 24, 100, 200, 512};
	static const size_t aligns[] = {0, 8, 16, 64, 256, 512};

	baseline();
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (unsigned j = 0; j < sizeof(aligns) / sizeof(aligns[0]);
		     j++) {
			struct kmem_cache c;
			size_t al = aligns[j] ? aligns[j] : sizeof(void *);
			void *objs[40];

			kmem_cache_init(&c, "test.align", sizes[i], aligns[j]);
			ck_assert_uint_eq(c.align, al);
			ck_assert_uint_eq(c.obj_size % al, 0);
			ck_assert_uint_ge(c.obj_size, sizes[i]);
			for (int k = 0; k < 40; k++) {
				objs[k] = kmem_cache_alloc(&c);
				ck_assert_ptr_nonnull(objs[k]);
				ck_assert_uint_eq((uintptr_t)objs[k] % al, 0);
				memset(objs[k], 0x5a, sizes[i]);
			}
			for (int k = 0; k < 40; k++)
				kmem_cache_free(&c, objs[k]);
			kmem_cache_destroy(&c);
		}
	}
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

/* The index of the first non-zero byte of p[0..n), n if none: one
 * assertion on a block instead of a ck_assert per byte (slow under ASan). */
static size_t first_nonzero(const unsigned char *p, size_t n)
{
	size_t k = 0;

	while (k < n && p[k] == 0)
		k++;
	return k;
}

START_TEST(test_kalloc_sizes)
{
	static const size_t sizes[] = {1,    15,   16,	  17,	 100,
				       1000, 1024, 1025,  2048,	 2049,
				       4096, 4097, 12288, 65536, 100000};
	enum { NS = sizeof(sizes) / sizeof(sizes[0]) };
	unsigned char *p[NS], *q[NS];

	baseline();
	ck_assert_ptr_null(kalloc(0));
	for (int i = 0; i < NS; i++) {
		p[i] = kalloc(sizes[i]);
		q[i] = kalloc(sizes[i]);
		ck_assert_ptr_nonnull(p[i]);
		ck_assert_ptr_nonnull(q[i]);
		ck_assert_uint_eq((uintptr_t)p[i] % 16, 0);
		if (sizes[i] > PAGE_SIZE / 2)
			ck_assert_uint_eq((uintptr_t)p[i] % PAGE_SIZE, 0);
		/* Two blocks never overlap. */
		ck_assert(p[i] + sizes[i] <= q[i] || q[i] + sizes[i] <= p[i]);
		ck_assert_uint_eq(first_nonzero(p[i], sizes[i]), sizes[i]);
		memset(p[i], 0xc3, sizes[i]);
		memset(q[i], 0x3c, sizes[i]);
	}
	ck_assert_uint_eq(kmem_live_objects(), live0 + 2 * NS);
	for (int i = 0; i < NS; i++) {
		ck_assert_uint_eq(p[i][sizes[i] - 1], 0xc3);
		kfree(p[i], sizes[i]);
		kfree(q[i], sizes[i]);
	}
	kfree(NULL, 10);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_ptr_null(kalloc((size_t)-1));
}
END_TEST

START_TEST(test_kalloc_pages_returned)
{
	void *p;

	baseline();
	p = kalloc(5 * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(vm_page_count_free(), free0 - 5);
	ck_assert_uint_eq(vm_page_lookup(kvtophys(p))->type, VM_PAGE_KERNEL);
	kfree(p, 5 * PAGE_SIZE);
	ck_assert_uint_eq(vm_page_count_free(), free0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
}
END_TEST

START_TEST(test_fault_injection)
{
	struct kmem_cache cache;
	void *a, *b;

	baseline();
	kmem_cache_init(&cache, "test.fail", 64, 0);
	cache.fail_next = 2;
	ck_assert_ptr_null(kmem_cache_alloc(&cache));
	ck_assert_ptr_null(kmem_cache_alloc(&cache));
	ck_assert_uint_eq(cache.fail_next, 0);
	ck_assert_uint_eq(cache.nr_alloc, 0);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	a = kmem_cache_alloc(&cache);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_eq(kmem_live_objects(), live0 + 1);
	cache.fail_next = 1;
	ck_assert_ptr_null(kmem_cache_alloc(&cache));
	b = kmem_cache_alloc(&cache);
	ck_assert_ptr_nonnull(b);
	kmem_cache_free(&cache, a);
	kmem_cache_free(&cache, b);
	kmem_cache_destroy(&cache);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

/* With every frame taken, a cache that needs a slab reaps the empty slabs
 * of other caches and succeeds; then nothing is left and it fails. */
START_TEST(test_reap_under_pressure)
{
	struct kmem_cache a, b;
	struct vm_page **pages;
	unsigned long n = 0;
	void *objs[64], *x, *y;

	baseline();
	kmem_cache_init(&a, "test.a", 256, 0);
	kmem_cache_init(&b, "test.b", 128, 0);
	for (int i = 0; i < 64; i++)
		objs[i] = kmem_cache_alloc(&a);
	for (int i = 0; i < 64; i++)
		kmem_cache_free(&a, objs[i]);
	ck_assert_uint_gt(a.nr_slabs, 1);
	pages = calloc(vm_page_count_total() + 1, sizeof(*pages));
	while ((pages[n] = vm_page_alloc(VM_PAGE_KERNEL)) != NULL)
		n++;
	x = kmem_cache_alloc(&b);
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(a.nr_slabs, 0);
	/* The reap freed several pages: b used one; take the rest. */
	while ((pages[n] = vm_page_alloc(VM_PAGE_KERNEL)) != NULL)
		n++;
	for (unsigned i = 1; i < b.objs_per_slab; i++)
		kmem_cache_free(&b, kmem_cache_alloc(&b)); /* no new slab */
	ck_assert_uint_eq(b.nr_slabs, 1);
	y = kalloc(3 * PAGE_SIZE);
	ck_assert_ptr_null(y);
	while (n)
		vm_page_free(pages[--n]);
	free(pages);
	kmem_cache_free(&b, x);
	kmem_cache_destroy(&a);
	kmem_cache_destroy(&b);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

START_TEST(test_misuse_panics)
{
	struct kmem_cache a, b, big;
	void *x, *k;

	baseline();
	kmem_cache_init(&a, "test.a", 32, 0);
	kmem_cache_init(&b, "test.b", 32, 0);
	x = kmem_cache_alloc(&a);
	hosted_console_capture(true);
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_free(&b, x))); /* wrong */
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_free(&a, (char *)x + 8)));
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_destroy(&a))); /* live */
	kmem_cache_free(&a, x);
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_free(&a, x))); /* double */
	ck_assert_ptr_nonnull(strstr(hosted_console_output(), "double free"));
	ck_assert(HOSTED_CATCH_PANIC(
		kmem_cache_init(&big, "test.big", PAGE_SIZE / 8 + 1, 0)));
	k = kalloc(2 * PAGE_SIZE);
	ck_assert(HOSTED_CATCH_PANIC(kfree((char *)k + 16, 2 * PAGE_SIZE)));
	hosted_console_capture(false);
	kfree(k, 2 * PAGE_SIZE);
	ck_assert_uint_eq(a.nr_alloc, 0);
	kmem_cache_destroy(&a);
	kmem_cache_destroy(&b);
	ck_assert_uint_eq(kmem_live_objects(), live0);
}
END_TEST

/* The spare object: freed last, taken back by the next allocation as
 * it was freed (past its first two words), which kmem_cache_alloc_reuse
 * tells; a slab's object is not; the locked free checks as the other. */
START_TEST(test_spare_reuse)
{
	struct kmem_cache c;
	struct obj40 *a, *b, *x;
	bool reused;
	spl_t s;

	baseline();
	kmem_cache_init(&c, "test.spare", sizeof(struct obj40), 0);
	s = splhigh();
	a = kmem_cache_alloc_uninit(&c);
	b = kmem_cache_alloc_reuse(&c, &reused);
	ck_assert(!reused); /* no spare yet: from the slab */
	memset(a->pad, 'a', sizeof(a->pad));
	memset(b->pad, 'b', sizeof(b->pad));
	kmem_cache_free_locked(&c, a);
	ck_assert_uint_eq(c.nr_alloc, 1);
	x = kmem_cache_alloc_reuse(&c, &reused);
	ck_assert(reused);
	ck_assert_ptr_eq(x, a);
	ck_assert_uint_eq(x->id, 0); /* the first two words cleared */
	ck_assert_uint_eq(x->pad[8], 'a');
	ck_assert_uint_eq(x->pad[31], 'a');
	/* Two freed: the first goes back to its slab, the second is the
	 * spare; after it, the next comes from the slab. */
	kmem_cache_free_locked(&c, a);
	kmem_cache_free_locked(&c, b);
	x = kmem_cache_alloc_reuse(&c, &reused);
	ck_assert(reused);
	ck_assert_ptr_eq(x, b);
	ck_assert_uint_eq(x->pad[20], 'b');
	x = kmem_cache_alloc_reuse(&c, &reused);
	ck_assert(!reused);
	ck_assert_ptr_eq(x, a);
	/* A spare given back to its slab (reap) is not reused; nor when
	 * an allocation is made to fail. */
	kmem_cache_free_locked(&c, a);
	splx(s);
	kmem_cache_reap(&c);
	s = splhigh();
	x = kmem_cache_alloc_reuse(&c, &reused);
	ck_assert(!reused);
	kmem_cache_free_locked(&c, x);
	c.fail_next = 1;
	ck_assert_ptr_null(kmem_cache_alloc_reuse(&c, &reused));
	ck_assert(!reused);
	/* The locked free panics as kmem_cache_free does, with a spare
	 * (x) and without one. */
	hosted_console_capture(true);
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_free_locked(&c, x)));
	ck_assert(
		HOSTED_CATCH_PANIC(kmem_cache_free_locked(&c, (char *)b + 8)));
	kmem_cache_free_locked(&c, b); /* x to its slab, b the spare */
	ck_assert_ptr_eq(kmem_cache_alloc_uninit(&c), b); /* no spare */
	ck_assert(HOSTED_CATCH_PANIC(kmem_cache_free_locked(&c, x)));
	ck_assert(
		HOSTED_CATCH_PANIC(kmem_cache_free_locked(&c, (char *)b + 8)));
	hosted_console_capture(false);
	kmem_cache_free_locked(&c, b);
	splx(s);
	ck_assert_uint_eq(c.nr_alloc, 0);
	kmem_cache_destroy(&c);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

START_TEST(test_print_stats)
{
	struct kmem_cache c;
	void *x;

	kmem_cache_init(&c, "test.stats", 48, 0);
	x = kmem_cache_alloc(&c);
	hosted_console_capture(true);
	kmem_print_stats();
	hosted_console_capture(false);
	ck_assert_ptr_nonnull(strstr(hosted_console_output(), "test.stats"));
	ck_assert_ptr_nonnull(strstr(hosted_console_output(), "kalloc.1024"));
	kmem_cache_free(&c, x);
	kmem_cache_destroy(&c);
}
END_TEST

/* With free frames only one by one (every other frame taken), a kalloc of
 * several pages is made of single frames in the kernel window: usable,
 * zero-filled, and given back whole by kfree; with no frame left it fails
 * cleanly. */
START_TEST(test_kalloc_fragmented)
{
	struct vm_page **pages;
	unsigned long n = 0, kept = 0, free1;
	unsigned char *p;
	phys_addr_t pa;

	baseline();
	pages = calloc(vm_page_count_total() + 1, sizeof(*pages));
	while ((pages[n] = vm_page_alloc(VM_PAGE_KERNEL)) != NULL)
		n++;
	/* Free every other frame in address order: no two are adjacent. */
	for (unsigned long i = 0; i < n; i++) {
		if (pages[i]->phys / PAGE_SIZE % 2 == 0)
			vm_page_free(pages[i]);
		else
			pages[kept++] = pages[i];
	}
	free1 = vm_page_count_free();
	ck_assert_uint_gt(free1, 8);
	p = kalloc(4 * PAGE_SIZE);
	ck_assert_ptr_nonnull(p);
	ck_assert(pmap_kextract((uintptr_t)p, &pa)); /* in the window */
	ck_assert_uint_eq(vm_page_count_free(), free1 - 4);
	ck_assert_uint_eq(first_nonzero(p, 4 * PAGE_SIZE), 4 * PAGE_SIZE);
	memset(p, 0xa5, 4 * PAGE_SIZE);
	ck_assert_uint_eq(p[4 * PAGE_SIZE - 1], 0xa5);
	ck_assert_uint_eq(kmem_live_objects(), live0 + 1);
	kfree(p, 4 * PAGE_SIZE);
	ck_assert_uint_eq(vm_page_count_free(), free1);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	/* Every frame taken: no block, and nothing lost. */
	n = kept;
	while ((pages[n] = vm_page_alloc(VM_PAGE_KERNEL)) != NULL)
		n++;
	ck_assert_ptr_null(kalloc(2 * PAGE_SIZE));
	ck_assert_uint_eq(kmem_live_objects(), live0);
	while (n)
		vm_page_free(pages[--n]);
	free(pages);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

static Suite *kmem_suite(void)
{
	Suite *s = suite_create("kmem");
	TCase *tc = tcase_create("caches");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_test(tc, test_many_objects);
	tcase_add_test(tc, test_slab_reuse);
	tcase_add_test(tc, test_alignment);
	tcase_add_test(tc, test_kalloc_sizes);
	tcase_add_test(tc, test_kalloc_pages_returned);
	tcase_add_test(tc, test_fault_injection);
	tcase_add_test(tc, test_reap_under_pressure);
	tcase_add_test(tc, test_kalloc_fragmented);
	tcase_add_test(tc, test_misuse_panics);
	tcase_add_test(tc, test_spare_reuse);
	tcase_add_test(tc, test_print_stats);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(kmem_suite());
}
