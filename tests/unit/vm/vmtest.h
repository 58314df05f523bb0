/*
 * tests/unit/vm/vmtest.h - helpers of the vm/ unit tests: boot, leak
 * baselines, and "user" accesses that go through the hosted MMU.
 *
 * User accesses use copyin/copyout of the hosted HAL on the map's pmap:
 * a missing page or a missing right calls vm_map_fault, as the real page
 * fault handler would, and the access is retried once. vmtest_faults
 * counts those faults, so a test can tell whether a page was mapped with
 * the right it needed.
 */
#ifndef TESTS_UNIT_VM_VMTEST_H
#define TESTS_UNIT_VM_VMTEST_H

#include <string.h>
#include <mach/kern_return.h>
#include <base/kmem.h>
#include <base/lock.h>
#include <vm/vm_fault.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include "../unit.h"

static struct vm_map *vmtest_map;   /* the "current" map */
static unsigned long vmtest_faults; /* faults taken by user accesses */
static int vmtest_last_kr;	    /* result of the last fault */

static int vmtest_fault(uintptr_t va, bool write)
{
	vmtest_faults++;
	vmtest_last_kr = vm_map_fault(vmtest_map, va,
				      write ? VM_FAULT_WRITE : VM_FAULT_READ);
	return vmtest_last_kr;
}

static inline void vmtest_boot(void)
{
	UNIT_BOOT_MEMORY();
	vm_map_init();
	hosted_user_fault = vmtest_fault;
}

/* Run user accesses in map. */
static inline void vmtest_use(struct vm_map *map)
{
	vmtest_map = map;
	hosted_set_current_pmap(map != NULL ? vm_map_pmap(map) : NULL);
}

/* User store / load of one byte (as the MMU would do it); true if OK. */
static inline bool uput(struct vm_map *map, uintptr_t va, unsigned char v)
{
	vmtest_use(map);
	return copyout(&v, (void *)va, 1) == 0;
}

static inline int uget(struct vm_map *map, uintptr_t va)
{
	unsigned char v;

	vmtest_use(map);
	return copyin((const void *)va, &v, 1) == 0 ? v : -1;
}

/* Fill n pages at va with bytes derived from seed; true if OK. */
static inline bool ufill(struct vm_map *map, uintptr_t va, size_t n,
			 unsigned seed)
{
	unsigned char buf[PAGE_SIZE];

	vmtest_use(map);
	for (size_t i = 0; i < n; i++) {
		memset(buf, (int)((seed + i) & 0xff), sizeof(buf));
		if (copyout(buf, (void *)(va + i * PAGE_SIZE), PAGE_SIZE))
			return false;
	}
	return true;
}

/* The first byte of each page matches ufill(seed)? */
static inline bool ucheck(struct vm_map *map, uintptr_t va, size_t n,
			  unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		if (uget(map, va + i * PAGE_SIZE) != (int)((seed + i) & 0xff) ||
		    uget(map, va + i * PAGE_SIZE + PAGE_SIZE - 1) !=
			    (int)((seed + i) & 0xff))
			return false;
	}
	return true;
}

/* ---- Leak checks --------------------------------------------------- */

static unsigned long vmtest_free0, vmtest_objects0, vmtest_resident0,
	vmtest_copies0, vmtest_live0;

static inline void vmtest_baseline(void)
{
	kmem_reap_all();
	vmtest_free0 = vm_page_count_free();
	vmtest_objects0 = vm_object_count();
	vmtest_resident0 = vm_object_resident_count();
	vmtest_copies0 = vm_map_copy_count();
	vmtest_live0 = kmem_live_objects();
	vmtest_faults = 0;
}

/* Everything back to the baseline. */
#define VMTEST_CHECK_BASELINE()                                                \
	do {                                                                   \
		vmtest_use(NULL);                                              \
		vm_page_reclaim_all(); /* deferred frees done */               \
		kmem_reap_all();                                               \
		ck_assert_uint_eq(vm_object_count(), vmtest_objects0);         \
		ck_assert_uint_eq(vm_object_resident_count(),                  \
				  vmtest_resident0);                           \
		ck_assert_uint_eq(vm_map_copy_count(), vmtest_copies0);        \
		ck_assert_uint_eq(kmem_live_objects(), vmtest_live0);          \
		ck_assert_uint_eq(vm_page_count_free(), vmtest_free0);         \
	} while (0)

#endif /* TESTS_UNIT_VM_VMTEST_H */
