/*
 * Boot test vm-calls: VM routines no other boot test in TESTS calls,
 * through the MIG user stubs of libmach:
 *
 *   vm_machine_attribute (2099)  the x86 pmap has no machine attributes:
 *       a known attribute on a valid range is KERN_INVALID_ADDRESS (as
 *       GNU Mach's x86 pmap answers) and *value comes back unchanged; an
 *       unknown attribute or a wrapping range KERN_INVALID_ARGUMENT;
 *   vm_allocate_contiguous (4210)  zeroed, writable memory whose pages
 *       are physically contiguous from *paddr (read back with
 *       vm_pages_phys), inside [pmin, pmax) and aligned to palign;
 *       KERN_INVALID_HOST without host_priv, KERN_INVALID_TASK for a
 *       non-task, KERN_INVALID_ARGUMENT for size 0, a non-power-of-two
 *       alignment or pmin >= pmax, KERN_RESOURCE_SHORTAGE when no such
 *       run of pages exists; vm_deallocate gives the pages back;
 *   vm_pages_phys (4212)  one physical address per page, 0 for a page
 *       not resident (untouched, or not mapped); inline for up to 256
 *       pages, out of line beyond; KERN_INVALID_ARGUMENT for an unaligned
 *       address or size or a wrapping range;
 *   vm_set_default_memory_manager (2041)  privileged; a null port asks
 *       for the current manager (a send right, or null), a port becomes
 *       the manager (the kernel makes a send right from it) and the
 *       previous one comes back.
 */
#include <string.h>

#include <mach/gnumach.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach/vm_attributes.h>

#include "../mach_test_util.h"

#define PAGE 4096UL
#define MIB  (1024UL * 1024UL)

static mach_port_t self, thread_self, host, host_priv;

/* ---- vm_machine_attribute --------------------------------------------- */

