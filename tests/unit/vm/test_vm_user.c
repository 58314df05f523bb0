/*
 * tests/unit/vm/test_vm_user.c - kern/vm_user.c, the functions behind the
 * vm_* RPCs: their work and GNU Mach's error codes (ranges, protections,
 * limits, wiring, physical pages, out-of-line results as map copies).
 * Runs on the IPC test harness (a current task with a map, host ports).
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <kern/host.h>
#include <base/task.h>
#include <ipc/ipc_kernel.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <vm/vm_map.h>
#include <vm/vm_map_copy.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <kern/vm_user.h>
#include "tests/unit/ipc/ipc_test.h"

#define P PAGE_SIZE

static struct vm_map *map(void)
{
	return current_task()->map;
}

static struct port *priv_port;
static struct host *fake_host = (struct host *)&priv_port;

static void boot(void)
{
	ipc_test_boot();
	priv_port = ipc_kernel_port_alloc(KOBJ_HOST_PRIV, NULL);
}

static vm_address_t alloc(vm_size_t size)
{
	vm_address_t a = 0;

	ck_assert_int_eq(vm_allocate(map(), &a, size, TRUE), KERN_SUCCESS);
	return a;
}

START_TEST(allocate_deallocate)
{
	vm_address_t a = 0x12345;

	ck_assert_int_eq(vm_allocate(NULL, &a, P, TRUE), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_allocate(map(), &a, 0, TRUE), KERN_SUCCESS);
	ck_assert_uint_eq(a, 0);
	a = alloc(3 * P + 1);
	ck_assert_uint_eq(a % P, 0);
	struct vm_region_info ri;
	ck_assert_int_eq(vm_map_region(map(), a, &ri), KERN_SUCCESS);
	ck_assert_uint_eq(ri.size, 4 * P);
	/* Fixed: truncated; taken -> NO_SPACE; outside -> INVALID_ADDRESS. */
	vm_address_t b = a + 100;
	ck_assert_int_eq(vm_allocate(map(), &b, P, FALSE), KERN_NO_SPACE);
	b = USER_ADDR_MAX;
	ck_assert_int_eq(vm_allocate(map(), &b, P, FALSE),
			 KERN_INVALID_ADDRESS);
	b = 0;
	/* A size that wraps when rounded: GNU Mach's code. */
	ck_assert_int_eq(vm_allocate(map(), &b, ~(vm_size_t)0, TRUE),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_deallocate(NULL, a, P), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_deallocate(map(), a, 0), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, ~(vm_size_t)0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_deallocate(map(), a + 1, 4 * P - 1), KERN_SUCCESS);
	ck_assert_ptr_null(vm_map_lookup(map(), a));
	/* A hole is no error. */
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(protect_inherit)
{
	vm_address_t a = alloc(4 * P);

	ck_assert_int_eq(vm_protect(map(), a, P, FALSE, 0x80),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_protect(map(), a, P, TRUE, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map(), a, P, FALSE, VM_PROT_DEFAULT),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_protect(map(), a + P, P, FALSE, VM_PROT_READ),
			 KERN_SUCCESS);
	/* Holes and kernel space are skipped, as GNU Mach does; a range
	 * above an entry's maximum still fails, nothing changed. */
	ck_assert_int_eq(vm_protect(map(), a, 8 * P, FALSE, VM_PROT_DEFAULT),
			 KERN_PROTECTION_FAILURE);
	ck_assert_int_eq(vm_map_lookup(map(), a + P)->prot, VM_PROT_READ);
	ck_assert_int_eq(vm_protect(map(), a + 2 * P, 8 * P, FALSE, 0),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_map_lookup(map(), a + 3 * P)->prot, VM_PROT_NONE);
	ck_assert_int_eq(vm_protect(map(), a + 8 * P, 4 * P, FALSE, 0),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_protect(map(), USER_ADDR_MAX, P, TRUE, 0),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		vm_protect(map(), a + 2 * P, 8 * P, FALSE, VM_PROT_DEFAULT),
		KERN_SUCCESS);
	ck_assert_int_eq(vm_map_lookup(map(), a + 3 * P)->prot,
			 VM_PROT_DEFAULT);
	ck_assert_int_eq(vm_protect(map(), a, ~(vm_size_t)0, FALSE, 0),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_protect(map(), a, 0, FALSE, VM_PROT_ALL),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_inherit(map(), a, P, 7), KERN_INVALID_ARGUMENT);
	/* Holes are skipped. */
	ck_assert_int_eq(vm_inherit(map(), a, 8 * P, VM_INHERIT_SHARE),
			 KERN_SUCCESS);
	vm_address_t r = a + 2 * P;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	struct port *name;
	vm_offset_t off;
	ck_assert_int_eq(vm_region(map(), &r, &size, &prot, &max, &inh, &shared,
				   &name, &off),
			 KERN_SUCCESS);
	ck_assert_uint_eq(r, a + 2 * P);
	ck_assert_uint_eq(size, 2 * P);
	ck_assert_int_eq(inh, VM_INHERIT_SHARE);
	ck_assert_int_eq(prot, VM_PROT_DEFAULT);
	ck_assert_ptr_null(name); /* never touched: no object yet */
	r = USER_ADDR_MAX - P;
	ck_assert_int_eq(vm_region(map(), &r, &size, &prot, &max, &inh, &shared,
				   &name, &off),
			 KERN_NO_SPACE);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
}
END_TEST

