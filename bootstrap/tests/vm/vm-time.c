/*
 * Boot test vm-time: the mapped time page of the "time" device
 * (device_map, modules/mach3/device_server.c; kern/vm_kobject.h).
 *
 *  - device_map(time, VM_PROT_READ, 0, one page) gives a memory object;
 *    vm_map of it read-only shows a mapped_time_value_t whose consistent
 *    reads (seconds, microseconds, then check_seconds: equal) never go
 *    backwards, keep microseconds < 10^6 and the 64-bit copy equal, stay
 *    within 0.5 s behind host_get_time, and advance (50 ms within 10 s
 *    of guest time, while the task sleeps and while it spins);
 *    host_set_time moves it at once;
 *  - read-only: a store faults (EXC_BAD_ACCESS, KERN_PROTECTION_FAILURE);
 *    vm_protect to write is KERN_PROTECTION_FAILURE; vm_map asking write
 *    (current or maximum) is KERN_PROTECTION_FAILURE; an offset or size
 *    past the page is KERN_INVALID_ARGUMENT; a copy (copy = TRUE) is a
 *    snapshot that does not advance;
 *  - device_map codes: write in prot D_READ_ONLY, bad prot bits
 *    D_INVALID_OPERATION, offset not 0 D_INVALID_RECNUM, size 0 or over
 *    a page D_INVALID_SIZE, the console D_INVALID_OPERATION;
 *  - a proxy of the pager (memory_object_create_proxy) maps the same page;
 *    asking it for write is KERN_PROTECTION_FAILURE;
 *  - the kernel's object counts return to their baseline after a round
 *    of all this (pager ports, mappings, proxies freed).
 */
#include <device/device.h>
#include <mach/mach_interface.h>
#include <mach/mach_host.h>
#include <mach/mach_port.h>
#include <mach/time_value.h>

#include "excServer.h"
#include "mach4.h"
#include "bootstrap/tests/vm/vm_exc_util.h"

static mach_port_t master, time_dev;

struct snap {
	long sec, usec, sec64, nsec64;
};

/* One consistent read, as the header prescribes. */
static struct snap read_time(volatile const mapped_time_value_t *mt)
{
	struct snap s;