static void test_machine_attribute(void)
{
	vm_address_t a = 0;
	vm_machine_attribute_val_t value;

	EXPECT(vm_allocate(self, &a, 2 * PAGE, TRUE), KERN_SUCCESS);
	value = MATTR_VAL_CACHE_FLUSH;
	EXPECT(vm_machine_attribute(self, a, 2 * PAGE, MATTR_CACHE, &value),
	       KERN_INVALID_ADDRESS);
	CHECK_EQ(value, MATTR_VAL_CACHE_FLUSH);
	value = MATTR_VAL_GET;
	EXPECT(vm_machine_attribute(self, a, PAGE, MATTR_MIGRATE, &value),
	       KERN_INVALID_ADDRESS);
	CHECK_EQ(value, MATTR_VAL_GET);
	EXPECT(vm_machine_attribute(self, a, PAGE, MATTR_REPLICATE, &value),
	       KERN_INVALID_ADDRESS);
	CHECK_EQ(value, MATTR_VAL_GET);

	EXPECT(vm_machine_attribute(self, a, PAGE, 3, &value),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_machine_attribute(self, a, PAGE, 0, &value),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_machine_attribute(self, ~0UL - PAGE + 1, 2 * PAGE,
				    MATTR_CACHE, &value),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_machine_attribute(thread_self, a, PAGE, MATTR_CACHE, &value),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_machine_attribute(MACH_PORT_NULL, a, PAGE, MATTR_CACHE,
				    &value),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(value, MATTR_VAL_GET);
	/* The memory is untouched by all this. */
	((volatile char *)a)[0] = 1;
	EXPECT(vm_deallocate(self, a, 2 * PAGE), KERN_SUCCESS);
	printf("vm-calls: vm_machine_attribute ok\n");
}

/* ---- vm_pages_phys ------------------------------------------------------ */

/* The physical addresses of n pages from a (n <= 16, inline). */
static void pages_phys(vm_address_t a, unsigned long n, rpc_phys_addr_t *out)
{
	rpc_phys_addr_t buf[16], *pages = buf;
	mach_msg_type_number_t count = 16;

	CHECK(n <= 16);
	EXPECT(vm_pages_phys(host_priv, self, a, n * PAGE, &pages, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, n);
	CHECK(pages == buf);
	memcpy(out, pages, n * sizeof(*out));
}

static void test_pages_phys(void)
{
	enum { NBIG = 300 }; /* more than the 256 the reply holds inline */
	vm_address_t a = 0, big = 0;
	volatile char *p;
	rpc_phys_addr_t phys[4], buf[4], *pages = buf;
	mach_msg_type_number_t count;

	EXPECT(vm_allocate(self, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	p = (volatile char *)a;
	pages_phys(a, 4, phys);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(phys[i], 0); /* nothing resident yet */
	p[PAGE] = 1;
	p[3 * PAGE + 7] = 2;
	pages_phys(a, 4, phys);
	CHECK(phys[0] == 0 && phys[2] == 0);
	CHECK(phys[1] != 0 && phys[3] != 0 && phys[1] != phys[3]);
	CHECK_EQ(phys[1] % PAGE, 0);
	CHECK_EQ(phys[3] % PAGE, 0);
	/* Size 0: no entries. */
	count = 4;
	EXPECT(vm_pages_phys(host_priv, self, a, 0, &pages, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, 0);

	/* Many pages come out of line; past the mapping they read 0. */
	EXPECT(vm_allocate(self, &big, NBIG * PAGE, TRUE), KERN_SUCCESS);
	for (unsigned long i = 0; i < NBIG; i += 2)
		((volatile char *)big)[i * PAGE] = 1;
	count = 4;
	pages = buf;
	EXPECT(vm_pages_phys(host_priv, self, big, NBIG * PAGE, &pages, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, NBIG);
	CHECK(pages != buf);
	for (unsigned long i = 0; i < NBIG; i++)
		if ((pages[i] != 0) != (i % 2 == 0) || pages[i] % PAGE != 0)
			TEST_FAIL("page %lu of %d: phys 0x%lx", i, NBIG,
				  (unsigned long)pages[i]);
	EXPECT(vm_deallocate(self, (vm_address_t)pages, count * sizeof(*pages)),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, big, NBIG * PAGE), KERN_SUCCESS);
	pages_phys(big, 2, phys); /* now unmapped */
	CHECK(phys[0] == 0 && phys[1] == 0);

	/* Bad input. */
	count = 4;
	pages = buf;
	EXPECT(vm_pages_phys(host_priv, self, a + 1, PAGE, &pages, &count),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_pages_phys(host_priv, self, a, PAGE + 1, &pages, &count),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_pages_phys(host_priv, self, ~0UL - PAGE + 1, 2 * PAGE, &pages,
			     &count),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_pages_phys(host, self, a, PAGE, &pages, &count),
	       KERN_INVALID_HOST);
	EXPECT(vm_pages_phys(self, self, a, PAGE, &pages, &count),
	       KERN_INVALID_HOST);
	EXPECT(vm_pages_phys(host_priv, thread_self, a, PAGE, &pages, &count),
	       KERN_INVALID_TASK);
	EXPECT(vm_pages_phys(host_priv, MACH_PORT_NULL, a, PAGE, &pages,
			     &count),
	       KERN_INVALID_TASK);
	EXPECT(vm_pages_phys(MACH_PORT_NULL, self, a, PAGE, &pages, &count),
	       MACH_SEND_INVALID_DEST);
	CHECK(pages == buf && count == 4);
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	printf("vm-calls: vm_pages_phys ok\n");
}

/* ---- vm_allocate_contiguous ------------------------------------------- */

/* Memory at va of npages pages is zero, writable, and physically
 * contiguous from pa. */
static void check_contiguous(vm_address_t va, rpc_phys_addr_t pa,
			     unsigned long npages)
{
	volatile unsigned char *p = (volatile unsigned char *)va;
	rpc_phys_addr_t phys[16];

	CHECK_EQ(va % PAGE, 0);
	CHECK_EQ(pa % PAGE, 0);
	CHECK(pa != 0);
	/* Resident from the start: no fault needed to find them. */
	pages_phys(va, npages, phys);
	for (unsigned long i = 0; i < npages; i++)
		if (phys[i] != pa + i * PAGE)
			TEST_FAIL("page %lu at 0x%lx, not 0x%lx", i,
				  (unsigned long)phys[i],
				  (unsigned long)(pa + i * PAGE));
	for (unsigned long i = 0; i < npages * PAGE; i += 512)
		if (p[i] != 0)
			TEST_FAIL("byte %lu of contiguous memory is 0x%x", i,
				  p[i]);
	for (unsigned long i = 0; i < npages; i++)
		p[i * PAGE + 5] = (unsigned char)(0xa0 + i);
	for (unsigned long i = 0; i < npages; i++)
		CHECK_EQ(p[i * PAGE + 5], 0xa0 + i);
	/* Writing kept the same frames (no copy-on-write away). */
	pages_phys(va, npages, phys);
	CHECK_EQ(phys[npages - 1], pa + (npages - 1) * PAGE);
}

static long free_pages(void)
{
	vm_statistics_data_t st;

	EXPECT(vm_statistics(self, &st), KERN_SUCCESS);
	return st.free_count;
}

/* The pages go back to the free list with the mapping (a few pages of
 * slack for page tables and kernel allocations meanwhile). */
static void check_contiguous_freed(void)
{
	enum { N = 256 };
	vm_address_t va = 0;
	rpc_phys_addr_t pa = 0;
	long before = free_pages(), during, after;

	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, N * PAGE, 0, 0,
				      0),
	       KERN_SUCCESS);
	during = free_pages();
	CHECK(during <= before - N);
	EXPECT(vm_deallocate(self, va, N * PAGE), KERN_SUCCESS);
	after = free_pages();
	if (after < before - 8)
		TEST_FAIL("free pages %ld before, %ld with, %ld after %d "
			  "contiguous pages",
			  before, during, after, N);
}

static void test_allocate_contiguous(void)
{
	vm_address_t va = 0, va2 = 0, region;
	rpc_phys_addr_t pa = 0, pa2 = 0;
	vm_size_t size;
	vm_prot_t prot, max_prot;
	vm_inherit_t inherit;
	boolean_t shared;
	mach_port_t object;
	vm_offset_t offset;

	/* No constraints (0 for pmin, pmax and palign). */
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, 3 * PAGE, 0, 0,
				      0),
	       KERN_SUCCESS);
	check_contiguous(va, pa, 3);
	region = va;
	EXPECT(vm_region(self, &region, &size, &prot, &max_prot, &inherit,
			 &shared, &object, &offset),
	       KERN_SUCCESS);
	CHECK_EQ(region, va);
	CHECK_EQ(size, 3 * PAGE);
	CHECK_EQ(prot, VM_PROT_READ | VM_PROT_WRITE);
	CHECK(object != MACH_PORT_NULL); /* its object's name port */
	EXPECT(mach_port_deallocate(self, object), KERN_SUCCESS);

	/* A range and an alignment; a size rounded up to pages. */
	EXPECT(vm_allocate_contiguous(host_priv, self, &va2, &pa2,
				      4 * PAGE + 100, 16 * MIB, 32 * MIB,
				      64 * 1024),
	       KERN_SUCCESS);
	CHECK_EQ(pa2 % (64 * 1024), 0);
	CHECK(pa2 >= 16 * MIB && pa2 + 5 * PAGE <= 32 * MIB);
	CHECK(va2 != va);
	check_contiguous(va2, pa2, 5);
	/* The first allocation is still there and distinct. */
	CHECK_EQ(((volatile unsigned char *)va)[5], 0xa0);
	CHECK(pa2 + 5 * PAGE <= pa || pa + 3 * PAGE <= pa2);
	EXPECT(vm_deallocate(self, va2, 5 * PAGE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, va, 3 * PAGE), KERN_SUCCESS);
	/* Unmapped now. */
	pages_phys(va, 1, &pa2);
	CHECK_EQ(pa2, 0);

	check_contiguous_freed();

	/* Bad input: nothing is mapped. */
	va = 0x5555;
	pa = 0x5555;
	EXPECT(vm_allocate_contiguous(host, self, &va, &pa, PAGE, 0, 0, 0),
	       KERN_INVALID_HOST);
	EXPECT(vm_allocate_contiguous(self, self, &va, &pa, PAGE, 0, 0, 0),
	       KERN_INVALID_HOST);
	EXPECT(vm_allocate_contiguous(host_priv, thread_self, &va, &pa, PAGE, 0,
				      0, 0),
	       KERN_INVALID_TASK);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, 0, 0, 0, 0),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, ~0UL, 0, 0, 0),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, PAGE, 0, 0,
				      3 * PAGE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, PAGE, 32 * MIB,
				      16 * MIB, 0),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, PAGE, 16 * MIB,
				      16 * MIB, 0),
	       KERN_INVALID_ARGUMENT);
	/* No such run: more than the machine has, or than the range holds. */
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, 1024 * MIB, 0,
				      0, 0),
	       KERN_RESOURCE_SHORTAGE);
	EXPECT(vm_allocate_contiguous(host_priv, self, &va, &pa, 2 * PAGE,
				      16 * MIB, 16 * MIB + PAGE, 0),
	       KERN_RESOURCE_SHORTAGE);
	EXPECT(vm_allocate_contiguous(MACH_PORT_NULL, self, &va, &pa, PAGE, 0,
				      0, 0),
	       MACH_SEND_INVALID_DEST);
	CHECK(va == 0x5555 && pa == 0x5555);
	printf("vm-calls: vm_allocate_contiguous ok\n");
}

