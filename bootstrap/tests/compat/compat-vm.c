/*
 * Boot test compat-vm: GNU Mach's accounting of vm_set_size_limit and
 * its vm_wire through the unprivileged host port, through the MIG stubs.
 *
 *  (a) under a 640 MiB limit, a 1.5 GiB vm_map with maximum protection
 *      VM_PROT_NONE succeeds and leaves the limit untouched: 600 MiB of
 *      ordinary memory still fit, 64 MiB more do not; lowering 100 MiB
 *      of it to a VM_PROT_NONE maximum (vm_protect) releases them: the
 *      64 MiB fit then, 128 MiB more do not;
 *  (b) vm_wire through the unprivileged host port (mach_host_self):
 *      allowed up to 8 MiB wired in the task, KERN_NO_ACCESS one page
 *      beyond (pages wired already count once); the privileged port has
 *      no limit; unwiring (VM_PROT_NONE) is always allowed and gives the
 *      room back;
 *  then the kernel's counts are back at their baseline.
 */
#include <mach/gnumach.h>
#include <mach/mach_host.h>

#include "bootstrap/tests/compat/compat_util.h"

#define MIB (1024UL * 1024)

static mach_port_t self;

static void test_size_limit(mach_port_t host_priv)
{
	vm_size_t cur0, max0, cur, max;
	vm_address_t none = 0, a = 0, b = 0, c = 0;

	EXPECT(vm_get_size_limit(self, &cur0, &max0), KERN_SUCCESS);
	EXPECT(vm_set_size_limit(host_priv, self, 640 * MIB, max0),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &none, 1536 * MIB, 0, TRUE, MACH_PORT_NULL, 0,
		      FALSE, VM_PROT_NONE, VM_PROT_NONE, VM_INHERIT_COPY),
	       KERN_SUCCESS);
	EXPECT(vm_get_size_limit(self, &cur, &max), KERN_SUCCESS);
	CHECK_EQ(cur, 640 * MIB);
	CHECK_EQ(max, max0);
	EXPECT(vm_allocate(self, &a, 600 * MIB, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &b, 64 * MIB, TRUE), KERN_NO_SPACE);
	/* A maximum lowered to NONE leaves the count. */
	EXPECT(vm_protect(self, a + 500 * MIB, 100 * MIB, TRUE, VM_PROT_NONE),
	       KERN_SUCCESS);
	EXPECT(vm_allocate(self, &b, 64 * MIB, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &c, 128 * MIB, TRUE), KERN_NO_SPACE);
	/* The memory under the limit is usable. */
	((volatile char *)a)[0] = 1;
	((volatile char *)b)[64 * MIB - 1] = 2;
	EXPECT(vm_deallocate(self, none, 1536 * MIB), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, a, 600 * MIB), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, b, 64 * MIB), KERN_SUCCESS);
	EXPECT(vm_set_size_limit(host_priv, self, cur0, max0), KERN_SUCCESS);
	printf("compat-vm: VM_PROT_NONE memory is not counted against the "
	       "size limit ok\n");
}

static void test_wire(mach_port_t host_priv)
{
	mach_port_t host = mach_host_self();
	const vm_size_t size = 8 * MIB + 2 * PAGE;
	vm_address_t a = 0;

	EXPECT(vm_allocate(self, &a, size, TRUE), KERN_SUCCESS);
	EXPECT(vm_wire(host, self, a, 4 * MIB, VM_PROT_READ | VM_PROT_WRITE),
	       KERN_SUCCESS);
	EXPECT(vm_wire(host, self, a, 8 * MIB, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_wire(host, self, a + 8 * MIB, PAGE, VM_PROT_READ),
	       KERN_NO_ACCESS);
	EXPECT(vm_wire(host, self, a, PAGE, 0x40), KERN_INVALID_ARGUMENT);
	/* No limit through the privileged port. */
	EXPECT(vm_wire(host_priv, self, a + 8 * MIB, 2 * PAGE, VM_PROT_READ),
	       KERN_SUCCESS);
	/* Unwiring is allowed, and gives the room back. */
	EXPECT(vm_wire(host, self, a, size, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_wire(host, self, a + 2 * PAGE, 8 * MIB, VM_PROT_READ),
	       KERN_SUCCESS);
	EXPECT(vm_wire(host, self, a, PAGE, VM_PROT_READ), KERN_NO_ACCESS);
	EXPECT(vm_wire(host, self, a, size, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, a, size), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, host), KERN_SUCCESS);
	printf("compat-vm: vm_wire through the unprivileged host port, up to "
	       "8 MiB ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach5_test_counts_t before;
	mach_port_t host_priv = test_host_priv();

	self = mach_task_self();
	compat_init(argc, argv);
	CHECK(MACH_PORT_VALID(host_priv));
	counts(before);
	test_size_limit(host_priv);
	test_wire(host_priv);
	check_counts("compat-vm", before);
	printf("compat-vm: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