/* vm_region's name of the region at addr (a send right, or NULL). */
static struct port *region_name(vm_address_t addr)
{
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	struct port *name;
	vm_offset_t off;

	ck_assert_int_eq(vm_region(map(), &addr, &size, &prot, &max, &inh,
				   &shared, &name, &off),
			 KERN_SUCCESS);
	return name;
}

/* Memory object name ports: one per object, made by vm_region, looked
 * up with a reference, dead with the object; vm_object_sync's checks. */
START_TEST(object_names)
{
	unsigned long objects = vm_object_count(), ports = ipc_port_count();
	vm_address_t a = alloc(4 * P), b = alloc(P);
	struct port *na, *na2, *na3, *nb;
	struct vm_object *obj;

	ck_assert_ptr_null(region_name(a)); /* no object yet */
	ck_assert_int_eq(copyout("a", (void *)a, 2), 0);
	ck_assert_int_eq(copyout("b", (void *)b, 2), 0);
	na = region_name(a);
	ck_assert_ptr_nonnull(na);
	ck_assert_uint_eq(ipc_port_count(), ports + 1);
	/* The same object: the same port, made once. */
	na2 = region_name(a + P);
	ck_assert_ptr_eq(na2, na);
	/* Two regions of the object (split by vm_protect): the same name. */
	ck_assert_int_eq(vm_protect(map(), a + 2 * P, P, FALSE, VM_PROT_READ),
			 KERN_SUCCESS);
	na3 = region_name(a + 3 * P);
	ck_assert_ptr_eq(na3, na);
	ck_assert_uint_eq(ipc_port_count(), ports + 1);
	nb = region_name(b);
	ck_assert_ptr_nonnull(nb);
	ck_assert_ptr_ne(nb, na);
	ck_assert_uint_eq(ipc_port_count(), ports + 2);
	/* Lookup: the object, referenced; not a name port: NULL. */
	obj = vm_object_name_lookup(na);
	ck_assert_ptr_nonnull(obj);
	ck_assert_ptr_eq(obj, vm_map_lookup(map(), a)->object);
	ck_assert_uint_eq(vm_object_refs(obj), 4); /* three entries + ours */
	ck_assert_ptr_null(vm_object_name_lookup(priv_port));
	ck_assert_ptr_null(vm_object_name_lookup(NULL));
	/* vm_object_sync on anonymous memory: nothing to do; bad ranges. */
	ck_assert_int_eq(vm_object_sync(obj, 0, P, TRUE, TRUE, TRUE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_object_sync(obj, 1, P, FALSE, TRUE, FALSE),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_object_sync(obj, P, ~(vm_size_t)0, FALSE, TRUE, FALSE),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_object_sync(NULL, 0, P, FALSE, TRUE, FALSE),
			 KERN_INVALID_ARGUMENT);
	vm_object_unref(obj);
	/* The name keeps nothing alive: the object goes with its regions,
	 * and its port with it (our send rights now name a dead port). */
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
	ck_assert_uint_eq(vm_object_count(), objects + 1);
	ck_assert_ptr_null(vm_object_name_lookup(na));
	obj = vm_object_name_lookup(nb); /* the other object lives on */
	ck_assert_ptr_eq(obj, vm_map_lookup(map(), b)->object);
	vm_object_unref(obj);
	/* Its last send right gone, its name goes (no-senders); the next
	 * vm_region makes another. */
	ipc_port_release_send(nb);
	ck_assert_uint_eq(ipc_port_count(), ports + 1);
	ck_assert_ptr_null(obj->name_port);
	nb = region_name(b);
	ck_assert_ptr_eq(obj->name_port, nb);
	ck_assert_ptr_eq(vm_object_name_lookup(nb), obj);
	vm_object_unref(obj);
	ck_assert_uint_eq(ipc_port_count(), ports + 2);
	ipc_port_release_send(na);
	ipc_port_release_send(na2);
	ipc_port_release_send(na3);
	ck_assert_uint_eq(ipc_port_count(), ports + 1);
	ck_assert_int_eq(vm_deallocate(map(), b, P), KERN_SUCCESS);
	ck_assert_uint_eq(ipc_port_count(), ports + 1); /* our right */
	ipc_port_release_send(nb);
	ck_assert_uint_eq(vm_object_count(), objects);
	ck_assert_uint_eq(ipc_port_count(), ports);
}
END_TEST

/* vm_read gives a copy-on-write copy; vm_write puts one back. */
START_TEST(read_write_copy)
{
	vm_address_t a = alloc(8 * P), b = alloc(8 * P);
	vm_offset_t data;
	mach_msg_type_number_t cnt;
	char buf[16];

	ck_assert_int_eq(copyout("hello", (void *)(a + P + 10), 6), 0);
	unsigned long resident = vm_object_resident_count();
	ck_assert_int_eq(vm_read(map(), a + P + 10, 3 * P, &data, &cnt),
			 KERN_SUCCESS);
	ck_assert_uint_eq(cnt, 3 * P);
	struct vm_map_copy *copy = (struct vm_map_copy *)data;
	ck_assert_uint_eq(vm_object_resident_count(), resident);
	ck_assert_int_eq(vm_map_copy_read(copy, 0, buf, 6), KERN_SUCCESS);
	ck_assert_str_eq(buf, "hello");
	/* The source changes; the copy does not. */
	ck_assert_int_eq(copyout("HELLO", (void *)(a + P + 10), 6), 0);
	ck_assert_int_eq(vm_map_copy_read(copy, 0, buf, 6), KERN_SUCCESS);
	ck_assert_str_eq(buf, "hello");
	/* An unaligned copy cannot be written. */
	ck_assert_int_eq(vm_write(map(), b, data, cnt), KERN_INVALID_ARGUMENT);
	vm_map_copy_discard(copy);

	ck_assert_int_eq(vm_read(map(), a, 2 * P, &data, &cnt), KERN_SUCCESS);
	copy = (struct vm_map_copy *)data;
	ck_assert_int_eq(vm_write(NULL, b, data, cnt), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_write(map(), b + 1, data, cnt),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_write(map(), b + 7 * P, data, cnt),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_write(map(), b, data, cnt), KERN_SUCCESS);
	vm_map_copy_discard(copy); /* not consumed (the stub's to free) */
	ck_assert_int_eq(copyin((void *)(b + P + 10), buf, 6), 0);
	ck_assert_str_eq(buf, "HELLO");

	/* Errors: holes, wrap, no map. */
	ck_assert_int_eq(vm_read(map(), 0x7000000000UL - P, 2 * P, &data, &cnt),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_read(map(), a, ~(vm_size_t)0 - 2, &data, &cnt),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_read(NULL, a, P, &data, &cnt),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_protect(map(), a, P, FALSE, VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_read(map(), a, P, &data, &cnt),
			 KERN_PROTECTION_FAILURE);

	/* vm_copy: page aligned only; then copy-on-write. */
	ck_assert_int_eq(vm_copy(map(), a + P, P + 1, b),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_copy(map(), a + P, P, b + 4 * P), KERN_SUCCESS);
	ck_assert_int_eq(copyin((void *)(b + 4 * P + 10), buf, 6), 0);
	ck_assert_str_eq(buf, "HELLO");
	ck_assert_int_eq(vm_copy(map(), a + P, P, b + 8 * P),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 8 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), b, 8 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(size_limits)
{
	struct port *host = host_port();
	vm_size_t cur, max;

	ck_assert_int_eq(vm_get_size_limit(NULL, &cur, &max),
			 KERN_INVALID_TASK);
	ck_assert_int_eq(vm_get_size_limit(map(), &cur, &max), KERN_SUCCESS);
	vm_size_t cur0 = cur, max0 = max, used = map()->size;
	ck_assert_int_eq(vm_set_size_limit(NULL, map(), 0, 0),
			 KERN_INVALID_HOST);
	ck_assert_int_eq(vm_set_size_limit(host, NULL, 0, 0),
			 KERN_INVALID_TASK);
	ck_assert_int_eq(vm_set_size_limit(host, map(), 2, 1),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_set_size_limit(host, map(), used + 4 * P, used + 8 * P),
		KERN_SUCCESS);
	vm_address_t a = alloc(4 * P);
	vm_address_t b = 0;
	ck_assert_int_eq(vm_allocate(map(), &b, P, TRUE), KERN_NO_SPACE);
	/* Raising the maximum needs the privileged port. */
	ck_assert_int_eq(vm_set_size_limit(host, map(), cur0, max0),
			 KERN_NO_ACCESS);
	ck_assert_int_eq(vm_set_size_limit(priv_port, map(), cur0, max0),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map(), &b, P, TRUE), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), b, P), KERN_SUCCESS);
}
END_TEST