/* ---- vm_set_default_memory_manager ------------------------------------ */

static mach_port_status_t port_status(mach_port_t port)
{
	mach_port_status_t st;

	EXPECT(mach_port_get_receive_status(self, port, &st), KERN_SUCCESS);
	return st;
}

static mach_port_urefs_t send_refs(mach_port_t port)
{
	mach_port_urefs_t refs = 0;

	EXPECT(mach_port_get_refs(self, port, MACH_PORT_RIGHT_SEND, &refs),
	       KERN_SUCCESS);
	return refs;
}

/* Last: this task becomes the default pager (nothing is paged out here:
 * the machine has far more memory than the test uses). */
static void test_default_memory_manager(void)
{
	mach_port_t dm = MACH_PORT_NULL, p, q;

	EXPECT(vm_set_default_memory_manager(host, &dm), KERN_INVALID_HOST);
	EXPECT(vm_set_default_memory_manager(self, &dm), KERN_INVALID_HOST);
	/* A null port only asks: none at boot. */
	EXPECT(vm_set_default_memory_manager(host_priv, &dm), KERN_SUCCESS);
	CHECK_EQ(dm, MACH_PORT_NULL);

	/* Register p: the kernel keeps a send right made from it. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &p),
	       KERN_SUCCESS);
	dm = p;
	EXPECT(vm_set_default_memory_manager(host_priv, &dm), KERN_SUCCESS);
	CHECK_EQ(dm, MACH_PORT_NULL); /* no previous one */
	CHECK(port_status(p).mps_srights);
	CHECK_EQ(port_status(p).mps_mscount, 1);
	/* Asking gives a send right to it. */
	EXPECT(vm_set_default_memory_manager(host_priv, &dm), KERN_SUCCESS);
	CHECK_EQ(dm, p);
	CHECK_EQ(send_refs(p), 1);
	/* Replacing it hands the old right back. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &q),
	       KERN_SUCCESS);
	dm = q;
	EXPECT(vm_set_default_memory_manager(host_priv, &dm), KERN_SUCCESS);
	CHECK_EQ(dm, p);
	CHECK_EQ(send_refs(p), 2);
	dm = MACH_PORT_NULL;
	EXPECT(vm_set_default_memory_manager(host_priv, &dm), KERN_SUCCESS);
	CHECK_EQ(dm, q);
	EXPECT(mach_port_mod_refs(self, p, MACH_PORT_RIGHT_SEND, -2),
	       KERN_SUCCESS);
	CHECK(!port_status(p).mps_srights); /* the kernel let go of p */
	EXPECT(mach_port_deallocate(self, q), KERN_SUCCESS);
	CHECK(port_status(q).mps_srights);
	printf("vm-calls: vm_set_default_memory_manager ok\n");
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	self = mach_task_self();
	thread_self = mach_thread_self();
	host = mach_host_self();
	host_priv = test_host_priv();
	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));

	test_machine_attribute();
	test_pages_phys();
	test_allocate_contiguous();
	test_default_memory_manager();
	TEST_SUCCESS();
}
