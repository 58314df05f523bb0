/*
 * tests/unit/vm/test_vm_map.c - vm/vm_map.c and vm/vm_fault.c: entering,
 * clipping and removing ranges; the fault path (zero fill, protection,
 * invalid addresses, copy-up); vm_protect and maximum protections;
 * inheritance and fork (share / copy / none); vm_copy; kernel reads and
 * writes; regions; chain depth under 100 generations of copies; the
 * entry tree (thousands of entries, find_space against the old linear
 * scan, random operations against a reference model).
 * User accesses go through the hosted MMU (vmtest.h).
 */
#include <base/task.h>
#include "vmtest.h"

#define A 0x100000UL
#define P PAGE_SIZE

static struct vm_map *new_map(void)
{
	struct vm_map *map = vm_map_create();
	ck_assert_ptr_nonnull(map);
	return map;
}

static void enter(struct vm_map *map, uintptr_t addr, size_t pages, int prot,
		  int inherit)
{
	ck_assert_int_eq(vm_map_enter(map, &addr, pages * P, false, prot,
				      VM_PROT_ALL, inherit),
			 KERN_SUCCESS);
}

START_TEST(test_enter_remove)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	uintptr_t addr = A;

	enter(map, A, 10, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert_uint_eq(map->size, 10 * P);
	/* Overlaps and bad arguments. */
	ck_assert_int_eq(vm_map_enter(map, &addr, P, false, VM_PROT_DEFAULT,
				      VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_NO_SPACE);
	addr = A + 1;
	ck_assert_int_eq(vm_map_enter(map, &addr, P, false, VM_PROT_DEFAULT,
				      VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_enter(map, &addr, P + 1, true, VM_PROT_DEFAULT,
				      VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map_enter(map, &addr, P, true, VM_PROT_ALL,
				      VM_PROT_READ, VM_INHERIT_COPY),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_map_enter(map, &addr, P, true, VM_PROT_READ, VM_PROT_ALL, 7),
		KERN_INVALID_ARGUMENT);
	/* anywhere: the first hole at or above the hint. */
	addr = A;
	ck_assert_int_eq(vm_map_enter(map, &addr, 2 * P, true, VM_PROT_DEFAULT,
				      VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert_uint_eq(addr, A + 10 * P);
	ck_assert_ptr_null(vm_map_lookup(map, A - 1));
	ck_assert_ptr_nonnull(vm_map_lookup(map, A + 12 * P - 1));

	ck_assert(ufill(map, A, 12, 1));
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0 + 12);
	/* Remove the middle of the first entry: clipped in three. */
	ck_assert_int_eq(vm_map_remove(map, A + 3 * P, A + 6 * P),
			 KERN_SUCCESS);
	ck_assert_uint_eq(map->size, 9 * P);
	ck_assert_uint_eq(hosted_pmap_count(vm_map_pmap(map)), 9);
	ck_assert(ucheck(map, A, 3, 1));
	ck_assert(ucheck(map, A + 6 * P, 6, 7));
	ck_assert_int_eq(uget(map, A + 4 * P), -1);
	ck_assert_int_eq(vmtest_last_kr, KERN_INVALID_ADDRESS);
	/* The object stays until its last piece goes; its pages with it. */
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0 + 12);
	ck_assert_int_eq(vm_map_remove(map, A, A + 6 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_remove(map, A + 6 * P, A + 10 * P),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_object_resident_count(), vmtest_resident0 + 2);
	ck_assert_int_eq(vm_map_remove(map, A + 1, A + P),
			 KERN_INVALID_ARGUMENT);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_fault_codes)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 2, VM_PROT_READ, VM_INHERIT_COPY);
	enter(map, A + 4 * P, 1, VM_PROT_NONE, VM_INHERIT_COPY);

	ck_assert_int_eq(vm_map_fault(map, A - P, VM_FAULT_READ),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_fault(map, A + 2 * P, VM_FAULT_READ),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_fault(map, A, VM_FAULT_WRITE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_fault(map, A, VM_FAULT_EXECUTE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_fault(map, A + 4 * P, VM_FAULT_READ),
			 KERN_PROTECTION_FAILURE);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0);
	/* Zero fill on read; the user store is refused by the MMU. */
	ck_assert_int_eq(uget(map, A + P + 5), 0);
	ck_assert_uint_eq(vm_object_count(), vmtest_objects0 + 1);
	ck_assert(!uput(map, A + P, 1));
	ck_assert_int_eq(vmtest_last_kr, KERN_PROTECTION_FAILURE);
	/* The fault path works inside a critical section too. */
	spl_t s = splhigh();
	ck_assert_int_eq(vm_map_fault(map, A, VM_FAULT_READ), KERN_SUCCESS);
	ck_assert(!arch_intr_enabled());
	splx(s);
	ck_assert(arch_intr_enabled());
	/* vm_fault on a task without a map. */
	struct task *t = hosted_task_new("nomap");
	ck_assert_int_eq(vm_fault(t, A, VM_FAULT_READ), KERN_INVALID_ADDRESS);
	t->map = map;
	ck_assert_int_eq(vm_fault(t, A, VM_FAULT_READ), KERN_SUCCESS);
	ck_assert_int_eq(vm_fault(t, A, VM_FAULT_WRITE),
			 KERN_PROTECTION_FAILURE);
	t->map = NULL;
	task_unref(t);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_protect)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	uintptr_t addr = A + 4 * P;

	enter(map, A, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert_int_eq(vm_map_enter(map, &addr, 4 * P, false, VM_PROT_READ,
				      VM_PROT_READ | VM_PROT_WRITE,
				      VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert(ufill(map, A, 4, 10));
	/* Above the second entry's maximum: refused, nothing changed. */
	ck_assert_int_eq(vm_map_protect(map, A, A + 8 * P, VM_PROT_ALL, false),
			 KERN_PROTECTION_FAILURE);
	ck_assert(uput(map, A, 10));
	/* A hole: refused. */
	ck_assert_int_eq(vm_map_protect(map, A, A + 9 * P, VM_PROT_READ, false),
			 KERN_INVALID_ADDRESS);
	ck_assert(uput(map, A, 10));
	/* Read-only in the middle: writes there fail, around they work. */
	ck_assert_int_eq(
		vm_map_protect(map, A + P, A + 3 * P, VM_PROT_READ, false),
		KERN_SUCCESS);
	ck_assert(!uput(map, A + P, 1));
	ck_assert_int_eq(vmtest_last_kr, KERN_PROTECTION_FAILURE);
	ck_assert(!uput(map, A + 2 * P, 1));
	ck_assert(uput(map, A + 3 * P, 13));
	ck_assert(uput(map, A, 10));
	ck_assert(ucheck(map, A, 4, 10));
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(map, A + P, &ri), KERN_SUCCESS);
	ck_assert_uint_eq(ri.start, A + P);
	ck_assert_uint_eq(ri.size, 2 * P);
	ck_assert_int_eq(ri.prot, VM_PROT_READ);
	/* Back to read-write: granted lazily by the next fault. */
	ck_assert_int_eq(
		vm_map_protect(map, A + P, A + 3 * P, VM_PROT_DEFAULT, false),
		KERN_SUCCESS);
	ck_assert(uput(map, A + P, 0x77));
	ck_assert_int_eq(uget(map, A + P), 0x77);
	/* set_max cuts the current protection down. */
	ck_assert_int_eq(vm_map_protect(map, A, A + 4 * P, VM_PROT_READ, true),
			 KERN_SUCCESS);
	ck_assert(!uput(map, A, 1));
	ck_assert_int_eq(vm_map_protect(map, A, A + P, VM_PROT_DEFAULT, false),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_region(map, A, &ri), KERN_SUCCESS);
	ck_assert_int_eq(ri.max_prot, VM_PROT_READ);
	ck_assert_int_eq(ri.prot, VM_PROT_READ);
	/* NONE: even reads fault. */
	ck_assert_int_eq(vm_map_protect(map, A, A + P, VM_PROT_NONE, false),
			 KERN_SUCCESS);
	ck_assert_int_eq(uget(map, A), -1);
	ck_assert_int_eq(vmtest_last_kr, KERN_PROTECTION_FAILURE);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* Dropping only execute must not make a copy-on-write page writable. */
START_TEST(test_protect_keeps_cow)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 2, VM_PROT_ALL, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 2, 0x30));
	struct vm_map *child = vm_map_fork(map);
	ck_assert_ptr_nonnull(child);
	ck_assert_int_eq(uget(map, A), 0x30); /* mapped read-only */
	ck_assert_int_eq(
		vm_map_protect(map, A, A + 2 * P, VM_PROT_DEFAULT, false),
		KERN_SUCCESS);
	ck_assert(ufill(map, A, 2, 0x50));
	ck_assert(ucheck(child, A, 2, 0x30));
	ck_assert(ucheck(map, A, 2, 0x50));
	vm_map_destroy(child);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_inherit_fork)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 4, VM_PROT_DEFAULT, VM_INHERIT_SHARE);
	enter(map, A + 8 * P, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 16 * P, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 24 * P, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert_int_eq(
		vm_map_inherit(map, A + 16 * P, A + 20 * P, VM_INHERIT_NONE),
		KERN_SUCCESS);
	ck_assert_int_eq(vm_map_inherit(map, A, A + 5 * P, VM_INHERIT_NONE),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_inherit(map, A, A + P, 9),
			 KERN_INVALID_ARGUMENT);
	ck_assert(ufill(map, A, 4, 1));
	ck_assert(ufill(map, A + 8 * P, 4, 2));
	ck_assert(ufill(map, A + 16 * P, 4, 3));
	/* A + 24 P: never touched. */
	unsigned long resident = vm_object_resident_count();

	struct vm_map *child = vm_map_fork(map);
	ck_assert_ptr_nonnull(child);
	ck_assert_uint_eq(vm_object_resident_count(), resident); /* no copy */
	ck_assert_uint_eq(child->size, 12 * P);
	ck_assert_ptr_null(vm_map_lookup(child, A + 16 * P));
	ck_assert(ucheck(child, A, 4, 1));
	ck_assert(ucheck(child, A + 8 * P, 4, 2));
	ck_assert_int_eq(uget(child, A + 24 * P), 0);
	/* Shared: both ways. */
	ck_assert(uput(child, A + P, 0xc1));
	ck_assert_int_eq(uget(map, A + P), 0xc1);
	ck_assert(uput(map, A + 2 * P, 0xa2));
	ck_assert_int_eq(uget(child, A + 2 * P), 0xa2);
	/* Copied: neither way. Read first, so that both map the page. */
	ck_assert_int_eq(uget(map, A + 9 * P), 3);
	ck_assert(uput(map, A + 9 * P, 0xa9));
	ck_assert_int_eq(uget(child, A + 9 * P), 3);
	ck_assert(uput(child, A + 10 * P, 0xca));
	ck_assert_int_eq(uget(map, A + 10 * P), 4);
	ck_assert_int_eq(uget(child, A + 10 * P), 0xca);
	ck_assert(uput(child, A + 24 * P, 0x24));
	ck_assert_int_eq(uget(map, A + 24 * P), 0);
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(child, 0, &ri), KERN_SUCCESS);
	ck_assert_uint_eq(ri.start, A);
	ck_assert(ri.shared);
	ck_assert_int_eq(vm_map_region(child, A + 4 * P, &ri), KERN_SUCCESS);
	ck_assert_uint_eq(ri.start, A + 8 * P);
	ck_assert(!ri.shared);
	ck_assert_int_eq(vm_map_region(child, A + 28 * P, &ri), KERN_NO_SPACE);
	vm_map_destroy(map);
	ck_assert(ucheck(child, A + 11 * P, 1, 5));
	ck_assert_int_eq(uget(child, A + P), 0xc1);
	vm_map_destroy(child);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/*
 * Sharing a range that was copy-on-write, whose pages the parent maps
 * read-only from the old object: a child's write must reach the parent.
 */
START_TEST(test_share_after_copy)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 2, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 2, 0x10));
	struct vm_map *c1 = vm_map_fork(map);
	ck_assert_int_eq(uget(map, A), 0x10);
	ck_assert_int_eq(vm_map_inherit(map, A, A + 2 * P, VM_INHERIT_SHARE),
			 KERN_SUCCESS);
	struct vm_map *c2 = vm_map_fork(map);
	/* The parent maps a page first, then the child writes it. */
	ck_assert_int_eq(uget(map, A + P), 0x11);
	ck_assert(uput(c2, A + P, 0x97));
	ck_assert_int_eq(uget(map, A + P), 0x97);
	ck_assert(uput(c2, A, 0x99));
	ck_assert_int_eq(uget(map, A), 0x99);
	ck_assert(uput(map, A + P, 0x98));
	ck_assert_int_eq(uget(c2, A + P), 0x98);
	ck_assert(ucheck(c1, A, 2, 0x10));
	/* A copy of the shared range is a snapshot. */
	ck_assert_int_eq(vm_map_inherit(map, A, A + 2 * P, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	struct vm_map *c3 = vm_map_fork(map);
	ck_assert(uput(c2, A, 0x55));
	ck_assert_int_eq(uget(map, A), 0x55);
	ck_assert_int_eq(uget(c3, A), 0x99);
	ck_assert(uput(c3, A + P, 0x33));
	ck_assert_int_eq(uget(map, A + P), 0x98);
	vm_map_destroy(c1);
	vm_map_destroy(c2);
	vm_map_destroy(c3);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_vm_copy)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 16, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 32 * P, 2, VM_PROT_READ, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 8, 0x40));
	unsigned long resident = vm_object_resident_count();

	ck_assert_int_eq(vm_map_copy_range(map, A, 8 * P, A + 8 * P),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert(ucheck(map, A + 8 * P, 8, 0x40));
	ck_assert(uput(map, A, 0x01));
	ck_assert(uput(map, A + 9 * P, 0x02));
	ck_assert_int_eq(uget(map, A + 8 * P), 0x40);
	ck_assert_int_eq(uget(map, A + P), 0x41);
	ck_assert_int_eq(uget(map, A + 9 * P), 0x02);
	ck_assert_int_eq(uget(map, A), 0x01);
	/* Overlapping: the source as it was before the copy. */
	ck_assert_int_eq(vm_map_copy_range(map, A, 8 * P, A + 4 * P),
			 KERN_SUCCESS);
	ck_assert_int_eq(uget(map, A + 4 * P), 0x01);
	ck_assert(ucheck(map, A + 5 * P, 7, 0x41));
	/* Errors: read-only destination, holes, alignment. */
	ck_assert_int_eq(vm_map_copy_range(map, A, 2 * P, A + 32 * P),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_copy_range(map, A, 2 * P, A + 31 * P),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copy_range(map, A + 15 * P, 2 * P, A),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_copy_range(map, A + 1, P, A),
			 KERN_INVALID_ARGUMENT);
	ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

START_TEST(test_kernel_read_write)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	char buf[3 * PAGE_SIZE], out[3 * PAGE_SIZE];

	enter(map, A, 3, VM_PROT_READ, VM_INHERIT_COPY);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 13);
	ck_assert_int_eq(vm_map_write(map, A + 100, buf, 2 * P), KERN_SUCCESS);
	ck_assert_int_eq(uget(map, A + 100 + 5), (unsigned char)buf[5]);
	ck_assert(!uput(map, A + 100, 0)); /* still read-only for the user */
	struct vm_map *child = vm_map_fork(map);
	ck_assert_int_eq(vm_map_write(child, A + 100, "xyz", 3), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_read(map, A + 100, out, 2 * P), KERN_SUCCESS);
	ck_assert_mem_eq(out, buf, 2 * P);
	ck_assert_int_eq(vm_map_read(child, A + 99, out, 5), KERN_SUCCESS);
	ck_assert_mem_eq(out + 1, "xyz", 3);
	ck_assert_int_eq(vm_map_write(map, A + 3 * P - 1, buf, 2),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_map_read(map, A - 1, out, 2), KERN_INVALID_ADDRESS);
	vm_map_destroy(child);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/*
 * A chain at the depth limit is flattened on write; the pages the entry
 * mapped from the old chain must not stay mapped once that chain goes.
 */
