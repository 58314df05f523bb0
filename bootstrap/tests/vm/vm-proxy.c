/*
 * Boot test vm-proxy: proxy memory objects (mach4.defs
 * memory_object_create_proxy, vm_region_create_proxy; kern/vm_kobject.h).
 *
 *  - vm_region_create_proxy of pages 1-2 of a 4-page buffer, read-only:
 *    vm_map of the proxy shows those pages, shares them (a later store to
 *    the buffer is seen through the mapping), refuses write (store
 *    faults with KERN_PROTECTION_FAILURE, vm_protect and vm_map asking
 *    write are KERN_PROTECTION_FAILURE) and windows past the proxy
 *    (KERN_INVALID_ARGUMENT); the mapping outlives the proxy's port;
 *  - a read-write region proxy: stores through either mapping are seen
 *    by the other;
 *  - memory_object_create_proxy of a proxy (window start/offset moved,
 *    protection reduced): the right bytes at the new offsets, nothing
 *    outside, write above the inner proxy's maximum refused;
 *  - memory_object_create_proxy of an external pager's port (a pager
 *    thread of this task): the proxy's window maps the pager's page 1;
 *    when proxy and mapping are gone the pager gets terminate;
 *  - bad arguments: KERN_INVALID_TASK (not a task port),
 *    KERN_INVALID_ARGUMENT (counts, protection bits, len 0, unaligned,
 *    a range over two entries, not a memory object), KERN_INVALID_ADDRESS
 *    (unmapped), KERN_PROTECTION_FAILURE (above the region's maximum);
 *  - the kernel's object counts return to their baseline after a round.
 */
#include <string.h>

#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/memory_object.h>

#include "excServer.h"
#include "mach4.h"
#include "bootstrap/tests/vm/vm_exc_util.h"
#include "bootstrap/tests/pager_util.h"

static mach_port_t self;

static vm_address_t map_proxy(mach_port_t proxy, vm_offset_t off,
			      vm_size_t size, vm_prot_t prot)
{
	vm_address_t a = 0;

	EXPECT(vm_map(self, &a, size, 0, TRUE, proxy, off, FALSE, prot, prot,
		      VM_INHERIT_NONE),
	       KERN_SUCCESS);
	return a;
}

/* memory_object_create_proxy of one object; the caller's right stays. */
static kern_return_t make_proxy(mach_port_t obj, vm_prot_t max,
				rpc_vm_offset_t off, rpc_vm_offset_t start,
				rpc_vm_size_t len, mach_port_t *proxy)
{
	if (MACH_PORT_VALID(obj))
		EXPECT(mach_port_mod_refs(self, obj, MACH_PORT_RIGHT_SEND, 1),
		       KERN_SUCCESS);
	return memory_object_create_proxy(self, max, &obj,
					  MACH_MSG_TYPE_MOVE_SEND, 1, &off, 1,
					  &start, 1, &len, 1, proxy);
}

