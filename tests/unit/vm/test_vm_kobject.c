/*
 * tests/unit/vm/test_vm_kobject.c - kernel memory objects (kern/vm_kobject.c)
 * through vm_map (kern/vm_user.c): region proxies (window, sharing, maximum
 * protection, the mapping outliving the port), proxies of proxies (windows
 * composed, protections intersected), argument codes, the time page's
 * device pager (copy = TRUE gives a snapshot object) and the lifetime of
 * the ports (no-senders frees them). Runs on the IPC test harness; each
 * test checks that objects, kmem objects and kernel memory objects are
 * back to their baseline.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <ipc/ipc_kernel.h>
#include <ipc/port.h>
#include <vm/vm_fault.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
#include <kern/vm_user.h>
#include "tests/unit/ipc/ipc_test.h"

#define P PAGE_SIZE

static unsigned long base_objects, base_kmem;

static struct vm_map *map(void)
{
	return current_task()->map;
}

static void boot(void)
{
	ipc_test_boot();
	vm_kobject_init();
}

static void setup(void)
{
	ipc_test_setup();
	kmem_reap_all();
	base_objects = vm_object_count();
	base_kmem = kmem_live_objects();
}

static void teardown(void)
{
	ck_assert_uint_eq(vm_kobject_count(), 0);
	ck_assert_uint_eq(vm_object_count(), base_objects);
	kmem_reap_all();
	ck_assert_uint_eq(kmem_live_objects(), base_kmem);
	ipc_test_teardown();
}

static void release(struct port *send)
{
	spl_t s = splhigh();
	ipc_port_release_send(send);
	splx(s);
}

/* 4 pages: page i filled with 'A' + i. */
static vm_address_t buffer(void)
{
	vm_address_t a = 0;
	char page[P];

	ck_assert_int_eq(vm_allocate(map(), &a, 4 * P, TRUE), KERN_SUCCESS);
	for (int i = 0; i < 4; i++) {
		memset(page, 'A' + i, P);
		ck_assert_int_eq(vm_map_write(map(), a + i * P, page, P),
				 KERN_SUCCESS);
	}
	return a;
}

static char byte_at(vm_address_t va)
{
	char c = 0;

	ck_assert_int_eq(vm_map_read(map(), va, &c, 1), KERN_SUCCESS);
	return c;
}

static vm_address_t map_port(struct port *port, vm_offset_t off, vm_size_t size,
			     vm_prot_t prot, boolean_t copy)
{
	vm_address_t b = 0;

	ck_assert_int_eq(vm_map(map(), &b, size, 0, TRUE, port, off, copy, prot,
				prot, VM_INHERIT_NONE),
			 KERN_SUCCESS);
	return b;
}

