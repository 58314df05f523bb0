/*
 * Boot test vm-user: the vm_* routines of mach.defs from user space,
 * through the MIG user stubs, with GNU Mach's error codes:
 *  - vm_allocate (anywhere, fixed, taken range, size 0, overflowing
 *    size), vm_deallocate (wrapping range, holes skipped);
 *  - vm_protect (bad protection, holes skipped, above the maximum ->
 *    KERN_PROTECTION_FAILURE), vm_inherit (bad value);
 *  - vm_read / vm_write / vm_copy (contents, holes, copy-on-write of
 *    vm_copy and of vm_read's data);
 *  - vm_region, vm_statistics;
 *  - a write to a read-only page raises EXC_BAD_ACCESS with
 *    KERN_PROTECTION_FAILURE and the address; the handler makes the page
 *    writable and the write is retried.
 */
#include <string.h>

#include <mach/exception.h>
#include <mach/mach_port.h>
#include <mach/thread_special_ports.h>

#include "../mach_test_util.h"
#include "excServer.h"
#include "../exc_serve.h"

#define PAGE 4096UL

static mach_port_t exc_port, main_thread;
static volatile int handled;
static int last_exception, last_code;
static long last_subcode;

kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	last_exception = exception;
	last_code = code;
	last_subcode = subcode;
	if (port != exc_port || thread != main_thread ||
	    task != mach_task_self() || exception != EXC_BAD_ACCESS)
		return KERN_FAILURE;
	/* Let the write through: it is retried when the thread resumes. */
	EXPECT(vm_protect(task, subcode & ~(PAGE - 1), PAGE, FALSE,
			  VM_PROT_READ | VM_PROT_WRITE),
	       KERN_SUCCESS);
	handled++;
	return KERN_SUCCESS;
}

static void handler(void)
{
	exc_serve_forever(exc_port);
}

static void test_allocate(mach_port_t self)
{
	vm_address_t a = 0, b;
	char *p;

	EXPECT(vm_allocate(self, &a, 3 * PAGE, TRUE), KERN_SUCCESS);
	CHECK(a != 0 && (a & (PAGE - 1)) == 0);
	p = (char *)a;
	for (unsigned long i = 0; i < 3 * PAGE; i++)
		if (p[i] != 0)
			TEST_FAIL("fresh memory not zero at %lu", i);
	p[0] = 1;
	p[3 * PAGE - 1] = 2;

	b = a; /* fixed, taken */
	EXPECT(vm_allocate(self, &b, PAGE, FALSE), KERN_NO_SPACE);
	b = 1234;
	EXPECT(vm_allocate(self, &b, 0, TRUE), KERN_SUCCESS);
	CHECK_EQ(b, 0);
	b = 0;
	EXPECT(vm_allocate(self, &b, (vm_size_t)-1, TRUE),
	       KERN_INVALID_ARGUMENT); /* wraps when rounded: GNU Mach's code */
	b = 0;
	/* The whole user space (x86_64: 2^47; i386: 3 GiB): never free. */
	EXPECT(vm_allocate(self, &b,
			   (vm_size_t)(sizeof(void *) == 8 ? 1ULL << 47
							   : 3ULL << 30),
			   TRUE),
	       KERN_NO_SPACE);

	/* Unaligned fixed address: truncated to its page. */
	EXPECT(vm_deallocate(self, a + PAGE, PAGE), KERN_SUCCESS);
	b = a + PAGE + 100;
	EXPECT(vm_allocate(self, &b, 10, FALSE), KERN_SUCCESS);
	CHECK_EQ(b, a + PAGE);
	CHECK(p[PAGE] == 0 && p[0] == 1 && p[3 * PAGE - 1] == 2);

	EXPECT(vm_deallocate(self, a, (vm_size_t)-PAGE), KERN_INVALID_ARGUMENT);
	EXPECT(vm_deallocate(self, a, 0), KERN_SUCCESS);
	/* Holes are skipped. */
	EXPECT(vm_deallocate(self, a, 16 * PAGE), KERN_SUCCESS);
	b = a;
	EXPECT(vm_allocate(self, &b, 3 * PAGE, FALSE), KERN_SUCCESS);
	CHECK(p[0] == 0); /* new memory */
	EXPECT(vm_deallocate(self, a, 3 * PAGE), KERN_SUCCESS);
	printf("vm-user: vm_allocate / vm_deallocate ok\n");
}

