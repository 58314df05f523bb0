/*
 * tests/unit/vm/test_vm_copy.c - vm/vm_map_copy.c: out-of-line transfers
 * (copyin with and without deallocate, copyout, discard), their cost for
 * large untouched ranges, vm_write (overwrite), snapshots of shared
 * memory, errors, and depth under repeated transfers.
 */
#include "vmtest.h"

#define A   0x100000UL
#define P   PAGE_SIZE
#define MIB (1UL << 20)

static struct vm_map *new_map(void)
{
	struct vm_map *map = vm_map_create();
	ck_assert_ptr_nonnull(map);
	return map;
}

static void enter(struct vm_map *map, uintptr_t addr, size_t size, int prot,
		  int inherit)
{
	ck_assert_int_eq(vm_map_enter(map, &addr, size, false, prot,
				      VM_PROT_ALL, inherit),
			 KERN_SUCCESS);
}

START_TEST(test_copyin_copyout)
{
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;
	uintptr_t at;

	enter(snd, A, 8 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(rcv, USER_ADDR_MIN, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(snd, A, 8, 0x20));
	unsigned long resident = vm_object_resident_count();
	ck_assert_int_eq(vm_map_copyin(snd, A + P + 100, 3 * P, false, &copy),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(copy);
	ck_assert_uint_eq(copy->size, 4 * P);
	ck_assert_uint_eq(copy->offset, 100);
	ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0 + 1);
	/* The sender keeps its memory, now copy-on-write. */
	ck_assert(uput(snd, A + 2 * P, 0x99));
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0);
	ck_assert_uint_eq(at, USER_ADDR_MIN + 2 * P + 100);
	ck_assert(ucheck(rcv, at - 100, 4, 0x21));
	ck_assert_uint_eq(vm_object_resident_count(), resident + 1);
	ck_assert(uput(rcv, at, 0x77));
	ck_assert_int_eq(uget(snd, A + P + 100), 0x21);
	ck_assert_int_eq(uget(snd, A + 2 * P), 0x99);
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(rcv, at, &ri), KERN_SUCCESS);
	ck_assert_int_eq(ri.prot, VM_PROT_DEFAULT);
	ck_assert_int_eq(ri.max_prot, VM_PROT_ALL);
	ck_assert_int_eq(ri.inherit, VM_INHERIT_DEFAULT);
	vm_map_destroy(snd);
	ck_assert(ucheck(rcv, at - 100 + P, 3, 0x22));
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_deallocate_moves)
{
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;
	uintptr_t at;

	enter(snd, A, 8 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(snd, A, 8, 0x60));
	unsigned long resident = vm_object_resident_count();
	ck_assert_int_eq(vm_map_copyin(snd, A + 2 * P, 4 * P, true, &copy),
			 KERN_SUCCESS);
	ck_assert_ptr_null(vm_map_lookup(snd, A + 2 * P));
	ck_assert_ptr_null(vm_map_lookup(snd, A + 6 * P - 1));
	ck_assert_ptr_nonnull(vm_map_lookup(snd, A + 6 * P));
	ck_assert_int_eq(uget(snd, A + 3 * P), -1);
	ck_assert_int_eq(vmtest_last_kr, KERN_INVALID_ADDRESS);
	ck_assert(ucheck(snd, A, 2, 0x60));
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert(ucheck(rcv, at, 4, 0x62));
	/* The receiver writes its pages in place: nobody else sees them,
	 * so no page is copied (the sender's other pages still share the
	 * object). */
	ck_assert(ufill(rcv, at, 4, 0x10));
	ck_assert_uint_le(vm_object_resident_count(), resident + 4);
	ck_assert(ucheck(snd, A + 6 * P, 2, 0x66));
	vm_map_destroy(snd);
	/* Alone now: further writes stay in the same pages. */
	resident = vm_object_resident_count();
	ck_assert(ufill(rcv, at, 4, 0x30));
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert_uint_le(vm_map_depth(rcv, at), 2);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* The page that reads at va of map (its entry's chain), or NULL. */
static struct vm_page *page_at(struct vm_map *map, uintptr_t va)
{
	struct vm_map_entry *e = vm_map_lookup(map, va);
	struct vm_object *holder;

	if (e == NULL || e->object == NULL)
		return NULL;
	return vm_object_chain_lookup(e->object, e->offset + (va - e->start),
				      &holder);
}

/* A deallocating copyin moves the sender's pages themselves: no page is
 * copied or allocated, the sender loses the range (and its pmap entries),
 * the receiver reads the same frames; undone, the range comes back. */
START_TEST(test_deallocate_moves_pages)
{
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;
	struct vm_page *pages[4];
	uintptr_t at;

	enter(snd, A, 4 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(snd, A, 4, 0x70));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_ptr_nonnull(pages[i] = page_at(snd, A + i * P));
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 4);
	unsigned long resident = vm_object_resident_count();
	unsigned long objects = vm_object_count();
	unsigned long free0 = vm_page_count_free();

	/* Sent and not received: it goes back where it was. */
	ck_assert_int_eq(vm_map_copyin(snd, A, 4 * P, true, &copy),
			 KERN_SUCCESS);
	ck_assert(vm_map_copy_moved(copy));
	ck_assert_ptr_null(vm_map_lookup(snd, A));
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 0);
	vm_map_copy_unmove(snd, copy);
	ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0);
	ck_assert(ucheck(snd, A, 4, 0x70));
	ck_assert_ptr_eq(page_at(snd, A + 3 * P), pages[3]);

	ck_assert_int_eq(vm_map_copyin(snd, A + 100, 4 * P - 100, true, &copy),
			 KERN_SUCCESS);
	ck_assert(vm_map_copy_moved(copy));
	ck_assert_uint_eq(snd->size, 0);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 0);
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert_uint_eq(vm_object_count(), objects);
	/* (at most a slab page for the copy itself) */
	ck_assert_uint_ge(vm_page_count_free() + 1, free0);
	for (unsigned i = 0; i < 4; i++)
		ck_assert_ptr_eq(vm_map_copy_page(copy, i * P), pages[i]);
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert_uint_eq(at & PAGE_MASK, 100);
	at -= 100;
	/* Mapped lazily: nothing in the receiver's pmap until touched. */
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), 0);
	ck_assert(ucheck(rcv, at, 4, 0x70));
	/* Nobody else holds the object: writes go to the same frames. */
	ck_assert(ufill(rcv, at, 4, 0x20));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_ptr_eq(page_at(rcv, at + i * P), pages[i]);
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	/* An unmove into a map the copy did not come from, or onto a range
	 * taken since, discards it. */
	enter(snd, A, P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert_int_eq(vm_map_copyin(rcv, at, 2 * P, true, &copy),
			 KERN_SUCCESS);
	vm_map_copy_unmove(snd, copy);
	ck_assert_ptr_null(vm_map_lookup(rcv, at));
	ck_assert_int_eq(vm_map_copyin(rcv, at + 2 * P, 2 * P, true, &copy),
			 KERN_SUCCESS);
	enter(rcv, at + 2 * P, P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	vm_map_copy_unmove(rcv, copy);
	ck_assert_int_eq(uget(rcv, at + 2 * P), 0);
	ck_assert_ptr_null(vm_map_lookup(rcv, at + 3 * P));
	vm_map_destroy(snd);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* Moving an object that an earlier (non-deallocating) copy still reads
 * keeps both snapshots: the moved range is copy-on-write. */
START_TEST(test_move_keeps_earlier_snapshot)
{
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *first, *moved;
	uintptr_t a1, a2;

	enter(snd, A, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(snd, A, 2, 0x10));
	ck_assert_int_eq(vm_map_copyin(snd, A, 2 * P, false, &first),
			 KERN_SUCCESS);
	ck_assert(!vm_map_copy_moved(first));
	ck_assert_int_eq(vm_map_copyin(snd, A, 2 * P, true, &moved),
			 KERN_SUCCESS);
	ck_assert(vm_map_copy_moved(moved));
	ck_assert_int_eq(vm_map_copyout(rcv, &a1, first), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(rcv, &a2, moved), KERN_SUCCESS);
	ck_assert(uput(rcv, a2, 0x99));
	ck_assert_int_eq(uget(rcv, a1), 0x10);
	ck_assert(uput(rcv, a1 + P, 0x77));
	ck_assert_int_eq(uget(rcv, a2 + P), 0x11);
	ck_assert_int_eq(uget(rcv, a2), 0x99);
	vm_map_destroy(snd);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* vm_map_move: the sender's pages go straight into the receiver (no copy
 * object, no page copied or allocated), the range unmapped in the sender,
 * mapped lazily in the receiver; prepare alone changes nothing a map
 * reads; its errors. */
START_TEST(test_move_between_maps)
{
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_move mv;
	struct vm_page *pages[4];
	uintptr_t at;

	enter(snd, A, 8 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(rcv, USER_ADDR_MIN, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(snd, A, 8, 0x40));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_ptr_nonnull(pages[i] = page_at(snd, A + (2 + i) * P));
	unsigned long resident = vm_object_resident_count();
	unsigned long objects = vm_object_count();
	unsigned long free0 = vm_page_count_free();

	/* Prepared and given up: both maps read as before. */
	ck_assert_int_eq(
		vm_map_move_prepare(snd, A + 2 * P + 8, 4 * P - 8, rcv, &mv),
		KERN_SUCCESS);
	ck_assert_uint_eq(mv.to, USER_ADDR_MIN + 2 * P);
	ck_assert(ucheck(snd, A, 8, 0x40));
	ck_assert_uint_eq(snd->size, 8 * P);
	ck_assert_uint_eq(rcv->size, 2 * P);
	ck_assert(vm_map_check(snd));

	/* Prepared again and done. */
	ck_assert_int_eq(
		vm_map_move_prepare(snd, A + 2 * P + 8, 4 * P - 8, rcv, &mv),
		KERN_SUCCESS);
	at = vm_map_move_commit(&mv);
	ck_assert_uint_eq(at, USER_ADDR_MIN + 2 * P + 8);
	at -= 8;
	ck_assert(vm_map_check(snd));
	ck_assert(vm_map_check(rcv));
	ck_assert_uint_eq(snd->size, 4 * P);
	ck_assert_uint_eq(rcv->size, 6 * P);
	ck_assert_ptr_null(vm_map_lookup(snd, A + 2 * P));
	ck_assert_ptr_null(vm_map_lookup(snd, A + 6 * P - 1));
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 4);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), 0);
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert_uint_eq(vm_object_count(), objects);
	ck_assert_uint_ge(vm_page_count_free() + 1, free0);
	ck_assert(ucheck(snd, A, 2, 0x40));
	ck_assert(ucheck(snd, A + 6 * P, 2, 0x46));
	ck_assert(ucheck(rcv, at, 4, 0x42));
	for (unsigned i = 0; i < 4; i++)
		ck_assert_ptr_eq(page_at(rcv, at + i * P), pages[i]);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), 4);
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(rcv, at, &ri), KERN_SUCCESS);
	ck_assert_int_eq(ri.prot, VM_PROT_DEFAULT);
	ck_assert_int_eq(ri.max_prot, VM_PROT_ALL);
	ck_assert_int_eq(ri.inherit, VM_INHERIT_DEFAULT);
	/* The object is still the sender's too: writes stay on their side. */
	ck_assert(uput(rcv, at, 0x99));
	ck_assert_int_eq(uget(snd, A + P), 0x41);
	ck_assert(uput(snd, A + 7 * P, 0x98));
	ck_assert_int_eq(uget(rcv, at + 3 * P), 0x45);
	ck_assert_int_eq(uget(rcv, at), 0x99);

	/* Within one map the range stays where it is, mapped as it was, with
	 * the new protections. */
	ck_assert_int_eq(
		vm_map_protect(rcv, at, at + 2 * P, VM_PROT_READ, false),
		KERN_SUCCESS);
	size_t mapped = hosted_pmap_count(vm_map_pmap(rcv));
	size_t entries = vm_map_entry_count(rcv);
	ck_assert_int_eq(vm_map_move_prepare(rcv, at + 5, 2 * P - 5, rcv, &mv),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_move_commit(&mv), at + 5);
	ck_assert(vm_map_check(rcv));
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), mapped);
	ck_assert_uint_eq(vm_map_entry_count(rcv), entries);
	ck_assert_uint_eq(rcv->size, 6 * P);
	ck_assert_int_eq(vm_map_region(rcv, at, &ri), KERN_SUCCESS);
	ck_assert_int_eq(ri.prot, VM_PROT_DEFAULT);
	ck_assert_int_eq(ri.max_prot, VM_PROT_ALL);
	ck_assert_uint_eq(ri.size, 2 * P);
	ck_assert_int_eq(uget(rcv, at), 0x99);
	ck_assert(uput(rcv, at + P, 0x55)); /* writable again */
	ck_assert_int_eq(uget(rcv, at + 2 * P), 0x44);
	/* An entry that could execute leaves the pmap; one that could not
	 * be written becomes copy-on-write. */
	ck_assert_int_eq(vm_map_protect(rcv, at, at + P, VM_PROT_ALL, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		vm_map_protect(rcv, at + P, at + 2 * P, VM_PROT_READ, true),
		KERN_SUCCESS);
	ck_assert_int_eq(uget(rcv, at), 0x99);
	mapped = hosted_pmap_count(vm_map_pmap(rcv));
	ck_assert_int_eq(vm_map_move_prepare(rcv, at, 2 * P, rcv, &mv),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_move_commit(&mv), at);
	ck_assert(vm_map_check(rcv));
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), mapped - 1);
	ck_assert(!vm_map_lookup(rcv, at)->mapped);
	ck_assert(vm_map_lookup(rcv, at + P)->needs_copy);
	ck_assert_int_eq(vm_map_lookup(rcv, at + P)->max_prot, VM_PROT_ALL);
	ck_assert_int_eq(uget(rcv, at), 0x99);
	ck_assert_int_eq(uget(rcv, at + P), 0x55);
	ck_assert(uput(rcv, at + P, 0x66));
	ck_assert_int_eq(uget(rcv, at + P), 0x66);

	/* Errors, nothing changed. */
	ck_assert_int_eq(vm_map_move_prepare(snd, A, 0, rcv, &mv),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_move_prepare(snd, A + P, 2 * P, rcv, &mv),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_move_prepare(snd, ~0UL - P, 2 * P, rcv, &mv),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_protect(snd, A, A + P, VM_PROT_NONE, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_move_prepare(snd, A, P, rcv, &mv),
			 KERN_PROTECTION_FAILURE);
	rcv->size_cur_limit = rcv->size;
	ck_assert_int_eq(vm_map_move_prepare(snd, A + 6 * P, P, rcv, &mv),
			 KERN_NO_SPACE);
	rcv->size_cur_limit = rcv->size_max_limit;
	ck_assert(ucheck(snd, A + 6 * P, 1, 0x46));
	ck_assert_uint_eq(snd->size, 4 * P);
	vm_map_destroy(snd);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* 64 MiB, never touched: a few objects' worth of work, not 16384 pages. */
START_TEST(test_large_untouched)
{
	const size_t size = 64 * MIB;
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;
	uintptr_t at;

	enter(snd, A, size, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	unsigned long free0 = vm_page_count_free();
	ck_assert_int_eq(vm_map_copyin(snd, A, size, false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert_uint_ge(vm_page_count_free() + 4, free0);
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 0);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(rcv)), 0);
	/* Reads as zero on both sides; writes stay on their side. */
	ck_assert_int_eq(uget(rcv, at + size - 1), 0);
	ck_assert(uput(snd, A + size / 2, 5));
	ck_assert_int_eq(uget(rcv, at + size / 2), 0);
	ck_assert(uput(rcv, at + P, 6));
	ck_assert_int_eq(uget(snd, A + P), 0);
	/* Touched at a few pages, sent with deallocate: still cheap. */
	ck_assert(ufill(snd, A, 16, 1));
	free0 = vm_page_count_free();
	unsigned long resident = vm_object_resident_count();
	ck_assert_int_eq(vm_map_copyin(snd, A, size, true, &copy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(snd->size, 0);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(snd)), 0);
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert_uint_ge(vm_page_count_free() + 4, free0);
	ck_assert(ucheck(rcv, at, 16, 1));
	ck_assert_int_eq(uget(rcv, at + size / 2), 5);
	vm_map_destroy(snd);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_errors)
{
	vmtest_baseline();
	struct vm_map *map = new_map(), *small = new_map();
	struct vm_map_copy *copy = (void *)1;
	uintptr_t at = 1;

	enter(map, A, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 3 * P, P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 4 * P, P, VM_PROT_WRITE, VM_INHERIT_COPY);
	enter(map, A + 5 * P, P, VM_PROT_READ, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 2, 3));
	ck_assert_int_eq(vm_map_copyin(map, A, 4 * P, true, &copy),
			 KERN_INVALID_ADDRESS);
	ck_assert_ptr_null(copy);
	ck_assert(ucheck(map, A, 2, 3)); /* nothing removed */
	ck_assert_int_eq(vm_map_copyin(map, A + 3 * P, 2 * P, true, &copy),
			 KERN_PROTECTION_FAILURE);
	ck_assert_ptr_nonnull(vm_map_lookup(map, A + 3 * P));
	ck_assert_int_eq(
		vm_map_copyin(map, UINTPTR_MAX - P, 2 * P, false, &copy),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copyin(map, A, 0, true, &copy), KERN_SUCCESS);
	ck_assert_ptr_null(copy);
	ck_assert_int_eq(vm_map_copyout(map, &at, NULL), KERN_SUCCESS);
	ck_assert_uint_eq(at, 0);
	vm_map_copy_discard(NULL);
	/* No room in the receiver: the caller keeps the copy. */
	small->max = small->min + P;
	ck_assert_int_eq(vm_map_copyin(map, A, 2 * P, false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(small, &at, copy), KERN_NO_SPACE);
	ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0 + 1);
	/* vm_write errors: alignment, protection, holes. */
	ck_assert_int_eq(vm_map_copy_overwrite(map, A + 1, copy),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_copy_overwrite(map, A + 4 * P, copy),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_copy_overwrite(map, A + P, copy),
			 KERN_INVALID_ADDRESS);
	vm_map_copy_discard(copy);
	ck_assert_int_eq(vm_map_copyin(map, A + 10, P, false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(map, A, copy),
			 KERN_INVALID_ARGUMENT); /* not page aligned */
	vm_map_copy_discard(copy);
	vm_map_destroy(small);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* vm_write into another task, private and shared memory. */
START_TEST(test_overwrite)
{
	vmtest_baseline();
	struct vm_map *src = new_map(), *dst = new_map();
	struct vm_map_copy *copy;

	enter(src, A, 4 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(src, A, 4, 0x80));
	enter(dst, A, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(dst, A + 2 * P, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_SHARE);
	enter(dst, A + 4 * P, P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(dst, A, 5, 0x10));
	struct vm_map *sharer = vm_map_fork(dst);
	ck_assert_ptr_nonnull(sharer);

	ck_assert_int_eq(vm_map_copyin(src, A, 4 * P, false, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copy_overwrite(dst, A + P, copy), KERN_SUCCESS);
	ck_assert_int_eq(uget(dst, A), 0x10);
	ck_assert(ucheck(dst, A + P, 4, 0x80));
	/* The shared part was written in place: the sharer sees it; the
	 * private part not. */
	ck_assert(ucheck(sharer, A + 2 * P, 2, 0x81));
	ck_assert_int_eq(uget(sharer, A + P), 0x11);
	ck_assert_int_eq(uget(sharer, A + 4 * P), 0x14);
	/* Protections and inheritance of the destination are kept. */
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(dst, A + 2 * P, &ri), KERN_SUCCESS);
	ck_assert_int_eq(ri.inherit, VM_INHERIT_SHARE);
	ck_assert(ri.shared);
	/* Later writes stay apart. */
	ck_assert(uput(src, A, 0x01));
	ck_assert(uput(dst, A + 2 * P, 0x02));
	ck_assert_int_eq(uget(dst, A + P), 0x80);
	ck_assert_int_eq(uget(src, A + P), 0x81);
	ck_assert_int_eq(uget(sharer, A + 2 * P), 0x02);
	vm_map_destroy(src);
	vm_map_destroy(dst);
	vm_map_destroy(sharer);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* Sending shared memory gives a snapshot, not a window. */
START_TEST(test_copy_of_shared)
{
	vmtest_baseline();
	struct vm_map *map = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;
	uintptr_t at;

	enter(map, A, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_SHARE);
	ck_assert(ufill(map, A, 2, 0x40));
	struct vm_map *sharer = vm_map_fork(map);
	ck_assert_int_eq(vm_map_copyin(sharer, A, 2 * P, true, &copy),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_copyout(rcv, &at, copy), KERN_SUCCESS);
	ck_assert(uput(map, A, 0x55));
	ck_assert(ucheck(rcv, at, 2, 0x40));
	ck_assert(uput(rcv, at + P, 0x66));
	ck_assert_int_eq(uget(map, A + P), 0x41);
	vm_map_destroy(sharer);
	vm_map_destroy(map);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* A buffer bounced 100 times between two tasks, written at each hop. */
START_TEST(test_ping_pong)
{
	vmtest_baseline();
	struct vm_map *m[2] = {new_map(), new_map()};
	struct vm_map_copy *copy;
	uintptr_t at = A;

	enter(m[0], A, 4 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(m[0], A, 4, 0));
	for (unsigned i = 1; i <= 100; i++) {
		struct vm_map *from = m[(i - 1) % 2], *to = m[i % 2];
		ck_assert_int_eq(vm_map_copyin(from, at, 4 * P, true, &copy),
				 KERN_SUCCESS);
		ck_assert_uint_eq(from->size, 0);
		ck_assert_int_eq(vm_map_copyout(to, &at, copy), KERN_SUCCESS);
		ck_assert_int_eq(uget(to, at + (i % 4) * P),
				 i < 4 ? (int)(i % 4) : (int)((i - 4) & 0xff));
		ck_assert(uput(to, at + (i % 4) * P, (unsigned char)i));
		ck_assert_uint_le(vm_map_depth(to, at), 1);
	}
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0 + 1);
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0 + 4);
	vm_map_destroy(m[0]);
	vm_map_destroy(m[1]);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* 100 snapshots of a buffer the sender keeps writing: each received
 * copy holds its own generation. */
START_TEST(test_many_snapshots)
{
	enum { N = 100 };
	uintptr_t got[N];
	vmtest_baseline();
	struct vm_map *snd = new_map(), *rcv = new_map();
	struct vm_map_copy *copy;

	enter(snd, A, 2 * P, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	for (unsigned i = 0; i < N; i++) {
		ck_assert(ufill(snd, A, 1, i));
		ck_assert_int_eq(vm_map_copyin(snd, A, 2 * P, false, &copy),
				 KERN_SUCCESS);
		ck_assert_int_eq(vm_map_copyout(rcv, &got[i], copy),
				 KERN_SUCCESS);
		if (i % 3 == 0)
			ck_assert(uput(rcv, got[i] + P, (unsigned char)i));
		ck_assert_uint_le(vm_map_depth(rcv, got[i]),
				  VM_OBJECT_DEPTH_MAX);
		ck_assert_uint_le(vm_map_depth(snd, A), VM_OBJECT_DEPTH_MAX);
	}
	for (unsigned i = 0; i < N; i++) {
		ck_assert_int_eq(uget(rcv, got[i]), (unsigned char)i);
		ck_assert_int_eq(uget(rcv, got[i] + P),
				 i % 3 == 0 ? (int)(unsigned char)i : 0);
	}
	vm_map_destroy(snd);
	vm_map_destroy(rcv);
	VMTEST_CHECK_BASELINE();
}
END_TEST

static Suite *vm_copy_suite(void)
{
	Suite *s = suite_create("vm_map_copy");
	TCase *tc = tcase_create("copies");

	tcase_add_unchecked_fixture(tc, vmtest_boot, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_copyin_copyout);
	tcase_add_test(tc, test_deallocate_moves);
	tcase_add_test(tc, test_deallocate_moves_pages);
	tcase_add_test(tc, test_move_keeps_earlier_snapshot);
	tcase_add_test(tc, test_move_between_maps);
	tcase_add_test(tc, test_large_untouched);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_overwrite);
	tcase_add_test(tc, test_copy_of_shared);
	tcase_add_test(tc, test_ping_pong);
	tcase_add_test(tc, test_many_snapshots);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(vm_copy_suite());
}