static vm_address_t buffer(void)
{
	vm_address_t a = 0;

	EXPECT(vm_allocate(self, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	for (int i = 0; i < 4; i++)
		memset((char *)a + i * PAGE, 'A' + i, PAGE);
	return a;
}

static void check_region_read_only(vm_address_t a)
{
	mach_port_t proxy = MACH_PORT_NULL;
	vm_address_t b, x = 0;
	volatile char *ab = (volatile char *)a;

	EXPECT(vm_region_create_proxy(self, a + PAGE, VM_PROT_READ, 2 * PAGE,
				      &proxy),
	       KERN_SUCCESS);
	b = map_proxy(proxy, 0, 2 * PAGE, VM_PROT_READ);
	volatile char *bb = (volatile char *)b;
	CHECK_EQ(bb[0], 'B');
	CHECK_EQ(bb[PAGE + 7], 'C');
	ab[PAGE + 5] = 'x'; /* shared, not copied */
	CHECK_EQ(bb[5], 'x');
	vm2_expect_write_fault(bb + 3, "store through a read-only proxy");
	EXPECT(vm_protect(self, b, PAGE, FALSE, VM_PROT_READ | VM_PROT_WRITE),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_map(self, &x, PAGE, 0, TRUE, proxy, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_map(self, &x, PAGE, 0, TRUE, proxy, 2 * PAGE, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_map(self, &x, 3 * PAGE, 0, TRUE, proxy, 0, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
	/* The second page alone, at offset PAGE of the proxy. */
	x = map_proxy(proxy, PAGE, PAGE, VM_PROT_READ);
	CHECK_EQ(((volatile char *)x)[0], 'C');
	EXPECT(vm_deallocate(self, x, PAGE), KERN_SUCCESS);
	/* The port goes; the mapping stays. */
	EXPECT(mach_port_deallocate(self, proxy), KERN_SUCCESS);
	ab[2 * PAGE] = 'y';
	CHECK_EQ(bb[PAGE], 'y');
	EXPECT(vm_deallocate(self, b, 2 * PAGE), KERN_SUCCESS);
	CHECK_EQ(ab[PAGE + 5], 'x');
	printf("vm-proxy: read-only region proxy ok\n");
}

static void check_region_read_write(vm_address_t a)
{
	mach_port_t proxy = MACH_PORT_NULL;
	vm_address_t c;
	volatile char *ab = (volatile char *)a, *cb;

	EXPECT(vm_region_create_proxy(self, a, VM_PROT_READ | VM_PROT_WRITE,
				      4 * PAGE, &proxy),
	       KERN_SUCCESS);
	c = map_proxy(proxy, 0, 4 * PAGE, VM_PROT_READ | VM_PROT_WRITE);
	cb = (volatile char *)c;
	CHECK_EQ(cb[3 * PAGE], 'D');
	cb[0] = 'z';
	CHECK_EQ(ab[0], 'z');
	ab[3 * PAGE + 1] = 'w';
	CHECK_EQ(cb[3 * PAGE + 1], 'w');

	/* A proxy of the proxy: its page 2 at offset 8 pages, read-only. */
	mach_port_t inner = MACH_PORT_NULL;
	vm_address_t d, x = 0;
	EXPECT(make_proxy(proxy, VM_PROT_READ, 8 * PAGE, 2 * PAGE, PAGE,
			  &inner),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &x, PAGE, 0, TRUE, inner, 0, FALSE, VM_PROT_READ,
		      VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_map(self, &x, PAGE, 0, TRUE, inner, 8 * PAGE, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE),
	       KERN_PROTECTION_FAILURE);
	d = map_proxy(inner, 8 * PAGE, PAGE, VM_PROT_READ);
	CHECK_EQ(((volatile char *)d)[0], 'y'); /* stored above */
	CHECK_EQ(((volatile char *)d)[1], 'C');
	ab[2 * PAGE + 9] = 'q';
	CHECK_EQ(((volatile char *)d)[9], 'q');
	vm2_expect_write_fault((volatile char *)d,
			       "store through proxy of proxy");
	EXPECT(vm_deallocate(self, d, PAGE), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, inner), KERN_SUCCESS);
	/* Outside the outer proxy's window, or above its protection. */
	EXPECT(make_proxy(proxy, VM_PROT_READ, 0, 3 * PAGE, 2 * PAGE, &inner),
	       KERN_INVALID_ARGUMENT);
	EXPECT(make_proxy(proxy, VM_PROT_ALL, 0, 0, PAGE, &inner),
	       KERN_PROTECTION_FAILURE);

	EXPECT(vm_deallocate(self, c, 4 * PAGE), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, proxy), KERN_SUCCESS);
	printf("vm-proxy: read-write region proxy and proxy of proxy ok\n");
}

static void check_bad_arguments(vm_address_t a)
{
	mach_port_t proxy = MACH_PORT_NULL, obj = MACH_PORT_NULL;
	mach_port_t objs[2];
	rpc_vm_offset_t offs[2] = {0, 0}, starts[2] = {0, 0};
	rpc_vm_size_t lens[2] = {PAGE, PAGE};
	vm_address_t hole = 0;

	EXPECT(vm_region_create_proxy(self, a, VM_PROT_READ, 4 * PAGE, &obj),
	       KERN_SUCCESS);
	/* Not a task. */
	EXPECT(vm_region_create_proxy(test_host_priv(), a, VM_PROT_READ, PAGE,
				      &proxy),
	       KERN_INVALID_TASK);
	EXPECT(mach_port_mod_refs(self, obj, MACH_PORT_RIGHT_SEND, 1),
	       KERN_SUCCESS);
	objs[0] = obj;
	EXPECT(memory_object_create_proxy(test_host_priv(), VM_PROT_READ, objs,
					  MACH_MSG_TYPE_MOVE_SEND, 1, offs, 1,
					  starts, 1, lens, 1, &proxy),
	       KERN_INVALID_TASK);
	/* Counts: one object per proxy. */
	EXPECT(mach_port_mod_refs(self, obj, MACH_PORT_RIGHT_SEND, 2),
	       KERN_SUCCESS);
	objs[0] = objs[1] = obj;
	EXPECT(memory_object_create_proxy(self, VM_PROT_READ, objs,
					  MACH_MSG_TYPE_MOVE_SEND, 2, offs, 2,
					  starts, 2, lens, 2, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(mach_port_mod_refs(self, obj, MACH_PORT_RIGHT_SEND, 1),
	       KERN_SUCCESS);
	EXPECT(memory_object_create_proxy(self, VM_PROT_READ, objs,
					  MACH_MSG_TYPE_MOVE_SEND, 1, offs, 2,
					  starts, 1, lens, 1, &proxy),
	       KERN_INVALID_ARGUMENT);
	/* Protection, length, alignment, wrap, not a memory object. */
	EXPECT(make_proxy(obj, 0x10, 0, 0, PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(make_proxy(obj, VM_PROT_READ, 0, 0, 0, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(make_proxy(obj, VM_PROT_READ, 0, 100, PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(make_proxy(obj, VM_PROT_READ, 0, -PAGE, 2 * PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(make_proxy(self, VM_PROT_READ, 0, 0, PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	CHECK_EQ(proxy, MACH_PORT_NULL);
	EXPECT(mach_port_deallocate(self, obj), KERN_SUCCESS);

	/* Regions: protection, length, hole, two entries, maximum. */
	EXPECT(vm_region_create_proxy(self, a, 0x10, PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_region_create_proxy(self, a, VM_PROT_READ, 0, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_region_create_proxy(self, a, VM_PROT_READ, -PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_allocate(self, &hole, PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, hole, PAGE), KERN_SUCCESS);
	EXPECT(vm_region_create_proxy(self, hole, VM_PROT_READ, PAGE, &proxy),
	       KERN_INVALID_ADDRESS);
	EXPECT(vm_protect(self, a + 3 * PAGE, PAGE, TRUE, VM_PROT_READ),
	       KERN_SUCCESS);
	EXPECT(vm_region_create_proxy(self, a + 2 * PAGE, VM_PROT_READ,
				      2 * PAGE, &proxy),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_region_create_proxy(self, a + 3 * PAGE,
				      VM_PROT_READ | VM_PROT_WRITE, PAGE,
				      &proxy),
	       KERN_PROTECTION_FAILURE);
	CHECK_EQ(proxy, MACH_PORT_NULL);
	printf("vm-proxy: bad arguments ok\n");
}

/* ---- A pager thread: page i is filled with 'a' + i ------------------- */

static mach_port_t mo_port;
static volatile mach_port_t mo_control;
static volatile int terminates;

/* The main thread waits in the fault meanwhile: this thread may make
 * RPCs. The buffer moves to the kernel (data_supply deallocates it). */
static void serve_request(const struct mo_request *r)
{
	pager_supply_fill(r->control, r->offset, 'a' + (int)(r->offset / PAGE));
}

static void pager(void)
{
	union mo_msg in;

	for (;;) {
		pager_receive(mo_port, &in);
		switch (in.head.msgh_id) {
		case MO_INIT:
			mo_control = in.init.control;
			EXPECT(memory_object_ready(in.init.control, TRUE,
						   MEMORY_OBJECT_COPY_DELAY),
			       KERN_SUCCESS);
			break;
		case MO_DATA_REQUEST:
			serve_request(&in.request);
			break;
		case MO_TERMINATE:
			terminates++;
			break;
		default:
			TEST_FAIL("pager got id %d", in.head.msgh_id);
		}
	}
}

static void check_pager_proxy(void)
{
	mach_port_t proxy = MACH_PORT_NULL;
	vm_address_t x = 0;
	int before = terminates;

	EXPECT(make_proxy(mo_port, VM_PROT_READ | VM_PROT_WRITE, 0, PAGE,
			  2 * PAGE, &proxy),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &x, 3 * PAGE, 0, TRUE, proxy, 0, FALSE,
		      VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE),
	       KERN_INVALID_ARGUMENT);
	x = map_proxy(proxy, PAGE, PAGE, VM_PROT_READ | VM_PROT_WRITE);
	CHECK_EQ(((volatile char *)x)[100], 'c');
	EXPECT(mach_port_deallocate(self, proxy), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, x, PAGE), KERN_SUCCESS);
	TEST_WAIT_UNTIL(terminates != before, 10,
			"no memory_object_terminate in 10 s");
	/* The control port died with the object: drop its dead name. */
	EXPECT(mach_port_destroy(self, mo_control), KERN_SUCCESS);
	printf("vm-proxy: proxy of an external pager ok\n");
}

static void proxy_round(void)
{
	vm_address_t a = buffer();

	check_region_read_only(a);
	check_region_read_write(a);
	check_bad_arguments(a);
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	check_pager_proxy();
	printf("vm-proxy: round ok\n");
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	CHECK(argc > 3);
	self = mach_task_self();
	vm2_setup(argv);
	mo_port = port_alloc_with_send();
	start_thread(pager);
	vm2_check_no_leak(proxy_round, "vm-proxy");
	TEST_SUCCESS();
}