START_TEST(test_flatten_unmaps)
{
	struct vm_map *kids[VM_OBJECT_DEPTH_MAX];
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 2, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 2, 0x70));
	for (unsigned i = 0; i < VM_OBJECT_DEPTH_MAX; i++) {
		kids[i] = vm_map_fork(map);
		ck_assert_int_eq(uget(map, A + P), 0x71);
		ck_assert(uput(map, A, (unsigned char)i));
	}
	ck_assert_uint_eq(vm_map_depth(map, A), 1); /* flattened */
	for (unsigned i = 0; i < VM_OBJECT_DEPTH_MAX; i++)
		vm_map_destroy(kids[i]);
	/* Reuse the freed pages for something else. */
	struct vm_map *other = new_map();
	enter(other, A, 8, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(other, A, 8, 0xe0));
	ck_assert_int_eq(uget(map, A + P), 0x71);
	ck_assert_int_eq(uget(map, A), VM_OBJECT_DEPTH_MAX - 1);
	vm_map_destroy(other);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* 100 generations of fork, each child writing, its parent then gone. */
START_TEST(test_depth_fork_chain)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 4, 0));
	for (unsigned g = 1; g <= 100; g++) {
		struct vm_map *child = vm_map_fork(map);
		ck_assert_ptr_nonnull(child);
		ck_assert(uput(child, A + (g % 4) * P, (unsigned char)g));
		ck_assert_int_eq(uget(map, A + (g % 4) * P),
				 g < 4 ? (int)(g % 4)
				       : (int)(unsigned char)(g - 4));
		vm_map_destroy(map);
		map = child;
		ck_assert_uint_le(vm_map_depth(map, A), 2);
	}
	ck_assert_uint_le(vm_object_resident_count(), vmtest_resident0 + 8);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* 100 generations, all alive at once, each one a vm_copy of the last into
 * a new range that is then written; every copy keeps its own bytes. */