/* GNU Mach's accounting: memory whose maximum protection is VM_PROT_NONE
 * does not count against the limit; lowering the maximum to NONE
 * releases a region from the count. */
START_TEST(size_limit_prot_none)
{
	struct port *host = host_port();
	vm_size_t cur0, max0, cur, max;
	ck_assert_int_eq(vm_get_size_limit(map(), &cur0, &max0), KERN_SUCCESS);
	vm_size_t used = map()->size;
	ck_assert_int_eq(
		vm_set_size_limit(host, map(), used + 4 * P, used + 4 * P),
		KERN_SUCCESS);
	vm_address_t none = 0, a = 0, b = 0, c = 0;
	ck_assert_int_eq(vm_map(map(), &none, 64 * P, 0, TRUE, NULL, 0, FALSE,
				VM_PROT_NONE, VM_PROT_NONE, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_get_size_limit(map(), &cur, &max), KERN_SUCCESS);
	ck_assert_uint_eq(cur, used + 4 * P);
	ck_assert_uint_eq(map()->size_none, 64 * P);
	/* The limit is still all there for accessible memory. */
	a = alloc(4 * P);
	ck_assert_int_eq(vm_allocate(map(), &b, P, TRUE), KERN_NO_SPACE);
	/* A region whose maximum goes to NONE leaves the count. */
	ck_assert_int_eq(
		vm_protect(map(), a + 2 * P, 2 * P, TRUE, VM_PROT_NONE),
		KERN_SUCCESS);
	ck_assert_uint_eq(map()->size_none, 66 * P);
	ck_assert_int_eq(vm_allocate(map(), &b, 2 * P, TRUE), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(map(), &c, P, TRUE), KERN_NO_SPACE);
	ck_assert(vm_map_check(map()));
	ck_assert_int_eq(vm_deallocate(map(), none, 64 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), b, 2 * P), KERN_SUCCESS);
	ck_assert_uint_eq(map()->size_none, 0);
	ck_assert(vm_map_check(map()));
	ck_assert_int_eq(vm_set_size_limit(priv_port, map(), cur0, max0),
			 KERN_SUCCESS);
}
END_TEST

