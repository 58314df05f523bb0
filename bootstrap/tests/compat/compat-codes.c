/*
 * Boot test compat-codes: the codes GNU Mach answers for odd input, and
 * Mach5's deliberate differences (docs/gnumach-compat.md), through the
 * MIG stubs:
 *
 *  (a) vm_protect, vm_inherit, vm_deallocate over unmapped ranges and
 *      kernel space: KERN_SUCCESS, the mapped parts changed; a wrapping
 *      range: KERN_INVALID_ARGUMENT;
 *  (b) vm_allocate: size 2^64-1 KERN_INVALID_ARGUMENT; page 0 at a fixed
 *      address refused (difference: KERN_INVALID_ADDRESS);
 *  (c) vm_map with a dead name as memory object, with a wrapping offset:
 *      anonymous memory, KERN_SUCCESS;
 *  (d) host_processor_set_priv and thread_wire on a port that is not the
 *      privileged host port: KERN_INVALID_ARGUMENT;
 *  (e) task_set_special_port(TASK_KERNEL_PORT): what mach_task_self and
 *      task_get_special_port answer, MACH_PORT_NULL after MACH_PORT_NULL;
 *  (f) mach_msg with send_size 2^31 from a small buffer:
 *      MACH_SEND_INVALID_DATA; a readable 2 MiB message:
 *      MACH_SEND_NO_BUFFER;
 *  (g) vm_read of a 256 MiB untouched range succeeds (difference) and
 *      reads zeros;
 *  then the kernel's counts are back at their baseline.
 */
#include <mach/gnumach.h>
#include <mach/mach_host.h>

#include "bootstrap/tests/compat/compat_util.h"

#define MIB (1024UL * 1024)
/* The kernel's half, and the end of user space: x86_64, i386. */
#define KERNEL_ADDR                                                            \
	((vm_address_t)(sizeof(void *) == 8 ? 0xffff800000000000ULL            \
					    : 0xC0000000ULL))
#define USER_TOP                                                               \
	((vm_address_t)(sizeof(void *) == 8 ? 0x800000000000ULL                \
					    : 0xC0000000ULL))

static mach_port_t self;

static void region_prot(vm_address_t at, vm_prot_t want_prot,
			vm_inherit_t want_inherit)
{
	vm_address_t addr = at;
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t name;
	vm_offset_t off;

	EXPECT(vm_region(self, &addr, &size, &prot, &max, &inh, &shared, &name,
			 &off),
	       KERN_SUCCESS);
	CHECK(addr <= at && at - addr < size);
	CHECK_EQ(prot, want_prot);
	CHECK_EQ(inh, want_inherit);
	if (MACH_PORT_VALID(name))
		EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
}

static void test_unmapped(void)
{
	vm_address_t a = 0, hole;

	/* Three pages, a hole of one, a page: [a, a + 5 pages). */
	EXPECT(vm_allocate(self, &a, 5 * PAGE, TRUE), KERN_SUCCESS);
	hole = a + 3 * PAGE;
	EXPECT(vm_deallocate(self, hole, PAGE), KERN_SUCCESS);
	EXPECT(vm_protect(self, a, 5 * PAGE, FALSE, VM_PROT_READ),
	       KERN_SUCCESS);
	region_prot(a, VM_PROT_READ, VM_INHERIT_COPY);
	region_prot(a + 4 * PAGE, VM_PROT_READ, VM_INHERIT_COPY);
	EXPECT(vm_protect(self, hole, PAGE, TRUE, VM_PROT_NONE), KERN_SUCCESS);
	EXPECT(vm_inherit(self, a, 5 * PAGE, VM_INHERIT_SHARE), KERN_SUCCESS);
	region_prot(a + 4 * PAGE, VM_PROT_READ, VM_INHERIT_SHARE);
	EXPECT(vm_inherit(self, hole, PAGE, VM_INHERIT_NONE), KERN_SUCCESS);
	/* Above the maximum still fails, nothing changed. */
	EXPECT(vm_protect(self, a, PAGE, TRUE, VM_PROT_READ), KERN_SUCCESS);
	EXPECT(vm_protect(self, a, 5 * PAGE, FALSE, VM_PROT_DEFAULT),
	       KERN_PROTECTION_FAILURE);
	region_prot(a + PAGE, VM_PROT_READ, VM_INHERIT_SHARE);
	/* Kernel space: nothing of the task there. */
	EXPECT(vm_protect(self, KERNEL_ADDR, 16 * PAGE, FALSE, VM_PROT_NONE),
	       KERN_SUCCESS);
	EXPECT(vm_inherit(self, KERNEL_ADDR, 16 * PAGE, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, KERNEL_ADDR, 16 * PAGE), KERN_SUCCESS);
	/* From the top of user space (the stack) on into kernel space: the
	 * user part is set (to what the stack has), the rest skipped. */
	EXPECT(vm_protect(self, USER_TOP - PAGE, (vm_size_t)-USER_TOP, FALSE,
			  VM_PROT_DEFAULT),
	       KERN_SUCCESS);
	EXPECT(vm_inherit(self, USER_TOP - PAGE, (vm_size_t)-USER_TOP,
			  VM_INHERIT_COPY),
	       KERN_SUCCESS);
	region_prot(USER_TOP - PAGE, VM_PROT_DEFAULT, VM_INHERIT_COPY);
	EXPECT(vm_deallocate(self, a + PAGE, 4 * PAGE), KERN_SUCCESS);
	/* Wrapping: refused. */
	EXPECT(vm_protect(self, a, (vm_size_t)-PAGE, FALSE, VM_PROT_READ),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_inherit(self, a, (vm_size_t)-PAGE, VM_INHERIT_COPY),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_deallocate(self, a, (vm_size_t)-PAGE), KERN_INVALID_ARGUMENT);
	region_prot(a, VM_PROT_READ, VM_INHERIT_SHARE);
	EXPECT(vm_deallocate(self, a, PAGE), KERN_SUCCESS);
	printf("compat-codes: vm_protect / vm_inherit / vm_deallocate over "
	       "holes and kernel space ok\n");
}