START_TEST(test_depth_copy_generations)
{
	enum { G = 100 };
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 2 * (G + 1), VM_PROT_DEFAULT, VM_INHERIT_COPY);
	ck_assert(ufill(map, A, 2, 0));
	for (unsigned g = 1; g <= G; g++) {
		uintptr_t src = A + 2 * (g - 1) * P, dst = A + 2 * g * P;
		ck_assert_int_eq(vm_map_copy_range(map, src, 2 * P, dst),
				 KERN_SUCCESS);
		ck_assert(uput(map, dst, (unsigned char)g));
		ck_assert_uint_le(vm_map_depth(map, dst), VM_OBJECT_DEPTH_MAX);
		ck_assert_uint_le(vm_map_depth(map, src), VM_OBJECT_DEPTH_MAX);
	}
	for (unsigned g = 0; g <= G; g++) {
		ck_assert_int_eq(uget(map, A + 2 * g * P), (unsigned char)g);
		ck_assert_int_eq(uget(map, A + 2 * g * P + P), 1);
	}
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* The same source copied again and again, written between copies. */
START_TEST(test_depth_repeated_copy)
{
	vmtest_baseline();
	struct vm_map *map = new_map();
	enter(map, A, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	enter(map, A + 8 * P, 4, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	for (unsigned g = 1; g <= 100; g++) {
		ck_assert(ufill(map, A, 4, g));
		ck_assert_int_eq(vm_map_copy_range(map, A, 4 * P, A + 8 * P),
				 KERN_SUCCESS);
		ck_assert(uput(map, A + 8 * P, 0xee));
		ck_assert_int_eq(uget(map, A), (unsigned char)g);
		ck_assert(ucheck(map, A + 9 * P, 3, g + 1));
		ck_assert_uint_le(vm_map_depth(map, A), VM_OBJECT_DEPTH_MAX);
		ck_assert_uint_le(vm_map_depth(map, A + 8 * P),
				  VM_OBJECT_DEPTH_MAX);
	}
	ck_assert_uint_le(vm_object_count(), vmtest_objects0 + 4);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/* ---- The entry tree: many entries, a reference model ---------------- */

/*
 * Per-step checks: Check's ck_assert_* marks every call, too slow for
 * the millions below; this one costs nothing when it holds.
 */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);  \
	} while (0)

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

/* vm_map_find_space as it was, a scan of every entry: the reference. */
static uintptr_t ref_find_space(struct vm_map *map, uintptr_t hint, size_t size,
				uintptr_t mask)
{
	uintptr_t start =
		hint < map->min ? map->min : hint & ~(uintptr_t)(P - 1);

	start = (start + mask) & ~mask;
	for (struct vm_map_entry *e = vm_map_first_above(map, 0); e != NULL;
	     e = vm_map_next(map, e)) {
		if (e->end <= start)
			continue;
		if (start + size <= e->start && start + size > start)
			break;
		start = (e->end + mask) & ~mask;
		if (start < e->end)
			return 0;
	}
	if (start + size < start || start + size > map->max)
		return 0;
	return start;
}

/* A random mask: page alignment mostly, else up to 64 pages. */
static uintptr_t random_mask(void)
{
	return rng() % 2 ? P - 1 : (P << (rng() % 7)) - 1;
}

/* Thousands of entries, the bench-server pattern (each new region put
 * at the lowest free address), holes punched, find_space against the
 * old linear scan. */
START_TEST(test_many_entries)
{
	enum { N = 20000 };
	vmtest_baseline();
	struct vm_map *map = new_map();
	const uintptr_t lo = map->min;

	rng_state = 0x1234567887654321ULL;
	for (unsigned int i = 0; i < N; i++) {
		uintptr_t addr = 0;
		CHECK(vm_map_enter(map, &addr, P, true, VM_PROT_DEFAULT,
				   VM_PROT_ALL,
				   VM_INHERIT_COPY) == KERN_SUCCESS);
		CHECK(addr == lo + i * P);
	}
	ck_assert_uint_eq(vm_map_entry_count(map), N);
	ck_assert_uint_eq(map->size, N * P);
	ck_assert(vm_map_check(map));
	ck_assert_uint_eq(vm_map_find_space(map, 0, P, P - 1), lo + N * P);
	/* Every other entry goes: one-page holes. */
	for (unsigned int i = 1; i < N; i += 2)
		CHECK(vm_map_remove(map, lo + i * P, lo + (i + 1) * P) ==
		      KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_entry_count(map), N / 2);
	ck_assert(vm_map_check(map));
	ck_assert_uint_eq(vm_map_find_space(map, 0, P, P - 1), lo + P);
	ck_assert_uint_eq(vm_map_find_space(map, lo + 2 * P, P, P - 1),
			  lo + 3 * P);
	ck_assert_uint_eq(vm_map_find_space(map, 0, 2 * P, P - 1),
			  lo + (N - 1) * P);
	/* A three-page hole in the middle: the first range of 3 pages, and
	 * of 2 pages aligned on 2. */
	ck_assert_int_eq(vm_map_remove(map, lo + 5000 * P, lo + 5001 * P),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_find_space(map, 0, 3 * P, P - 1),
			  lo + 4999 * P);
	ck_assert_uint_eq(vm_map_find_space(map, 0, 2 * P, 2 * P - 1),
			  (lo + 4999 * P + 2 * P - 1) & ~(2 * P - 1));
	ck_assert_uint_eq(vm_map_find_space(map, lo + 5000 * P, 3 * P, P - 1),
			  lo + (N - 1) * P);
	/* Lookups of every entry and every hole (from the top, so that
	 * next is the entry at or above i). */
	unsigned int next = N;
	for (unsigned int i = N; i-- > 0;) {
		struct vm_map_entry *e = vm_map_lookup(map, lo + i * P + 5);
		bool mapped = i % 2 == 0 && i != 5000;
		CHECK(mapped ? e != NULL && e->start == lo + i * P : e == NULL);
		next = mapped ? i : next;
		e = vm_map_first_above(map, lo + i * P);
		CHECK(next == N ? e == NULL
				: e != NULL && e->start == lo + next * P);
	}
	/* Random requests against the reference. */
	for (unsigned int i = 0; i < 3000; i++) {
		uintptr_t hint = lo + (rng() % (N + 64)) * P + rng() % P;
		size_t size = (1 + rng() % 4) * P;
		uintptr_t mask = random_mask();
		CHECK(vm_map_find_space(map, hint, size, mask) ==
		      ref_find_space(map, hint, size, mask));
	}
	/* No room: larger than the map, or above its end. */
	ck_assert_uint_eq(vm_map_find_space(map, 0, map->max, P - 1), 0);
	ck_assert_uint_eq(vm_map_find_space(map, map->max - P, 2 * P, P - 1),
			  0);
	ck_assert_uint_eq(vm_map_find_space(map, map->max - P, P, P - 1),
			  map->max - P);
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

/*
 * The reference model of test_random_model: NP pages from B, each free
 * (id 0) or in the entry of that id, with its protection and the byte
 * last written at its start. Ranges split exactly where vm_map clips.
 */
#define B  0x80000000UL /* above the hosted flat user window */
#define NP 1200

static unsigned int model_id[NP];
static int model_prot[NP];
static unsigned char model_val[NP];
static unsigned int model_next_id;

static uintptr_t page_va(size_t page)
{
	return B + page * P;
}

/* Give the run of id from page on a new id (a clip at page). */
static void model_clip(size_t page)
{
	if (page == 0 || page >= NP || model_id[page] == 0 ||
	    model_id[page - 1] != model_id[page])
		return;
	unsigned int old = model_id[page], id = ++model_next_id;
	for (; page < NP && model_id[page] == old; page++)
		model_id[page] = id;
}

static bool model_free(size_t first, size_t n)
{
	for (size_t i = first; i < first + n; i++) {
		if (i >= NP || model_id[i] != 0)
			return false;
	}
	return true;
}

static void model_enter(size_t first, size_t n, int prot)
{
	unsigned int id = ++model_next_id;

	for (size_t i = first; i < first + n; i++) {
		model_id[i] = id;
		model_prot[i] = prot;
		model_val[i] = 0;
	}
}

/* The lowest page >= hint, aligned to align pages, with n free; NP if
 * none inside the model. */
static size_t model_find(size_t hint, size_t n, size_t align)
{
	for (size_t s = (hint + align - 1) / align * align; s + n <= NP;
	     s += align) {
		if (model_free(s, n))
			return s;
	}
	return NP;
}

/* The whole map against the model: entries one by one, and each page. */
static void model_check(struct vm_map *map)
{
	struct vm_map_entry *e = vm_map_first_above(map, 0);
	size_t entries = 0, size = 0;

	CHECK(vm_map_check(map));
	for (size_t i = 0; i < NP;) {
		if (model_id[i] == 0) {
			i++;
			continue;
		}
		size_t end = i;
		while (end < NP && model_id[end] == model_id[i])
			end++;
		CHECK(e != NULL && e->start == page_va(i) &&
		      e->end == page_va(end) && e->prot == model_prot[i]);
		entries++;
		size += (end - i) * P;
		e = vm_map_next(map, e);
		i = end;
	}
	CHECK(e == NULL);
	CHECK(vm_map_entry_count(map) == entries && map->size == size);
	for (size_t i = 0; i < NP; i++) {
		e = vm_map_lookup(map, page_va(i) + (i % P));
		CHECK(model_id[i] == 0 ? e == NULL
				       : e != NULL && e->start <= page_va(i) &&
						 page_va(i) < e->end);
	}
}

static const int model_prots[] = {VM_PROT_NONE, VM_PROT_READ,
				  VM_PROT_READ | VM_PROT_WRITE};

/* One random operation on map and the model, its result checked. */
static void model_step(struct vm_map *map)
{
	size_t page = rng() % NP, n = 1 + rng() % 16;
	int prot = model_prots[1 + rng() % 2];
	uintptr_t addr = page_va(page);

	switch (rng() % 8) {
	case 0: { /* anywhere, above a hint, maybe aligned */
		uintptr_t mask = random_mask();
		size_t expect = model_find(page, n, (mask + 1) / P);
		if (expect + n > NP)
			break; /* would land outside the model */
		CHECK(vm_map_enter_object(map, &addr, n * P, mask, true, NULL,
					  0, false, prot, VM_PROT_ALL,
					  VM_INHERIT_COPY) == KERN_SUCCESS);
		CHECK(addr == page_va(expect));
		model_enter(expect, n, prot);
		break;
	}
	case 1: { /* fixed */
		if (page + n > NP)
			break;
		int kr = vm_map_enter(map, &addr, n * P, false, prot,
				      VM_PROT_ALL, VM_INHERIT_COPY);
		CHECK(kr ==
		      (model_free(page, n) ? KERN_SUCCESS : KERN_NO_SPACE));
		if (kr == KERN_SUCCESS)
			model_enter(page, n, prot);
		break;
	}
	case 2: /* remove, holes and all */
		n = n > NP - page ? NP - page : n;
		CHECK(vm_map_remove(map, addr, addr + n * P) == KERN_SUCCESS);
		model_clip(page);
		model_clip(page + n);
		for (size_t i = page; i < page + n; i++)
			model_id[i] = 0;
		break;
	case 3: { /* protect: all mapped, or nothing changes */
		n = n > NP - page ? NP - page : n;
		bool mapped = true;
		for (size_t i = page; i < page + n; i++)
			mapped = mapped && model_id[i] != 0;
		prot = model_prots[rng() % 3];
		CHECK(vm_map_protect(map, addr, addr + n * P, prot, false) ==
		      (mapped ? KERN_SUCCESS : KERN_INVALID_ADDRESS));
		if (!mapped)
			break;
		model_clip(page);
		model_clip(page + n);
		for (size_t i = page; i < page + n; i++)
			model_prot[i] = prot;
		break;
	}
	case 4:
	case 5: { /* a user store */
		unsigned char v = (unsigned char)(1 + rng() % 255);
		bool ok = model_id[page] != 0 &&
			  (model_prot[page] & VM_PROT_WRITE);
		CHECK(uput(map, addr, v) == ok);
		if (ok)
			model_val[page] = v;
		break;
	}
	case 6: /* a user load */
		CHECK(uget(map, addr) ==
		      (model_id[page] != 0 && model_prot[page] != VM_PROT_NONE
			       ? model_val[page]
			       : -1));
		break;
	default: { /* find_space alone */
		uintptr_t hint = addr + rng() % P, mask = random_mask();
		CHECK(vm_map_find_space(map, hint, n * P, mask) ==
		      ref_find_space(map, hint, n * P, mask));
		break;
	}
	}
}

/* Random enters (fixed and anywhere, aligned or not), removals,
 * protections, stores and loads against the model, everything compared
 * after each step; then the counts are back to the baseline. */
START_TEST(test_random_model)
{
	vmtest_baseline();
	struct vm_map *map = new_map();

	rng_state = 0x0123456789abcdefULL;
	memset(model_id, 0, sizeof(model_id));
	model_next_id = 0;
	for (int step = 0; step < 6000; step++) {
		model_step(map);
		model_check(map);
	}
	ck_assert_uint_gt(vm_map_entry_count(map), 20);
	/* A fork copies the entries in order, with their data. */
	struct vm_map *child = vm_map_fork(map);
	ck_assert_ptr_nonnull(child);
	ck_assert(vm_map_check(child));
	ck_assert_uint_eq(vm_map_entry_count(child), vm_map_entry_count(map));
	for (size_t i = 0; i < NP; i++) {
		if (model_id[i] != 0 && model_prot[i] != VM_PROT_NONE)
			CHECK(uget(child, page_va(i)) == model_val[i]);
	}
	vm_map_destroy(child);
	ck_assert_int_eq(vm_map_remove(map, B, B + NP * P), KERN_SUCCESS);
	ck_assert_uint_eq(vm_map_entry_count(map), 0);
	ck_assert_uint_eq(map->size, 0);
	ck_assert(vm_map_check(map));
	vm_map_destroy(map);
	VMTEST_CHECK_BASELINE();
}
END_TEST

static Suite *vm_map_suite(void)
{
	Suite *s = suite_create("vm_map");
	TCase *tc = tcase_create("maps");

	tcase_add_unchecked_fixture(tc, vmtest_boot, NULL);
	tcase_add_test(tc, test_enter_remove);
	tcase_add_test(tc, test_fault_codes);
	tcase_add_test(tc, test_protect);
	tcase_add_test(tc, test_protect_keeps_cow);
	tcase_add_test(tc, test_inherit_fork);
	tcase_add_test(tc, test_share_after_copy);
	tcase_add_test(tc, test_vm_copy);
	tcase_add_test(tc, test_kernel_read_write);
	tcase_add_test(tc, test_flatten_unmaps);
	tcase_add_test(tc, test_depth_fork_chain);
	tcase_add_test(tc, test_depth_copy_generations);
	tcase_add_test(tc, test_depth_repeated_copy);
	tcase_add_test(tc, test_many_entries);
	tcase_add_test(tc, test_random_model);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(vm_map_suite());
}
