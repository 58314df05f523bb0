/*
 * tests/unit/test_vm_page.c - base/vm_page.c: load and reserve rounding,
 * the frame table, counts, alloc/free, zeroing, contiguous runs,
 * exhaustion, lookup, and misuse panics.
 *
 * Memory layout (physical, B = HOSTED_PHYS_BASE):
 *   loaded  [B + 0x800, B + 4 MiB + 0x123)  -> [B + 4 KiB, B + 4 MiB)
 *   loaded  [B + 8 MiB, B + 12 MiB)
 *   loaded  an empty range (rounds to nothing)
 *   reserved [B + 4 KiB + 0x10, B + 12 KiB - 1) -> 2 pages
 *   reserved [B + 9 MiB, B + 9 MiB + 1)         -> 1 page
 *   reserved [B + 16 MiB, B + 17 MiB)           -> outside: no effect
 * The frame table lands right after the first reservation.
 */
#include <string.h>
#include <base/debug.h>
#include <base/vm_page.h>
#include "unit.h"

#define B	    HOSTED_PHYS_BASE
#define MIB	    (1UL << 20)
#define R1_PAGES    ((4 * MIB - PAGE_SIZE) / PAGE_SIZE) /* 1023 */
#define R2_PAGES    (4 * MIB / PAGE_SIZE)		/* 1024 */
#define TOTAL_PAGES (R1_PAGES + R2_PAGES)

static unsigned long table_pages;

static void boot_frames(void)
{
	hosted_mem_init();
	vm_page_load(B + 0x800, B + 4 * MIB + 0x123);
	vm_page_load(B + 8 * MIB, B + 12 * MIB);
	vm_page_load(B + 20 * MIB + 0x10, B + 20 * MIB + 0x20);
	vm_page_reserve(B + PAGE_SIZE + 0x10, B + 3 * PAGE_SIZE - 1);
	vm_page_reserve(B + 9 * MIB, B + 9 * MIB + 1);
	vm_page_reserve(B + 16 * MIB, B + 17 * MIB);
	vm_page_init();
	table_pages = (TOTAL_PAGES * sizeof(struct vm_page) + PAGE_SIZE - 1) /
		      PAGE_SIZE;
}

START_TEST(test_counts)
{
	ck_assert_uint_eq(vm_page_count_total(), TOTAL_PAGES);
	ck_assert_uint_eq(vm_page_count_free(), TOTAL_PAGES - 3 - table_pages);
}
END_TEST

START_TEST(test_lookup)
{
	struct vm_page *p;

	ck_assert_ptr_null(vm_page_lookup(B));		 /* rounded away */
	ck_assert_ptr_null(vm_page_lookup(B + 4 * MIB)); /* end excluded */
	ck_assert_ptr_null(vm_page_lookup(B + 6 * MIB)); /* hole */
	ck_assert_ptr_null(vm_page_lookup(B + 20 * MIB));
	ck_assert_ptr_null(vm_page_lookup(B + 16 * MIB));
	p = vm_page_lookup(B + 8 * MIB + 5 * PAGE_SIZE + 7);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->phys, B + 8 * MIB + 5 * PAGE_SIZE);
	ck_assert_uint_eq(vm_page_lookup(B + 4 * MIB - 1)->phys,
			  B + 4 * MIB - PAGE_SIZE);
	/* Reservations, rounded outward. */
	ck_assert_uint_eq(vm_page_lookup(B + PAGE_SIZE)->type,
			  VM_PAGE_RESERVED);
	ck_assert_uint_eq(vm_page_lookup(B + 2 * PAGE_SIZE)->type,
			  VM_PAGE_RESERVED);
	ck_assert_uint_eq(vm_page_lookup(B + 9 * MIB)->type, VM_PAGE_RESERVED);
	ck_assert_uint_eq(vm_page_lookup(B + 9 * MIB + PAGE_SIZE)->type,
			  VM_PAGE_FREE);
}
END_TEST

START_TEST(test_frame_table_reserved)
{
	/* The table itself lives in RAM it reserved, right after the first
	 * reserved range (the lowest free space). */
	phys_addr_t table = kvtophys(vm_page_lookup(B + PAGE_SIZE));

	ck_assert_uint_eq(table, B + 3 * PAGE_SIZE);
	for (unsigned long i = 0; i < table_pages; i++)
		ck_assert_uint_eq(vm_page_lookup(table + i * PAGE_SIZE)->type,
				  VM_PAGE_RESERVED);
	ck_assert_uint_eq(vm_page_lookup(table + table_pages * PAGE_SIZE)->type,
			  VM_PAGE_FREE);
}
END_TEST