START_TEST(region_proxy)
{
	vm_address_t a = buffer(), b, x = 0;
	struct port *proxy;
	char c = 'x';

	ck_assert_int_eq(vm_kobject_region_proxy(map(), a + P, 2 * P,
						 VM_PROT_READ, &proxy),
			 KERN_SUCCESS);
	ck_assert_uint_eq(vm_kobject_count(), 1);
	ck_assert_int_eq(proxy->kobject_type, KOBJ_MEMORY_PROXY);
	b = map_port(proxy, 0, 2 * P, VM_PROT_READ, FALSE);
	ck_assert_int_eq(byte_at(b), 'B');
	ck_assert_int_eq(byte_at(b + P + 9), 'C');
	/* Shared with the region: no copy. */
	ck_assert_int_eq(vm_map_write(map(), a + P + 5, &c, 1), KERN_SUCCESS);
	ck_assert_int_eq(byte_at(b + 5), 'x');
	ck_assert_ptr_eq(vm_map_lookup(map(), a)->object,
			 vm_map_lookup(map(), b)->object);
	ck_assert(vm_map_lookup(map(), a)->object->shared);
	/* Read-only: faults, vm_protect, vm_map. */
	ck_assert_int_eq(vm_map_fault(map(), b, VM_FAULT_WRITE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_protect(map(), b, P, FALSE, VM_PROT_ALL),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map(map(), &x, P, 0, TRUE, proxy, 0, FALSE,
				VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_NONE),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map(map(), &x, P, 0, TRUE, proxy, 0, FALSE,
				VM_PROT_WRITE, VM_PROT_WRITE, VM_INHERIT_NONE),
			 KERN_PROTECTION_FAILURE);
	/* Windows past the proxy. */
	ck_assert_int_eq(vm_map(map(), &x, P, 0, TRUE, proxy, 2 * P, FALSE,
				VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map(map(), &x, 3 * P, 0, TRUE, proxy, 0, FALSE,
				VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
			 KERN_INVALID_ARGUMENT);
	/* The port goes (no-senders); the mapping stays. */
	release(proxy);
	ck_assert_uint_eq(vm_kobject_count(), 0);
	ck_assert_int_eq(byte_at(b + P), 'C');
	ck_assert_int_eq(vm_deallocate(map(), b, 2 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(proxy_of_proxy)
{
	vm_address_t a = buffer(), d, x = 0;
	struct port *outer, *inner, *bad = NULL;
	char c = 'q';

	ck_assert_int_eq(vm_kobject_region_proxy(map(), a, 4 * P,
						 VM_PROT_READ | VM_PROT_WRITE,
						 &outer),
			 KERN_SUCCESS);
	/* Page 2 of outer, seen at offset 8 pages, read-only. */
	ck_assert_int_eq(vm_kobject_proxy_create(outer, VM_PROT_READ, 8 * P,
						 2 * P, P, &inner),
			 KERN_SUCCESS);
	struct vm_kobject *k = vm_kobject_lookup(inner);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(k->object_offset, 2 * P);
	ck_assert_uint_eq(k->offset, 8 * P);
	ck_assert_int_eq(k->max_prot, VM_PROT_READ);
	release(outer); /* inner keeps the object */
	d = map_port(inner, 8 * P, P, VM_PROT_READ, FALSE);
	ck_assert_int_eq(byte_at(d), 'C');
	ck_assert_int_eq(vm_map_write(map(), a + 2 * P + 9, &c, 1),
			 KERN_SUCCESS);
	ck_assert_int_eq(byte_at(d + 9), 'q');
	ck_assert_int_eq(vm_map(map(), &x, P, 0, TRUE, inner, 0, FALSE,
				VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
			 KERN_INVALID_ARGUMENT);
	/* Above the inner proxy's maximum; outside its window. */
	ck_assert_int_eq(
		vm_kobject_proxy_create(inner, VM_PROT_ALL, 0, 8 * P, P, &bad),
		KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(
		vm_kobject_proxy_create(inner, VM_PROT_READ, 0, 0, P, &bad),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_proxy_create(inner, VM_PROT_READ, 0, 8 * P,
						 2 * P, &bad),
			 KERN_INVALID_ARGUMENT);
	ck_assert_ptr_null(bad);
	release(inner);
	ck_assert_int_eq(vm_deallocate(map(), d, P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(argument_codes)
{
	vm_address_t a = buffer(), hole = 0;
	struct port *obj, *p = NULL;
	struct port *host = ipc_kernel_port_alloc(KOBJ_HOST, NULL);

	ck_assert_int_eq(
		vm_kobject_region_proxy(map(), a, 4 * P, VM_PROT_READ, &obj),
		KERN_SUCCESS);
	ck_assert_int_eq(vm_kobject_proxy_create(obj, 0x10, 0, 0, P, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_kobject_proxy_create(obj, VM_PROT_READ, 0, 0, 0, &p),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_kobject_proxy_create(obj, VM_PROT_READ, 0, 100, P, &p),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_kobject_proxy_create(obj, VM_PROT_READ, 1, 0, P, &p),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_proxy_create(obj, VM_PROT_READ, 0,
						 -(uint64_t)P, 2 * P, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_proxy_create(obj, VM_PROT_READ,
						 -(uint64_t)P, 0, 2 * P, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_kobject_proxy_create(NULL, VM_PROT_READ, 0, 0, P, &p),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_kobject_proxy_create(host, VM_PROT_READ, 0, 0, P, &p),
		KERN_INVALID_ARGUMENT);
	ck_assert_ptr_null(p);
	release(obj);

	ck_assert_int_eq(vm_kobject_region_proxy(NULL, a, P, VM_PROT_READ, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_region_proxy(map(), a, P, 0x10, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_region_proxy(map(), a, 0, VM_PROT_READ, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_region_proxy(map(), a, -(uint64_t)P,
						 VM_PROT_READ, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_allocate(map(), &hole, P, TRUE), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), hole, P), KERN_SUCCESS);
	ck_assert_int_eq(
		vm_kobject_region_proxy(map(), hole, P, VM_PROT_READ, &p),
		KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_protect(map(), a + 3 * P, P, TRUE, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_kobject_region_proxy(map(), a + 2 * P, 2 * P,
						 VM_PROT_READ, &p),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_kobject_region_proxy(map(), a + 3 * P, P,
						 VM_PROT_READ | VM_PROT_WRITE,
						 &p),
			 KERN_PROTECTION_FAILURE);
	ck_assert_ptr_null(p);
	/* Unaligned address and length: whole pages. */
	ck_assert_int_eq(
		vm_kobject_region_proxy(map(), a + 10, 20, VM_PROT_READ, &p),
		KERN_SUCCESS);
	ck_assert_uint_eq(vm_kobject_lookup(p)->size, P);
	release(p);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
	spl_t s = splhigh();
	ipc_kernel_port_destroy(host);
	splx(s);
}
END_TEST

START_TEST(time_pager)
{
	struct vm_object *time = vm_kobject_time_object();
	struct port *pager;
	vm_address_t a, c;

	ck_assert_int_eq(vm_kobject_create(KOBJ_DEVICE_PAGER,
					   vm_object_ref(time), 0, 0, P,
					   VM_PROT_READ, &pager),
			 KERN_SUCCESS);
	ck_assert(time->shared);
	a = map_port(pager, 0, P, VM_PROT_READ, FALSE);
	ck_assert_ptr_eq(vm_map_lookup(map(), a)->object, time);
	ck_assert_int_eq(vm_map_fault(map(), a, VM_FAULT_READ), KERN_SUCCESS);
	ck_assert_int_eq(vm_map_fault(map(), a, VM_FAULT_WRITE),
			 KERN_PROTECTION_FAILURE);
	/* copy = TRUE: a snapshot object of its own, never needs_copy. */
	c = map_port(pager, 0, P, VM_PROT_READ, TRUE);
	struct vm_map_entry *e = vm_map_lookup(map(), c);
	ck_assert_ptr_ne(e->object, time);
	ck_assert(!e->needs_copy);
	ck_assert_uint_eq(e->object->resident, 1);
	release(pager);
	ck_assert_int_eq(vm_deallocate(map(), c, P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, P), KERN_SUCCESS);
	ck_assert_uint_eq(time->resident, 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vm_kobject");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, region_proxy);
	tcase_add_test(tc, proxy_of_proxy);
	tcase_add_test(tc, argument_codes);
	tcase_add_test(tc, time_pager);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
