/*
 * tests/unit/vm/test_vm_object.c - vm/vm_object.c: creation and counts,
 * resident pages by offset, the destructor, shadow-chain lookup,
 * collapse (pages moved up, hidden ones freed, window respected, chain
 * taken over), snapshots of shared objects, depth.
 */
#include "vmtest.h"

static unsigned char first_byte(const struct vm_page *p)
{
	return *(const unsigned char *)vm_page_kva(p);
}

static struct vm_page *put(struct vm_object *o, uint64_t off, unsigned char v)
{
	spl_t s = splhigh();
	struct vm_page *p = vm_object_page_alloc(o, off, NULL);
	splx(s);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(first_byte(p), 0); /* zero-filled */
	memset(vm_page_kva(p), v, PAGE_SIZE);
	return p;
}

START_TEST(test_create_destroy)
{
	vmtest_baseline();
	struct vm_object *o = vm_object_create(16 * PAGE_SIZE);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0 + 1);
	ck_assert_uint_eq(vm_object_refs(o), 1);
	ck_assert_ptr_null(o->shadow);
	ck_assert_uint_eq(o->size, 16 * PAGE_SIZE);
	for (unsigned i = 0; i < 16; i += 2)
		put(o, i * PAGE_SIZE, (unsigned char)(i + 1));
	ck_assert_uint_eq(o->resident, 8);
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0 + 8);
	for (unsigned i = 0; i < 16; i++) {
		struct vm_page *p = vm_object_page_lookup(o, i * PAGE_SIZE);
		if (i % 2) {
			ck_assert_ptr_null(p);
			continue;
		}
		ck_assert_ptr_nonnull(p);
		ck_assert_ptr_eq(p->object, o);
		ck_assert_uint_eq(p->offset, i * PAGE_SIZE);
		ck_assert_uint_eq(first_byte(p), i + 1);
	}
	vm_object_ref(o);
	vm_object_unref(o);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0 + 1);
	vm_object_unref(o);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* A large dead object's pages are freed later (deferred release): counted
 * free at once, the object gone from the counts, its memory kept until the
 * allocator runs out of free frames (which takes them back) or counts are
 * compared. */
START_TEST(test_deferred_release)
{
	vmtest_baseline();
	struct vm_object *o = vm_object_create(32 * PAGE_SIZE);
	unsigned long taken = 0, free1;
	struct list got;
	spl_t s;

	for (unsigned i = 0; i < 32; i++)
		put(o, i * PAGE_SIZE, (unsigned char)(i + 1));
	free1 = vm_page_count_free();
	vm_object_unref(o);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0);
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0);
	ck_assert_uint_eq(vm_page_count_free(), free1 + 32);
	ck_assert_uint_eq(kmem_live_objects(), vmtest_live0 + 1); /* kept */
	free1 = vm_page_count_free();
	/* Every frame counted free can be had: the last ones come from the
	 * dead object, reclaimed when the free list is empty. */
	list_init(&got);
	s = splhigh();
	for (struct vm_page *p; (p = vm_page_alloc(VM_PAGE_KERNEL)) != NULL;
	     taken++)
		list_insert_tail(&got, &p->node);
	splx(s);
	ck_assert_uint_eq(taken, free1);
	ck_assert_uint_eq(vm_page_count_free(), 0);
	ck_assert_uint_eq(kmem_live_objects(), vmtest_live0);
	vm_page_free_list(&got, taken);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* Many objects with pages at the same offsets: the hash keeps them
 * apart. */
