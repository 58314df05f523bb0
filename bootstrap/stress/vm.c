/*
 * bootstrap/stress/vm.c - virtual memory churn. Memory pressure with a
 * default pager is tested by tests/boot/vm-pageout.boot; here regions
 * of up to VM_MAX_PAGES pages are allocated, touched, copied (vm_copy, vm_read,
 * vm_write), cut in the middle and freed, with kmem fault injection on the
 * map-entry and VM-object caches.
 */
#include <string.h>

#include "stress.h"

#define PAGE	     4096UL
#define ITERATIONS   200
#define VM_MAX_PAGES 64

static void vm_once(unsigned long k)
{
	mach_port_t self = mach_task_self();
	unsigned long pages = 2 + (k * 13) % (VM_MAX_PAGES - 1);
	unsigned long size = pages * PAGE;
	vm_address_t a = 0, b = 0;
	vm_offset_t data = 0;
	mach_msg_type_number_t count = 0;

	EXPECT_OK(vm_allocate(self, &a, size, TRUE));
	for (unsigned long off = 0; off < size; off += PAGE)
		((unsigned char *)a)[off] = (unsigned char)(k + off);
	EXPECT_OK(vm_allocate(self, &b, size, TRUE));
	EXPECT_OK(vm_copy(self, a, size, b));
	((unsigned char *)a)[0]++; /* copy-on-write: b keeps the old byte */
	CHECK_EQ(((unsigned char *)b)[0], (unsigned char)k);
	EXPECT_OK(vm_read(self, b, size, &data, &count));
	CHECK_EQ(count, size);
	CHECK(memcmp((void *)data, (void *)b, size) == 0);
	EXPECT_OK(vm_write(self, a, data, count));
	CHECK_EQ(((unsigned char *)a)[0], (unsigned char)k);
	EXPECT_OK(vm_deallocate(self, data, count));
	/* Cut a hole, then free the two sides. */
	EXPECT_OK(vm_deallocate(self, a + PAGE, PAGE));
	EXPECT_OK(vm_deallocate(self, a, size));
	EXPECT_OK(vm_deallocate(self, b, size));
}

/* Allocations fail cleanly when a cache they need is made to fail. */
static void vm_inject(void)
{
	static const char *const caches[] = {"vm_map_entry", "vm_object"};
	mach_port_t self = mach_task_self();
	natural_t paged = 0;

	/* A pageout pass (no default pager here: anonymous pages stay). */
	EXPECT_OK(mach5_test_pageout(stress_test_port, 16, &paged));
	for (unsigned int i = 0; i < 2; i++) {
		vm_address_t a = 0;
		EXPECT_OK(mach5_test_inject(stress_test_port,
					    MACH5_TEST_INJECT_KMEM, caches[i],
					    1));
		kern_return_t kr = vm_allocate(self, &a, 4 * PAGE, TRUE);
		EXPECT_OK(mach5_test_inject(stress_test_port,
					    MACH5_TEST_INJECT_KMEM, caches[i],
					    0));
		if (kr == KERN_SUCCESS) {
			/* The object may be made at the first fault. */
			((volatile char *)a)[0] = 1;
			EXPECT_OK(vm_deallocate(self, a, 4 * PAGE));
		}
		printf("stress vm: vm_allocate with %s failing: 0x%x\n",
		       caches[i], kr);
	}
}

/*
 * A page allocation that fails a few times (injected): a user fault, and
 * a kernel copy-out into an untouched page, wait for memory and try
 * again - the task sees nothing.
 */
static void vm_inject_pages(void)
{
	mach_port_t self = mach_task_self(), port = stress_port_alloc();
	vm_address_t a = 0, buf = 0;
	mach_msg_header_t out = {0}, *in;

	EXPECT_OK(vm_allocate(self, &a, PAGE, TRUE));
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_PAGE,
				    "", 3));
	((volatile unsigned char *)a)[100] = 77;
	CHECK_EQ(((volatile unsigned char *)a)[100], 77);
	EXPECT_OK(vm_deallocate(self, a, PAGE));

	EXPECT_OK(vm_allocate(self, &buf, PAGE, TRUE));
	out.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	out.msgh_size = sizeof(out);
	out.msgh_remote_port = port;
	out.msgh_id = 1234;
	EXPECT_OK(mach_msg(&out, MACH_SEND_MSG, sizeof(out), 0, MACH_PORT_NULL,
			   0, MACH_PORT_NULL));
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_PAGE,
				    "", 3));
	in = (mach_msg_header_t *)buf; /* untouched: copy-out faults */
	EXPECT_OK(mach_msg(in, MACH_RCV_MSG, 0, PAGE, port, 0, MACH_PORT_NULL));
	CHECK_EQ(in->msgh_id, 1234);
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_PAGE,
				    "", 0));
	EXPECT_OK(vm_deallocate(self, buf, PAGE));
	stress_port_destroy(port);
	printf("stress vm: faults with page allocations failing: recovered\n");
}

void stress_vm(void)
{
	unsigned long n = ITERATIONS * stress_scale;

	for (unsigned long k = 0; k < 8; k++) /* warm-up */
		vm_once(k);
	stress_baseline("vm");
	vm_inject();
	vm_inject_pages();
	for (unsigned long k = 0; k < n; k++)
		vm_once(k);
	stress_check("vm", n);
}