static void test_allocate(void)
{
	vm_address_t a = 0;

	EXPECT(vm_allocate(self, &a, (vm_size_t)-1, TRUE),
	       KERN_INVALID_ARGUMENT);
	/* Difference: page 0 stays unmappable (a kernel null pointer
	 * dereference must fault, never reach user memory). */
	a = 0;
	EXPECT(vm_allocate(self, &a, PAGE, FALSE), KERN_INVALID_ADDRESS);
	a = 0;
	EXPECT(vm_map(self, &a, PAGE, 0, FALSE, MACH_PORT_NULL, 0, FALSE,
		      VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
	       KERN_INVALID_ADDRESS);
	printf("compat-codes: vm_allocate of 2^64-1 bytes, of page 0 ok\n");
}

static void test_map_dead_name(void)
{
	mach_port_t dead = port_alloc_with_send();
	vm_address_t a = 0;

	/* The receive right goes: the send right becomes a dead name. */
	EXPECT(mach_port_mod_refs(self, dead, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &a, 4 * PAGE, 0, TRUE, dead, 0, FALSE,
		      VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
	       KERN_SUCCESS);
	CHECK(((volatile char *)a)[0] == 0);
	((volatile char *)a)[4 * PAGE - 1] = 1;
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	a = 0;
	EXPECT(vm_map(self, &a, 4 * PAGE, 0, TRUE, dead, (vm_offset_t)-PAGE,
		      FALSE, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY),
	       KERN_SUCCESS);
	((volatile char *)a)[PAGE] = 1;
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	/* MACH_PORT_NULL with a wrapping offset: the same. */
	a = 0;
	EXPECT(vm_map(self, &a, 4 * PAGE, 0, TRUE, MACH_PORT_NULL,
		      (vm_offset_t)-PAGE, FALSE, VM_PROT_DEFAULT, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	EXPECT(mach_port_mod_refs(self, dead, MACH_PORT_RIGHT_DEAD_NAME, -1),
	       KERN_SUCCESS);
	printf("compat-codes: vm_map of a dead name, a wrapping offset ok\n");
}

static void test_host_priv_kind(mach_port_t host_priv)
{
	mach_port_t host = mach_host_self(), name, set, thread;

	thread = mach_thread_self();
	EXPECT(processor_set_default(host, &name), KERN_SUCCESS);
	EXPECT(host_processor_set_priv(host, name, &set),
	       KERN_INVALID_ARGUMENT);
	EXPECT(host_processor_set_priv(self, name, &set),
	       KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(host, thread, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(self, thread, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(thread_wire(host_priv, self, TRUE), KERN_INVALID_ARGUMENT);
	EXPECT(host_processor_set_priv(host_priv, name, &set), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, set), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, host), KERN_SUCCESS);
	printf("compat-codes: host_processor_set_priv / thread_wire on a "
	       "port of the wrong kind ok\n");
}

static void test_task_kernel_port(void)
{
	mach_port_t p = port_alloc_with_send(), got;
	struct task_basic_info info;
	mach_msg_type_number_t count;

	/* What mach_task_self and task_get_special_port answer changes; the
	 * task itself is still reached through its own port. */
	EXPECT(task_set_special_port(self, TASK_KERNEL_PORT, p), KERN_SUCCESS);
	CHECK_EQ(mach_task_self(), p);
	EXPECT(task_get_special_port(self, TASK_KERNEL_PORT, &got),
	       KERN_SUCCESS);
	CHECK_EQ(got, p);
	count = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(self, TASK_BASIC_INFO, (task_info_t)&info, &count),
	       KERN_SUCCESS);
	/* MACH_PORT_NULL: both answer MACH_PORT_NULL, as in GNU Mach (no
	 * stub may use mach_task_self until it is set again). */
	EXPECT(task_set_special_port(self, TASK_KERNEL_PORT, MACH_PORT_NULL),
	       KERN_SUCCESS);
	CHECK_EQ(mach_task_self(), MACH_PORT_NULL);
	got = self;
	EXPECT(task_get_special_port(self, TASK_KERNEL_PORT, &got),
	       KERN_SUCCESS);
	CHECK_EQ(got, MACH_PORT_NULL);
	/* The task's own port is still the task. */
	count = TASK_BASIC_INFO_COUNT;
	EXPECT(task_info(self, TASK_BASIC_INFO, (task_info_t)&info, &count),
	       KERN_SUCCESS);
	/* Set to the task's own port: back to where it started. */
	EXPECT(task_set_special_port(self, TASK_KERNEL_PORT, self),
	       KERN_SUCCESS);
	CHECK_EQ(mach_task_self(), self);
	EXPECT(task_get_special_port(self, TASK_KERNEL_PORT, &got),
	       KERN_SUCCESS);
	CHECK_EQ(got, self);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("compat-codes: task_set_special_port(TASK_KERNEL_PORT) ok\n");
}

static void test_msg_size(void)
{
	mach_msg_header_t m = {0};
	const mach_msg_size_t size = 2 * MIB;
	vm_address_t buf = 0;

	m.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0);
	m.msgh_size = sizeof(m);
	m.msgh_remote_port = compat_sleep_port;
	/* A buffer that cannot be read: GNU Mach's code, whatever the size. */
	EXPECT(mach_msg(&m, MACH_SEND_MSG, 1U << 31, 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL),
	       MACH_SEND_INVALID_DATA);
	/* Readable but above the largest message (1 MiB): no buffer. */
	EXPECT(vm_allocate(self, &buf, size, TRUE), KERN_SUCCESS);
	*(mach_msg_header_t *)buf = m;
	EXPECT(mach_msg((mach_msg_header_t *)buf, MACH_SEND_MSG, size, 0,
			MACH_PORT_NULL, 0, MACH_PORT_NULL),
	       MACH_SEND_NO_BUFFER);
	EXPECT(vm_deallocate(self, buf, size), KERN_SUCCESS);
	printf("compat-codes: mach_msg with send_size 2^31 ok\n");
}

static void test_read_large(void)
{
	const vm_size_t size = 256 * MIB;
	vm_address_t a = 0;
	vm_offset_t data;
	mach_msg_type_number_t count;

	EXPECT(vm_allocate(self, &a, size, TRUE), KERN_SUCCESS);
	EXPECT(vm_read(self, a, size, &data, &count), KERN_SUCCESS);
	CHECK_EQ(count, size);
	CHECK(((volatile char *)data)[0] == 0);
	CHECK(((volatile char *)data)[size - 1] == 0);
	EXPECT(vm_deallocate(self, data, size), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, a, size), KERN_SUCCESS);
	printf("compat-codes: vm_read of 256 MiB untouched ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach5_test_counts_t before;
	mach_port_t host_priv = test_host_priv();

	self = mach_task_self();
	compat_init(argc, argv);
	CHECK(MACH_PORT_VALID(host_priv));
	/* The thread's port is made on first use: before the baseline. */
	EXPECT(mach_port_deallocate(self, mach_thread_self()), KERN_SUCCESS);
	counts(before);
	test_unmapped();
	test_allocate();
	test_map_dead_name();
	test_host_priv_kind(host_priv);
	test_task_kernel_port();
	test_msg_size();
	test_read_large();
	check_counts("compat-codes", before);
	printf("compat-codes: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