START_TEST(test_hash_many)
{
	enum { N = 200, P = 8 };
	struct vm_object *objs[N];

	vmtest_baseline();
	for (unsigned i = 0; i < N; i++) {
		objs[i] = vm_object_create(P * PAGE_SIZE);
		for (unsigned j = 0; j < P; j++)
			put(objs[i], j * PAGE_SIZE, (unsigned char)(i * 7 + j));
	}
	for (unsigned i = 0; i < N; i++)
		for (unsigned j = 0; j < P; j++) {
			struct vm_page *p =
				vm_object_page_lookup(objs[i], j * PAGE_SIZE);
			ck_assert_ptr_nonnull(p);
			ck_assert_uint_eq(first_byte(p),
					  (unsigned char)(i * 7 + j));
		}
	for (unsigned i = 0; i < N; i += 2)
		vm_object_unref(objs[i]);
	for (unsigned i = 1; i < N; i += 2) {
		ck_assert_uint_eq(objs[i]->resident, P);
		ck_assert_ptr_nonnull(vm_object_page_lookup(objs[i], 0));
		vm_object_unref(objs[i]);
	}
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_chain_lookup)
{
	vmtest_baseline();
	struct vm_object *bottom = vm_object_create(8 * PAGE_SIZE);
	put(bottom, 2 * PAGE_SIZE, 0xb2);
	put(bottom, 3 * PAGE_SIZE, 0xb3);
	put(bottom, 5 * PAGE_SIZE, 0xb5);
	/* middle sees bottom from page 1 on. */
	struct vm_object *mid =
		vm_object_shadow(bottom, PAGE_SIZE, 6 * PAGE_SIZE);
	ck_assert_ptr_nonnull(mid);
	ck_assert_uint_eq(vm_object_refs(bottom), 1); /* moved, not taken */
	put(mid, 2 * PAGE_SIZE, 0x42);		      /* hides bottom page 3 */
	struct vm_object *top = vm_object_shadow(mid, 0, 6 * PAGE_SIZE);
	put(top, 4 * PAGE_SIZE, 0x74);
	ck_assert_uint_eq(vm_object_depth(top), 3);

	struct vm_object *holder;
	spl_t s = splhigh();
	struct vm_page *p = vm_object_chain_lookup(top, PAGE_SIZE, &holder);
	ck_assert_ptr_eq(holder, bottom);
	ck_assert_uint_eq(first_byte(p), 0xb2);
	p = vm_object_chain_lookup(top, 2 * PAGE_SIZE, &holder);
	ck_assert_ptr_eq(holder, mid);
	ck_assert_uint_eq(first_byte(p), 0x42);
	p = vm_object_chain_lookup(top, 4 * PAGE_SIZE, &holder);
	ck_assert_ptr_eq(holder, top);
	ck_assert_uint_eq(first_byte(p), 0x74);
	ck_assert_ptr_null(vm_object_chain_lookup(top, 0, &holder));
	ck_assert_ptr_null(holder);
	splx(s);
	vm_object_unref(top); /* frees the whole chain */
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_collapse)
{
	vmtest_baseline();
	struct vm_object *bottom = vm_object_create(8 * PAGE_SIZE);
	put(bottom, 0, 0xa0);		  /* outside the window: freed */
	put(bottom, 2 * PAGE_SIZE, 0xa2); /* hidden by mid: freed */
	put(bottom, 3 * PAGE_SIZE, 0xa3); /* moves up */
	put(bottom, 7 * PAGE_SIZE, 0xa7); /* outside: freed */
	struct vm_object *deep = vm_object_create(PAGE_SIZE);
	bottom->shadow = deep; /* bottom's own shadow stays below */
	bottom->shadow_offset = 0;
	put(deep, 0, 0xdd);
	vm_object_ref(deep); /* held by the test too: not merged yet */

	struct vm_object *mid =
		vm_object_shadow(bottom, PAGE_SIZE, 4 * PAGE_SIZE);
	put(mid, PAGE_SIZE, 0x11);
	vm_object_ref(mid); /* someone else: top may not merge mid */
	struct vm_object *top = vm_object_shadow(mid, 0, 4 * PAGE_SIZE);
	unsigned long free0 = vm_page_count_free();

	spl_t s = splhigh();
	/* mid has 2 refs: stays; bottom (1 ref, from mid) merges into mid;
	 * deep has 2 refs: stays. */
	vm_object_collapse(top);
	splx(s);
	ck_assert_uint_eq(vm_object_depth(top), 3);
	ck_assert_ptr_eq(mid->shadow, deep);
	ck_assert_uint_eq(mid->shadow_offset, PAGE_SIZE);
	ck_assert_uint_eq(mid->resident, 2);
	ck_assert_uint_eq(first_byte(vm_object_page_lookup(mid, PAGE_SIZE)),
			  0x11);
	ck_assert_uint_eq(first_byte(vm_object_page_lookup(mid, 2 * PAGE_SIZE)),
			  0xa3);
	ck_assert_uint_eq(vm_page_count_free(), free0 + 3);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0 + 3);

	vm_object_unref(deep); /* now mid alone holds deep */
	vm_object_unref(mid);  /* and top alone holds mid */
	s = splhigh();
	vm_object_collapse(top);
	splx(s);
	/* deep is still shadowed through the window: offset 1 page, past
	 * deep's only page, which the collapse frees too. */
	ck_assert_uint_eq(vm_object_depth(top), 1);
	ck_assert_ptr_null(top->shadow);
	ck_assert_uint_eq(top->resident, 2);
	vm_object_unref(top);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_copy_now)
{
	vmtest_baseline();
	struct vm_object *below = vm_object_create(8 * PAGE_SIZE);
	put(below, 5 * PAGE_SIZE, 0x55);
	struct vm_object *o = vm_object_shadow(below, 0, 8 * PAGE_SIZE);
	put(o, 2 * PAGE_SIZE, 0x22);
	put(o, 6 * PAGE_SIZE, 0x66);

	spl_t s = splhigh();
	struct vm_object *c =
		vm_object_copy_now(o, 2 * PAGE_SIZE, 4 * PAGE_SIZE);
	splx(s);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->resident, 1); /* page 6 is outside */
	ck_assert_ptr_eq(c->shadow, below);
	memset(vm_page_kva(vm_object_page_lookup(o, 2 * PAGE_SIZE)), 0x99,
	       PAGE_SIZE);
	struct vm_object *holder;
	s = splhigh();
	ck_assert_uint_eq(first_byte(vm_object_chain_lookup(c, 0, &holder)),
			  0x22);
	ck_assert_uint_eq(
		first_byte(vm_object_chain_lookup(c, 3 * PAGE_SIZE, &holder)),
		0x55);
	splx(s);
	vm_object_unref(o);
	ck_assert_uint_eq(vm_object_refs(below), 1);
	vm_object_unref(c);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_copy_flat)
{
	vmtest_baseline();
	struct vm_object *b = vm_object_create(8 * PAGE_SIZE);
	put(b, 1 * PAGE_SIZE, 0xb1);
	put(b, 3 * PAGE_SIZE, 0xb3);
	put(b, 7 * PAGE_SIZE, 0xb7); /* outside every window below */
	struct vm_object *m = vm_object_shadow(b, PAGE_SIZE, 6 * PAGE_SIZE);
	put(m, 2 * PAGE_SIZE, 0x32); /* hides b page 3 */
	struct vm_object *t = vm_object_shadow(m, PAGE_SIZE, 4 * PAGE_SIZE);
	put(t, 3 * PAGE_SIZE, 0x43);

	spl_t s = splhigh();
	struct vm_object *f = vm_object_copy_flat(t, PAGE_SIZE, 3 * PAGE_SIZE);
	splx(s);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(vm_object_depth(f), 1);
	/* f's page i reads t's page i + 1: t3, m3 (none), m2 = 0x32. */
	ck_assert_uint_eq(f->resident, 2);
	ck_assert_uint_eq(first_byte(vm_object_page_lookup(f, 0)), 0x32);
	ck_assert_ptr_null(vm_object_page_lookup(f, PAGE_SIZE));
	ck_assert_uint_eq(first_byte(vm_object_page_lookup(f, 2 * PAGE_SIZE)),
			  0x43);
	vm_object_unref(t);
	vm_object_unref(f);
	VMTEST_CHECK_BASELINE();
}
END_TEST

static Suite *vm_object_suite(void)
{
	Suite *s = suite_create("vm_object");
	TCase *tc = tcase_create("objects");

	tcase_add_unchecked_fixture(tc, vmtest_boot, NULL);
	tcase_add_test(tc, test_create_destroy);
	tcase_add_test(tc, test_deferred_release);
	tcase_add_test(tc, test_hash_many);
	tcase_add_test(tc, test_chain_lookup);
	tcase_add_test(tc, test_collapse);
	tcase_add_test(tc, test_copy_now);
	tcase_add_test(tc, test_copy_flat);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(vm_object_suite());
}