static void test_protect_inherit(mach_port_t self)
{
	vm_address_t a = 0;
	vm_address_t addr;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t name, name2;
	vm_offset_t off;

	EXPECT(vm_allocate(self, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	/* Never touched: no object, no name. */
	addr = a;
	EXPECT(vm_region(self, &addr, &size, &prot, &max, &inh, &shared, &name,
			 &off),
	       KERN_SUCCESS);
	CHECK(name == MACH_PORT_NULL);
	*(volatile char *)a = 1; /* one object for the 4 pages */
	EXPECT(vm_protect(self, a, PAGE, FALSE, 0x10), KERN_INVALID_ARGUMENT);
	EXPECT(vm_protect(self, a, (vm_size_t)-PAGE, FALSE, VM_PROT_READ),
	       KERN_INVALID_ARGUMENT);
	/* Holes are skipped, as GNU Mach does (compat-codes). */
	EXPECT(vm_protect(self, a + 4 * PAGE, PAGE, FALSE, VM_PROT_READ),
	       KERN_SUCCESS);
	EXPECT(vm_protect(self, a + 3 * PAGE, 2 * PAGE, FALSE, VM_PROT_DEFAULT),
	       KERN_SUCCESS);
	/* Maximum read-only: read-write is then above it. */
	EXPECT(vm_protect(self, a + PAGE, PAGE, TRUE, VM_PROT_READ),
	       KERN_SUCCESS);
	EXPECT(vm_protect(self, a + PAGE, PAGE, FALSE, VM_PROT_DEFAULT),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(self, a, 2 * PAGE, FALSE, VM_PROT_DEFAULT),
	       KERN_PROTECTION_FAILURE);
	EXPECT(vm_protect(self, a + PAGE, PAGE, TRUE, VM_PROT_ALL),
	       KERN_PROTECTION_FAILURE);

	addr = a + PAGE;
	EXPECT(vm_region(self, &addr, &size, &prot, &max, &inh, &shared, &name,
			 &off),
	       KERN_SUCCESS);
	CHECK_EQ(addr, a + PAGE);
	CHECK_EQ(size, PAGE);
	CHECK_EQ(prot, VM_PROT_READ);
	CHECK_EQ(max, VM_PROT_READ);
	CHECK_EQ(inh, VM_INHERIT_COPY);
	CHECK(name != MACH_PORT_NULL); /* the object's name port */

	EXPECT(vm_inherit(self, a, PAGE, 7), KERN_INVALID_ARGUMENT);
	EXPECT(vm_inherit(self, a + 2 * PAGE, PAGE, VM_INHERIT_SHARE),
	       KERN_SUCCESS);
	addr = a + 2 * PAGE;
	EXPECT(vm_region(self, &addr, &size, &prot, &max, &inh, &shared, &name2,
			 &off),
	       KERN_SUCCESS);
	CHECK_EQ(addr, a + 2 * PAGE);
	CHECK_EQ(inh, VM_INHERIT_SHARE);
	CHECK_EQ(prot, VM_PROT_DEFAULT);
	CHECK_EQ(max, VM_PROT_ALL);
	CHECK_EQ(off, 2 * PAGE);
	CHECK_EQ(name2, name); /* another region of the same object */
	EXPECT(mach_port_deallocate(self, name2), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	printf("vm-user: vm_protect / vm_inherit / vm_region ok\n");
}

static void test_read_write_copy(mach_port_t self)
{
	vm_address_t a = 0, hole = 0;
	vm_offset_t data;
	mach_msg_type_number_t count;
	char *p;

	EXPECT(vm_allocate(self, &a, 4 * PAGE, TRUE), KERN_SUCCESS);
	p = (char *)a;
	memset(p, 'a', PAGE);
	memset(p + PAGE, 'b', PAGE);

	EXPECT(vm_read(self, a, 2 * PAGE, &data, &count), KERN_SUCCESS);
	CHECK_EQ(count, 2 * PAGE);
	CHECK(((char *)data)[0] == 'a' && ((char *)data)[PAGE] == 'b');
	p[0] = 'z'; /* the data read is a snapshot */
	CHECK(((char *)data)[0] == 'a');
	((char *)data)[1] = 'y'; /* and a private one */
	CHECK(p[1] == 'a');

	/* vm_write the snapshot over pages 2-3. */
	EXPECT(vm_write(self, a + 2 * PAGE, data, count), KERN_SUCCESS);
	CHECK(p[2 * PAGE] == 'a' && p[2 * PAGE + 1] == 'y' &&
	      p[3 * PAGE] == 'b');
	EXPECT(vm_write(self, a + 2 * PAGE + 8, data, PAGE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_deallocate(self, data, count), KERN_SUCCESS);

	/* Holes. */
	EXPECT(vm_allocate(self, &hole, PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, hole, PAGE), KERN_SUCCESS);
	EXPECT(vm_read(self, hole, PAGE, &data, &count), KERN_INVALID_ADDRESS);
	/* A size past a 32-bit count (x86_64) is refused first; on i386 the
	 * same size is one whose range wraps. */
	EXPECT(vm_read(self, a, (vm_size_t)-PAGE, &data, &count),
	       sizeof(vm_size_t) > 4 ? KERN_INVALID_ARGUMENT
				     : KERN_INVALID_ADDRESS);
	EXPECT(vm_copy(self, a, PAGE, hole), KERN_INVALID_ADDRESS);
	EXPECT(vm_copy(self, hole, PAGE, a), KERN_INVALID_ADDRESS);
	EXPECT(vm_copy(self, a, (vm_size_t)-PAGE, a), KERN_INVALID_ADDRESS);

	/* vm_copy page 1 onto page 3, then change the source. */
	EXPECT(vm_copy(self, a + PAGE, PAGE, a + 3 * PAGE), KERN_SUCCESS);
	p[PAGE] = 'Q';
	CHECK(p[3 * PAGE] == 'b');
	p[3 * PAGE + 1] = 'R';
	CHECK(p[PAGE + 1] == 'b');
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	printf("vm-user: vm_read / vm_write / vm_copy ok\n");
}

static void test_statistics(mach_port_t self)
{
	vm_statistics_data_t st;
	vm_address_t a = 0;
	int faults;

	EXPECT(vm_statistics(self, &st), KERN_SUCCESS);
	CHECK_EQ(st.pagesize, PAGE);
	CHECK(st.free_count > 0);
	faults = st.zero_fill_count;
	EXPECT(vm_allocate(self, &a, 8 * PAGE, TRUE), KERN_SUCCESS);
	for (int i = 0; i < 8; i++)
		((volatile char *)a)[i * PAGE] = 1;
	EXPECT(vm_statistics(self, &st), KERN_SUCCESS);
	CHECK(st.zero_fill_count >= faults + 8);
	EXPECT(vm_deallocate(self, a, 8 * PAGE), KERN_SUCCESS);
	printf("vm-user: vm_statistics ok\n");
}

static void test_readonly_fault(mach_port_t self)
{
	vm_address_t a = 0;
	volatile char *p;

	main_thread = mach_thread_self();
	exc_port = exc_port_install(main_thread);
	start_thread(handler);

	EXPECT(vm_allocate(self, &a, PAGE, TRUE), KERN_SUCCESS);
	p = (volatile char *)a;
	p[5] = 'w';
	EXPECT(vm_protect(self, a, PAGE, FALSE, VM_PROT_READ), KERN_SUCCESS);
	CHECK(p[5] == 'w');
	p[6] = 'x'; /* faults once; the handler makes the page writable */
	CHECK_EQ(handled, 1);
	CHECK_EQ(last_exception, EXC_BAD_ACCESS);
	CHECK_EQ(last_code, KERN_PROTECTION_FAILURE);
	CHECK_EQ(last_subcode, a + 6);
	CHECK(p[5] == 'w' && p[6] == 'x');
	EXPECT(vm_deallocate(self, a, PAGE), KERN_SUCCESS);
	printf("vm-user: write to a read-only page: EXC_BAD_ACCESS ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();

	(void)argc;
	(void)argv;
	(void)envp;
	test_allocate(self);
	test_protect_inherit(self);
	test_read_write_copy(self);
	test_statistics(self);
	test_readonly_fault(self);
	TEST_SUCCESS();
}