	do {
		s.sec = mt->seconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s.usec = mt->microseconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (s.sec != mt->check_seconds);
	do {
		s.sec64 = mt->time_value.seconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s.nsec64 = mt->time_value.nanoseconds;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (s.sec64 != mt->check_seconds64);
	return s;
}

static long snap_us(struct snap s)
{
	return s.sec * 1000000L + s.usec;
}

static long host_us(void)
{
	time_value_t tv;

	EXPECT(host_get_time(test_host_priv(), &tv), KERN_SUCCESS);
	return tv.seconds * 1000000L + tv.microseconds;
}

static mach_port_t map_pager(void)
{
	mach_port_t pager = MACH_PORT_NULL;

	EXPECT(device_map(time_dev, VM_PROT_READ, 0, PAGE, &pager, 0),
	       D_SUCCESS);
	CHECK(pager != MACH_PORT_NULL);
	return pager;
}

static vm_address_t vm_map_time(mach_port_t pager, boolean_t copy)
{
	vm_address_t a = 0;

	EXPECT(vm_map(mach_task_self(), &a, PAGE, 0, TRUE, pager, 0, copy,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	return a;
}

/* Read the time a few times: consistent, never back from *prev (updated).
 * True once it is span microseconds past first. */
static int moved_by(volatile const mapped_time_value_t *mt, struct snap *prev,
		    struct snap first, long span)
{
	for (int i = 0; i < 64; i++) {
		struct snap s = read_time(mt);

		CHECK(s.usec >= 0 && s.usec < 1000000);
		CHECK(s.nsec64 >= 0 && s.nsec64 < 1000000000);
		if (snap_us(s) < snap_us(*prev))
			TEST_FAIL("time went back: %ld.%06ld after %ld.%06ld",
				  s.sec, s.usec, prev->sec, prev->usec);
		/* The 64-bit copy was read after the 32-bit one. */
		CHECK(s.sec64 >= s.sec);
		*prev = s;
	}
	return snap_us(*prev) - snap_us(first) >= span;
}

/* The time advances 50 ms: first while this task sleeps on the guest
 * clock, then while it only reads and yields (the clock must tick while a
 * task spins); each within 10 s of guest time. */
static void check_advances(volatile const mapped_time_value_t *mt)
{
	struct snap first = read_time(mt), prev = first;
	long start;

	TEST_WAIT_UNTIL(moved_by(mt, &prev, first, 50000), 10,
			"mapped time stuck at %ld.%06ld for 10 s", prev.sec,
			prev.usec);
	first = prev;
	start = host_us();
	while (!moved_by(mt, &prev, first, 50000)) {
		if (host_us() - start > 10000000)
			TEST_FAIL("mapped time stuck at %ld.%06ld while the "
				  "task spins (host_get_time moved 10 s)",
				  prev.sec, prev.usec);
		swtch();
	}
	/* The mapped time first: a tick between the two reads may rewrite
	 * it, later than a host_get_time read before it. */
	long mapped = snap_us(read_time(mt)), host = host_us();
	if (mapped > host || host - mapped > 500000)
		TEST_FAIL("mapped %ld us, host_get_time %ld us", mapped, host);
}

static void check_set_time(volatile const mapped_time_value_t *mt)
{
	time_value_t now, then = {.seconds = 1000000000, .microseconds = 0};

	EXPECT(host_get_time(test_host_priv(), &now), KERN_SUCCESS);
	EXPECT(host_set_time(test_host_priv(), then), KERN_SUCCESS);
	struct snap s = read_time(mt);
	CHECK(s.sec == 1000000000 || s.sec == 1000000001);
	CHECK_EQ(s.sec64, s.sec);
	EXPECT(host_set_time(test_host_priv(), now), KERN_SUCCESS);
	CHECK(read_time(mt).sec >= now.seconds);
}

static void check_read_only(mach_port_t pager, vm_address_t a)
{
	mach_port_t self = mach_task_self();
	vm_address_t b = 0;

	vm2_expect_write_fault((volatile char *)a + 8, "store to time page");
	EXPECT(vm_protect(self, a, PAGE, FALSE, VM_PROT_READ | VM_PROT_WRITE),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(self, a, PAGE, TRUE, VM_PROT_ALL),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_map(self, &b, PAGE, 0, TRUE, pager, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_map(self, &b, PAGE, 0, TRUE, pager, 0, FALSE, VM_PROT_READ,
		      VM_PROT_ALL, VM_INHERIT_NONE),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_map(self, &b, PAGE, 0, TRUE, pager, PAGE, FALSE, VM_PROT_READ,
		      VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_map(self, &b, 2 * PAGE, 0, TRUE, pager, 0, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
}

/* copy = TRUE: a snapshot, read-only too. */
static void check_copy(mach_port_t pager,
		       volatile const mapped_time_value_t *mt)
{
	vm_address_t c = vm_map_time(pager, TRUE);
	volatile const mapped_time_value_t *ct = (void *)c;
	struct snap s0 = read_time(ct);

	TEST_WAIT_UNTIL(snap_us(read_time(mt)) - snap_us(s0) >= 30000, 10,
			"mapped time stuck for 10 s");
	CHECK_EQ(snap_us(read_time(ct)), snap_us(s0));
	vm2_expect_write_fault((volatile char *)c, "store to time copy");
	EXPECT(vm_deallocate(mach_task_self(), c, PAGE), KERN_SUCCESS);
}

static void check_device_map_codes(void)
{
	mach_port_t pager = MACH_PORT_NULL, console;

	EXPECT(device_map(time_dev, VM_PROT_READ | VM_PROT_WRITE, 0, PAGE,
			  &pager, 0),
	       D_READ_ONLY);
	EXPECT(device_map(time_dev, 0x10, 0, PAGE, &pager, 0),
	       D_INVALID_OPERATION);
	EXPECT(device_map(time_dev, VM_PROT_READ, PAGE, PAGE, &pager, 0),
	       D_INVALID_RECNUM);
	EXPECT(device_map(time_dev, VM_PROT_READ, 0, 0, &pager, 0),
	       D_INVALID_SIZE);
	EXPECT(device_map(time_dev, VM_PROT_READ, 0, 2 * PAGE, &pager, 0),
	       D_INVALID_SIZE);
	CHECK_EQ(pager, MACH_PORT_NULL);
	EXPECT(device_open(master, D_READ | D_WRITE, "console", &console),
	       D_SUCCESS);
	EXPECT(device_map(console, VM_PROT_READ, 0, PAGE, &pager, 0),
	       D_INVALID_OPERATION);
	EXPECT(device_close(console), D_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), console), KERN_SUCCESS);
	/* The master port is no device. */
	EXPECT(device_map(master, VM_PROT_READ, 0, PAGE, &pager, 0),
	       D_INVALID_OPERATION);
}

/* A proxy of the pager: the same page, read-only at most. */
static void check_proxy(mach_port_t pager,
			volatile const mapped_time_value_t *mt)
{
	mach_port_t self = mach_task_self(), proxy = MACH_PORT_NULL;
	rpc_vm_offset_t off = 0, start = 0;
	rpc_vm_size_t len = PAGE;
	vm_address_t p = 0;

	/* create_proxy moves the object right: give it one of its own. */
	EXPECT(mach_port_mod_refs(self, pager, MACH_PORT_RIGHT_SEND, 1),
	       KERN_SUCCESS);
	EXPECT(memory_object_create_proxy(self, VM_PROT_READ | VM_PROT_WRITE,
					  &pager, MACH_MSG_TYPE_MOVE_SEND, 1,
					  &off, 1, &start, 1, &len, 1, &proxy),
	       KERN_PROTECTION_FAILURE);
	EXPECT(mach_port_mod_refs(self, pager, MACH_PORT_RIGHT_SEND, 1),
	       KERN_SUCCESS);
	EXPECT(memory_object_create_proxy(self, VM_PROT_READ, &pager,
					  MACH_MSG_TYPE_MOVE_SEND, 1, &off, 1,
					  &start, 1, &len, 1, &proxy),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &p, PAGE, 0, TRUE, proxy, 0, FALSE, VM_PROT_READ,
		      VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	/* The proxy's port may go: the mapping stays. */
	EXPECT(mach_port_deallocate(self, proxy), KERN_SUCCESS);
	/* The live page, not a snapshot: once the time moved past a read of
	 * the proxy, a later read of the proxy shows it moved too. */
	volatile const mapped_time_value_t *pt = (void *)p;
	struct snap p1 = read_time(pt);
	TEST_WAIT_UNTIL(snap_us(read_time(mt)) > snap_us(p1), 10,
			"mapped time stuck for 10 s");
	struct snap m = read_time(mt), p2 = read_time(pt);
	CHECK(snap_us(p2) >= snap_us(m));
	EXPECT(vm_deallocate(self, p, PAGE), KERN_SUCCESS);
}

static void time_round(void)
{
	mach_port_t pager;
	vm_address_t a;
	volatile const mapped_time_value_t *mt;

	EXPECT(device_open(master, D_READ, "time", &time_dev), D_SUCCESS);
	pager = map_pager();
	a = vm_map_time(pager, FALSE);
	mt = (volatile const mapped_time_value_t *)a;
	check_advances(mt);
	check_set_time(mt);
	check_read_only(pager, a);
	check_copy(pager, mt);
	check_proxy(pager, mt);
	check_device_map_codes();
	EXPECT(vm_deallocate(mach_task_self(), a, PAGE), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), pager), KERN_SUCCESS);
	EXPECT(device_close(time_dev), D_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), time_dev), KERN_SUCCESS);
	printf("vm-time: mapped time round ok\n");
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	CHECK(argc > 3);
	master = test_device_master();
	CHECK(master != MACH_PORT_NULL);
	vm2_setup(argv);
	vm2_check_no_leak(time_round, "vm-time");
	TEST_SUCCESS();
}
