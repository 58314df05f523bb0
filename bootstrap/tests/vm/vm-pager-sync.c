/*
 * Boot test vm-pager-sync: gnumach's vm_object_sync through the name port
 * vm_region gives (what glibc's msync does on the Hurd), seen by a user
 * pager (user_pager.h) whose object this task maps twice:
 *
 *  - vm_region names the object: the same name for both regions, none
 *    for a region never touched;
 *  - should_return, no flush: data_return of the write (dirty,
 *    kernel_copy), the page stays; a clean page is not sent again;
 *  - should_return and should_flush: data_return (kernel_copy FALSE),
 *    the next read asks the pager (data_request) and gets the write back;
 *  - should_flush alone: the write is discarded;
 *  - anonymous memory: KERN_SUCCESS; the name dies with the object;
 *  - errors: unaligned offset and wrapping range KERN_INVALID_ARGUMENT,
 *    the task port as a name KERN_INVALID_ARGUMENT, a dead name
 *    MACH_SEND_INVALID_DEST;
 *  - the kernel's counts (ports and rights included) come back.
 */
#include <mach/gnumach.h>

#include "user_pager.h"

/* vm_region's name for the region at addr (a send right), its offset. */
static mach_port_t region_name(vm_address_t addr, vm_offset_t *off)
{
	vm_size_t size;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	boolean_t shared;
	mach_port_t name;

	EXPECT(vm_region(mach_task_self(), &addr, &size, &prot, &max, &inh,
			 &shared, &name, off),
	       KERN_SUCCESS);
	return name;
}

static void test_pager_sync(mach_port_t name, volatile char *mine)
{
	/* Return without flush: the write goes back, the page stays. */
	EXPECT(vm_object_sync(name, 0, PAGE, FALSE, TRUE, FALSE), KERN_SUCCESS);
	vm3_pager_sync();
	CHECK_EQ(vm3_returns, 1);
	vm3_expect_return(0, "wA", TRUE, TRUE);
	CHECK_EQ(mine[0], 'w');
	CHECK_EQ(vm3_requests[0], 1);
	/* Clean now: nothing to send. */
	EXPECT(vm_object_sync(name, 0, PAGE, FALSE, TRUE, TRUE), KERN_SUCCESS);
	vm3_pager_sync();
	CHECK_EQ(vm3_returns, 1);
	printf("vm-pager-sync: return sends the write, page stays ok\n");

	/* Return and flush: the next read asks the pager. */
	mine[1] = 'x';
	EXPECT(vm_object_sync(name, 0, PAGE, TRUE, TRUE, FALSE), KERN_SUCCESS);
	vm3_pager_sync();
	CHECK_EQ(vm3_returns, 2);
	vm3_expect_return(0, "wx", TRUE, FALSE);
	CHECK_EQ(mine[1], 'x');
	CHECK_EQ(vm3_requests[0], 2);
	printf("vm-pager-sync: flush with return, read back from the pager "
	       "ok\n");

	/* Flush without return: the write is lost. */
	mine[0] = 'y';
	EXPECT(vm_object_sync(name, 0, PAGE, TRUE, FALSE, TRUE), KERN_SUCCESS);
	vm3_pager_sync();
	CHECK_EQ(vm3_returns, 2);
	CHECK_EQ(mine[0], 'w');
	CHECK_EQ(vm3_requests[0], 3);
	printf("vm-pager-sync: flush without return discards ok\n");

	EXPECT(vm_object_sync(name, 1, PAGE, FALSE, TRUE, FALSE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_object_sync(name, PAGE, (vm_size_t)-1, FALSE, TRUE, FALSE),
	       KERN_INVALID_ARGUMENT);
	EXPECT(vm_object_sync(mach_task_self(), 0, PAGE, FALSE, TRUE, FALSE),
	       KERN_INVALID_ARGUMENT);
	vm3_pager_sync();
	CHECK_EQ(vm3_returns, 2);
}

static void test_anonymous(void)
{
	mach_port_t self = mach_task_self(), name;
	vm_address_t a = 0;
	vm_offset_t off;
	mach_port_type_t type;

	EXPECT(vm_allocate(self, &a, 2 * PAGE, TRUE), KERN_SUCCESS);
	CHECK(region_name(a, &off) == MACH_PORT_NULL); /* no object yet */
	*(volatile char *)a = 1;
	name = region_name(a, &off);
	CHECK(name != MACH_PORT_NULL);
	EXPECT(vm_object_sync(name, 0, 2 * PAGE, TRUE, TRUE, TRUE),
	       KERN_SUCCESS);
	CHECK_EQ(*(volatile char *)a, 1); /* no pager: nothing done */
	/* The name keeps nothing alive: it dies with the object. */
	EXPECT(vm_deallocate(self, a, 2 * PAGE), KERN_SUCCESS);
	EXPECT(mach_port_type(self, name, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(vm_object_sync(name, 0, PAGE, FALSE, TRUE, FALSE),
	       MACH_SEND_INVALID_DEST);
	EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
	printf("vm-pager-sync: anonymous memory and dead names ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), test, name, name2;
	mach5_test_counts_t before, after;
	vm_address_t mine = 0, mine2 = 0;
	vm_offset_t off;

	(void)argc;
	(void)envp;
	test = (mach_port_t)strtol(argv[3], NULL, 10);
	vm3_pager_start('A');
	/* What this task's first writes and prints make, before the
	 * baseline (no client task is used after it). */
	vm3_client_warm_up(test);
	printf("vm-pager-sync: start\n");
	EXPECT(mach5_test_counts(test, before), KERN_SUCCESS);

	EXPECT(vm_map(self, &mine, VM3_PAGES * PAGE, 0, TRUE, vm3_mo_port, 0,
		      FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_NONE),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &mine2, PAGE, 0, TRUE, vm3_mo_port, PAGE, FALSE,
		      VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_NONE),
	       KERN_SUCCESS);
	((volatile char *)mine)[0] = 'w';
	CHECK_EQ(vm3_requests[0], 1);
	name = region_name(mine, &off);
	CHECK(name != MACH_PORT_NULL);
	CHECK_EQ(off, 0);
	name2 = region_name(mine2, &off);
	CHECK_EQ(name2, name); /* one object, one name */
	CHECK_EQ(off, PAGE);
	printf("vm-pager-sync: vm_region names the pager's object ok\n");

	test_pager_sync(name, (volatile char *)mine);
	test_anonymous();

	EXPECT(vm_deallocate(self, mine, VM3_PAGES * PAGE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, mine2, PAGE), KERN_SUCCESS);
	wait_flag(&vm3_terminates, "memory_object_terminate");
	EXPECT(vm_object_sync(name, 0, PAGE, FALSE, TRUE, FALSE),
	       MACH_SEND_INVALID_DEST);
	EXPECT(mach_port_deallocate(self, name), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, name2), KERN_SUCCESS);
	vm3_pager_cleanup();
	/* Every data_return brought a control right: all of them go. */
	EXPECT(mach_port_destroy(self, vm3_control), KERN_SUCCESS);
	vm3_counts(test, after, before[MACH5_TEST_TASKS]);
	vm3_check_counts(before, after);
	CHECK_EQ(after[MACH5_TEST_PORTS], before[MACH5_TEST_PORTS]);
	CHECK_EQ(after[MACH5_TEST_ENTRIES], before[MACH5_TEST_ENTRIES]);
	printf("vm-pager-sync: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