START_TEST(test_alloc_free)
{
	unsigned long free0 = vm_page_count_free();
	struct vm_page *p = vm_page_alloc(VM_PAGE_KERNEL);
	struct vm_page *q = vm_page_alloc(VM_PAGE_OBJECT);

	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert_ptr_ne(p, q);
	ck_assert_uint_eq(p->type, VM_PAGE_KERNEL);
	ck_assert_uint_eq(q->type, VM_PAGE_OBJECT);
	ck_assert_uint_eq(p->phys & PAGE_MASK, 0);
	ck_assert_ptr_eq(vm_page_lookup(p->phys), p);
	ck_assert_ptr_eq(vm_page_kva(p), phystokv(p->phys));
	ck_assert_uint_eq(vm_page_count_free(), free0 - 2);
	vm_page_free(p);
	vm_page_free(q);
	ck_assert_uint_eq(p->type, VM_PAGE_FREE);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

START_TEST(test_alloc_zeroed)
{
	struct vm_page *p = vm_page_alloc(VM_PAGE_KERNEL), *q;
	unsigned char *kva;

	ck_assert_ptr_nonnull(p);
	memset(vm_page_kva(p), 0xa5, PAGE_SIZE);
	vm_page_free(p);
	q = vm_page_alloc_zeroed(VM_PAGE_KERNEL);
	ck_assert_ptr_eq(q, p); /* the free list is LIFO */
	kva = vm_page_kva(q);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		ck_assert_uint_eq(kva[i], 0);
	vm_page_free(q);
}
END_TEST

START_TEST(test_contig)
{
	unsigned long free0 = vm_page_count_free();
	struct vm_page *p = vm_page_alloc_contig(8, VM_PAGE_KERNEL);

	ck_assert_ptr_nonnull(p);
	for (int i = 0; i < 8; i++) {
		ck_assert_uint_eq(p[i].phys, p[0].phys + i * PAGE_SIZE);
		ck_assert_uint_eq(p[i].type, VM_PAGE_KERNEL);
	}
	ck_assert_uint_eq(vm_page_count_free(), free0 - 8);
	/* No run is longer than the largest range. */
	ck_assert_ptr_null(vm_page_alloc_contig(R2_PAGES + 1, VM_PAGE_KERNEL));
	ck_assert_uint_eq(vm_page_count_free(), free0 - 8);
	vm_page_free_contig(p, 8);
	ck_assert_uint_eq(vm_page_count_free(), free0);
}
END_TEST

START_TEST(test_exhaustion)
{
	unsigned long free0 = vm_page_count_free(), n = 0;
	struct vm_page **all = calloc(free0 + 1, sizeof(*all));

	ck_assert_ptr_nonnull(all);
	while ((all[n] = vm_page_alloc(VM_PAGE_KERNEL)) != NULL) {
		ck_assert_uint_lt(n, free0);
		ck_assert_uint_eq(all[n]->type, VM_PAGE_KERNEL);
		n++;
	}
	ck_assert_uint_eq(n, free0);
	ck_assert_uint_eq(vm_page_count_free(), 0);
	ck_assert_ptr_null(vm_page_alloc_zeroed(VM_PAGE_KERNEL));
	ck_assert_ptr_null(vm_page_alloc_contig(2, VM_PAGE_KERNEL));
	/* Every usable, unreserved frame came out exactly once. */
	for (unsigned long i = 0; i < n; i++)
		all[i]->flags = 0x77;
	for (unsigned long i = 0; i < n; i++) {
		ck_assert_uint_eq(all[i]->flags, 0x77);
		all[i]->flags = 0;
		vm_page_free(all[i]);
	}
	ck_assert_uint_eq(vm_page_count_free(), free0);
	free(all);
}
END_TEST

START_TEST(test_misuse_panics)
{
	struct vm_page *p = vm_page_alloc(VM_PAGE_KERNEL);
	unsigned long free0;

	ck_assert_ptr_nonnull(p);
	hosted_console_capture(true);
	ck_assert(HOSTED_CATCH_PANIC(vm_page_reserve(p->phys, p->phys + 1)));
	vm_page_free(p);
	free0 = vm_page_count_free();
	ck_assert(HOSTED_CATCH_PANIC(vm_page_free(p))); /* double free */
	ck_assert(HOSTED_CATCH_PANIC(
		vm_page_free(vm_page_lookup(B + PAGE_SIZE)))); /* reserved */
	ck_assert(HOSTED_CATCH_PANIC(vm_page_load(B + 30 * MIB, B + 31 * MIB)));
	ck_assert(HOSTED_CATCH_PANIC(vm_page_init()));
	hosted_console_capture(false);
	ck_assert_uint_eq(vm_page_count_free(), free0);
	ck_assert_uint_eq(vm_page_count_total(), TOTAL_PAGES);
}
END_TEST

/* Last: changes the counts for good. */
START_TEST(test_reserve_after_init)
{
	unsigned long free0 = vm_page_count_free();
	struct vm_page *p = vm_page_alloc(VM_PAGE_KERNEL);
	phys_addr_t pa = p->phys;

	vm_page_free(p);
	vm_page_reserve(pa + 1, pa + 2);
	ck_assert_uint_eq(p->type, VM_PAGE_RESERVED);
	ck_assert_uint_eq(vm_page_count_free(), free0 - 1);
	vm_page_reserve(pa, pa + PAGE_SIZE); /* again: no change */
	ck_assert_uint_eq(vm_page_count_free(), free0 - 1);
	for (int i = 0; i < 16; i++) {
		struct vm_page *q = vm_page_alloc(VM_PAGE_KERNEL);

		ck_assert_ptr_ne(q, p);
		vm_page_free(q);
	}
}
END_TEST

static Suite *vm_page_suite(void)
{
	Suite *s = suite_create("vm_page");
	TCase *tc = tcase_create("frames");

	tcase_add_unchecked_fixture(tc, boot_frames, NULL);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_frame_table_reserved);
	tcase_add_test(tc, test_alloc_free);
	tcase_add_test(tc, test_alloc_zeroed);
	tcase_add_test(tc, test_contig);
	tcase_add_test(tc, test_exhaustion);
	tcase_add_test(tc, test_misuse_panics);
	tcase_add_test(tc, test_reserve_after_init);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(vm_page_suite());
}
