/*
 * Boot test vm-cow: copy-on-write between a task and its child.
 *
 * The parent fills three regions, then task_create(inherit_memory TRUE)
 * makes a child whose one thread (thread_create + thread_set_state) runs
 * child_main in the child's copy of this program, on a stack the child
 * inherited. The child uses traps only (its libmach state is the
 * parent's copy) and talks through the VM_INHERIT_SHARE region.
 *  - VM_INHERIT_COPY: each side's writes stay private (checked from both
 *    sides, and from outside with vm_read on the child);
 *  - VM_INHERIT_SHARE: both see every write;
 *  - VM_INHERIT_NONE: absent from the child (vm_read -> invalid address).
 */
#include <string.h>

#include "../mach_test_util.h"
#include <mach5/thread_regs.h>

#define PAGE	   4096UL
#define PRIV_PAGES 4

/* Words of the shared page. */
enum {
	SH_CHILD_STARTED,
	SH_CHILD_SAW_PRIV,  /* priv[0][0] as the child saw it after fork */
	SH_CHILD_SAW_PRIV2, /* priv[2][7] after the parent changed it */
	SH_PARENT_WROTE,    /* set by the parent after its writes */
	SH_FROM_PARENT,	    /* a value the parent puts, the child copies */
	SH_CHILD_COPIED,
	SH_CHILD_DONE,
};

static volatile long *shared;
static char *priv;
static char *none;

static void __attribute__((noreturn)) child_main(void)
{
	shared[SH_CHILD_STARTED] = 1;
	shared[SH_CHILD_SAW_PRIV] = priv[0];
	/* Private writes: the parent must not see them. */
	for (unsigned long i = 0; i < PRIV_PAGES; i++)
		priv[i * PAGE + 1] = 'C';
	while (!shared[SH_PARENT_WROTE])
		swtch();
	shared[SH_CHILD_SAW_PRIV2] = priv[2 * PAGE + 7];
	shared[SH_CHILD_COPIED] = shared[SH_FROM_PARENT];
	shared[SH_CHILD_DONE] = 1;
	for (;;)
		swtch();
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), child;
	vm_address_t a = 0, s = 0, n = 0, stack = 0;
	vm_offset_t data;
	mach_msg_type_number_t count;

	(void)argc;
	(void)argv;
	(void)envp;
	EXPECT(vm_allocate(self, &a, PRIV_PAGES * PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &s, PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &n, PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &stack, TEST_STACK_SIZE, TRUE), KERN_SUCCESS);
	EXPECT(vm_inherit(self, s, PAGE, VM_INHERIT_SHARE), KERN_SUCCESS);
	EXPECT(vm_inherit(self, n, PAGE, VM_INHERIT_NONE), KERN_SUCCESS);
	priv = (char *)a;
	shared = (volatile long *)s;
	none = (char *)n;
	/* Pages 0-2 resident before the fork, page 3 left untouched. */
	for (unsigned long i = 0; i < 3; i++)
		memset(priv + i * PAGE, 'P', PAGE);
	none[0] = 'N';

	EXPECT(task_create(self, TRUE, &child), KERN_SUCCESS);
	/* Parent writes after the fork: private too. */
	priv[0] = 'Q';
	(void)task_thread_start(child, child_main, stack);
	wait_flag((volatile int *)&shared[SH_CHILD_STARTED], "child start");
	priv[2 * PAGE + 7] = 'R';
	priv[3 * PAGE + 7] = 'R';
	shared[SH_FROM_PARENT] = 0x5ca1ab1e;
	shared[SH_PARENT_WROTE] = 1;
	wait_flag((volatile int *)&shared[SH_CHILD_DONE], "child done");

	CHECK_EQ(shared[SH_CHILD_SAW_PRIV], 'P');
	CHECK_EQ(shared[SH_CHILD_SAW_PRIV2], 'P');
	CHECK_EQ(shared[SH_CHILD_COPIED], 0x5ca1ab1e);
	for (unsigned long i = 0; i < PRIV_PAGES; i++)
		if (priv[i * PAGE + 1] != (i < 3 ? 'P' : 0))
			TEST_FAIL("parent sees 0x%x in page %lu",
				  priv[i * PAGE + 1], i);
	CHECK(priv[0] == 'Q');
	printf("vm-cow: parent and child writes stay private; shared ok\n");

	/* The child's view from outside. */
	EXPECT(vm_read(child, a, PRIV_PAGES * PAGE, &data, &count),
	       KERN_SUCCESS);
	CHECK_EQ(count, PRIV_PAGES * PAGE);
	for (unsigned long i = 0; i < PRIV_PAGES; i++) {
		const char *pg = (const char *)data + i * PAGE;
		char fill = i < 3 ? 'P' : 0;
		if (pg[0] != fill || pg[1] != 'C' || pg[7] != fill)
			TEST_FAIL("child page %lu reads %x %x %x", i, pg[0],
				  pg[1], pg[7]);
	}
	EXPECT(vm_deallocate(self, data, count), KERN_SUCCESS);
	EXPECT(vm_read(child, n, PAGE, &data, &count), KERN_INVALID_ADDRESS);
	printf("vm-cow: vm_read of the child ok; VM_INHERIT_NONE absent\n");

	/* vm_write into the child stays in the child. */
	EXPECT(vm_read(self, a, PAGE, &data, &count), KERN_SUCCESS);
	((char *)data)[9] = 'W';
	EXPECT(vm_write(child, a, data, PAGE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, data, count), KERN_SUCCESS);
	CHECK(priv[9] == 'P');
	EXPECT(vm_read(child, a, PAGE, &data, &count), KERN_SUCCESS);
	CHECK(((char *)data)[9] == 'W' && ((char *)data)[0] == 'Q');
	EXPECT(vm_deallocate(self, data, count), KERN_SUCCESS);

	EXPECT(task_terminate(child), KERN_SUCCESS);
	/* The shared page survives the child. */
	shared[SH_FROM_PARENT] = 1;
	CHECK(priv[1] == 'P' && none[0] == 'N');
	printf("vm-cow: done\n");
	TEST_SUCCESS();
}