/* Through the unprivileged host port at most 8 MiB may be wired per
 * task; unwiring is always allowed; the privileged port has no limit. */
START_TEST(wire_limit_unprivileged)
{
	const vm_size_t mib8 = 8UL << 20;
	vm_address_t a = alloc(mib8 + 2 * P);
	ck_assert_int_eq(vm_wire(host_port(), map(), a, mib8 - P, VM_PROT_READ),
			 KERN_SUCCESS);
	/* Already wired pages do not count twice. */
	ck_assert_int_eq(vm_wire(host_port(), map(), a, mib8, VM_PROT_READ),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_wire(host_port(), map(), a + mib8, P, VM_PROT_READ),
			 KERN_NO_ACCESS);
	struct vm_map_entry *e = vm_map_lookup(map(), a + mib8);
	ck_assert_ptr_nonnull(e);
	ck_assert(!e->wired);
	ck_assert_int_eq(
		vm_wire(priv_port, map(), a + mib8, 2 * P, VM_PROT_READ),
		KERN_SUCCESS);
	ck_assert_int_eq(
		vm_wire(host_port(), map(), a, mib8 + 2 * P, VM_PROT_NONE),
		KERN_SUCCESS);
	ck_assert(!vm_map_lookup(map(), a)->wired);
	ck_assert_int_eq(vm_deallocate(map(), a, mib8 + 2 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(wire_and_phys)
{
	vm_address_t a = alloc(4 * P);
	rpc_phys_addr_t inline_pages[8], *pages = inline_pages;
	mach_msg_type_number_t cnt = 8;

	ck_assert_int_eq(vm_wire(NULL, map(), a, P, VM_PROT_READ),
			 KERN_INVALID_HOST);
	ck_assert_int_eq(vm_wire(priv_port, NULL, a, P, VM_PROT_READ),
			 KERN_INVALID_TASK);
	ck_assert_int_eq(vm_wire(priv_port, map(), a, P, 0x40),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_wire(priv_port, map(), a, 8 * P, VM_PROT_READ),
			 KERN_INVALID_ADDRESS);
	ck_assert_int_eq(vm_wire(host_port(), map(), a + P, 2 * P,
				 VM_PROT_READ | VM_PROT_WRITE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_pages_phys(NULL, map(), a, 4 * P, &pages, &cnt),
			 KERN_INVALID_HOST);
	ck_assert_int_eq(
		vm_pages_phys(fake_host, map(), a + 1, P, &pages, &cnt),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(
		vm_pages_phys(fake_host, map(), a, 4 * P, &pages, &cnt),
		KERN_SUCCESS);
	ck_assert_ptr_eq(pages, inline_pages);
	ck_assert_uint_eq(cnt, 4);
	ck_assert_uint_eq(pages[0], 0);
	ck_assert_uint_ne(pages[1], 0);
	ck_assert_uint_ne(pages[2], 0);
	ck_assert_uint_eq(pages[3], 0);
	struct vm_page *pg = vm_page_lookup(pages[1]);
	ck_assert_ptr_nonnull(pg);
	ck_assert_uint_eq(pg->wire_count, 1);
	/* Too many for the inline room: a map copy (OOL form). */
	cnt = 2;
	ck_assert_int_eq(
		vm_pages_phys(fake_host, map(), a, 4 * P, &pages, &cnt),
		KERN_SUCCESS);
	ck_assert_ptr_ne(pages, inline_pages);
	ck_assert_uint_eq(cnt, 4);
	struct vm_map_copy *copy = (struct vm_map_copy *)pages;
	rpc_phys_addr_t got[4];
	ck_assert_int_eq(vm_map_copy_read(copy, 0, got, sizeof(got)),
			 KERN_SUCCESS);
	ck_assert_uint_eq(got[1], inline_pages[1]);
	ipc_ool_discard(copy);
	ck_assert_int_eq(vm_wire(priv_port, map(), a + P, 2 * P, VM_PROT_NONE),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pg->wire_count, 0);
	/* vm_wire_all. */
	ck_assert_int_eq(vm_wire_all(NULL, map(), VM_WIRE_ALL),
			 KERN_INVALID_HOST);
	ck_assert_int_eq(vm_wire_all(priv_port, map(), 8),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_wire_all(priv_port, map(), VM_WIRE_NONE),
			 KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(contiguous)
{
	vm_address_t va;
	rpc_phys_addr_t pa;
	rpc_phys_addr_t pages[4], *pp = pages;
	mach_msg_type_number_t cnt = 4;

	ck_assert_int_eq(
		vm_allocate_contiguous(NULL, map(), &va, &pa, 4 * P, 0, 0, 0),
		KERN_INVALID_HOST);
	ck_assert_int_eq(vm_allocate_contiguous(fake_host, NULL, &va, &pa,
						4 * P, 0, 0, 0),
			 KERN_INVALID_TASK);
	ck_assert_int_eq(
		vm_allocate_contiguous(fake_host, map(), &va, &pa, 0, 0, 0, 0),
		KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_allocate_contiguous(fake_host, map(), &va, &pa, P,
						0, 0, 3 * P),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_allocate_contiguous(fake_host, map(), &va, &pa,
						4 * P, 0, 0, 4 * P),
			 KERN_SUCCESS);
	ck_assert_uint_eq(pa % (4 * P), 0);
	ck_assert_int_eq(copyout("dma", (void *)(va + 3 * P), 4), 0);
	ck_assert_int_eq(vm_pages_phys(fake_host, map(), va, 4 * P, &pp, &cnt),
			 KERN_SUCCESS);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(pages[i], pa + i * P);
	ck_assert_int_eq(vm_deallocate(map(), va, 4 * P), KERN_SUCCESS);
}
END_TEST

START_TEST(map_stats_attributes)
{
	vm_address_t a = 0x10000000;
	vm_statistics_data_t st;
	vm_cache_statistics_data_t cst;
	vm_machine_attribute_val_t v = 0;

	ck_assert_int_eq(vm_map(map(), &a, 0, 0, FALSE, NULL, 0, FALSE,
				VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map(map(), &a, P, 0, FALSE, NULL, 0, FALSE, 0x10,
				VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_map(map(), &a, P, 0, FALSE, NULL, 0, FALSE,
				VM_PROT_DEFAULT, VM_PROT_ALL, 9),
			 KERN_INVALID_ARGUMENT);
	a = 0x10000000 + P;
	ck_assert_int_eq(vm_map(map(), &a, 4 * P, 0xFFFF, TRUE, NULL, 0, FALSE,
				VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert_uint_eq(a % 0x10000, 0);
	ck_assert_int_eq(copyout("x", (void *)a, 1), 0);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);
	/* A dead name is anonymous memory; its offset (here wrapping) is
	 * ignored, as GNU Mach does. */
	ck_assert_int_eq(vm_map(map(), &a, 4 * P, 0, TRUE, PORT_DEAD,
				(vm_offset_t)-P, FALSE, VM_PROT_DEFAULT,
				VM_PROT_ALL, VM_INHERIT_COPY),
			 KERN_SUCCESS);
	ck_assert_int_eq(copyout("x", (void *)(a + 3 * P), 1), 0);
	ck_assert_int_eq(vm_deallocate(map(), a, 4 * P), KERN_SUCCESS);

	ck_assert_int_eq(vm_statistics(NULL, &st), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_statistics(map(), &st), KERN_SUCCESS);
	ck_assert_int_eq(st.pagesize, P);
	ck_assert_int_gt(st.free_count, 0);
	ck_assert_int_gt(st.faults, 0);
	ck_assert_int_gt(st.zero_fill_count, 0);
	ck_assert_int_eq(vm_cache_statistics(map(), &cst), KERN_SUCCESS);
	ck_assert_int_eq(vm_machine_attribute(map(), 0, P, 3, &v),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_machine_attribute(map(), 0, P, MATTR_CACHE, &v),
			 KERN_INVALID_ADDRESS);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vm_user");
	TCase *tc = tcase_create("core");

	tcase_add_unchecked_fixture(tc, boot, NULL);
	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, allocate_deallocate);
	tcase_add_test(tc, protect_inherit);
	tcase_add_test(tc, object_names);
	tcase_add_test(tc, read_write_copy);
	tcase_add_test(tc, size_limits);
	tcase_add_test(tc, size_limit_prot_none);
	tcase_add_test(tc, wire_limit_unprivileged);
	tcase_add_test(tc, wire_and_phys);
	tcase_add_test(tc, contiguous);
	tcase_add_test(tc, map_stats_attributes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
