/*
 * Boot test vm-pager-delay: the injected pager-reply delay
 * (mach5_test_inject MACH5_TEST_INJECT_PAGER_DELAY, count = ms): the
 * pager's next reply waits that long in the pager's thread before it
 * takes effect, while a client task (user_pager.h) waits for the page.
 *
 *  (a) the client's read waits through the delay (the pager is inside
 *      data_supply, the client not done), then gets the right data;
 *  (b) thread_abort of the client thread while it waits: it takes the
 *      fault again, waits for the same busy page (no second
 *      data_request) and gets the data;
 *  (c) task_terminate of the client while it waits: the delayed reply
 *      still fills the page (this task then reads it with no new
 *      data_request: no busy page was left behind); the kernel's counts
 *      of tasks, threads, VM objects and resident pages come back to
 *      their baseline.
 */
#include <mach/mach_host.h>

#include "user_pager.h"

static mach_port_t test;

/* The guest's clock (host_get_time), in microseconds. */
static long guest_us(void)
{
	time_value_t tv;

	EXPECT(host_get_time(test_host_priv(), &tv), KERN_SUCCESS);
	return tv.seconds * 1000000L + tv.microseconds;
}

/*
 * Delay the next pager reply, post a read of the client, and wait until
 * the pager is inside the delayed data_supply (the client waiting).
 * Returns the guest time before the delay was asked for: the delayed
 * reply takes effect ms later than that at the earliest (check_waited).
 */
static long delayed_read(unsigned long offset, unsigned ms)
{
	mach5_test_name_t none = "";
	int supplying = vm3_supplying;
	long t0 = guest_us();

	EXPECT(mach5_test_inject(test, MACH5_TEST_INJECT_PAGER_DELAY, none, ms),
	       KERN_SUCCESS);
	vm3_client_post(VM3_CMD_READ, offset, 0);
	wait_flag_until(&vm3_supplying, supplying + 1, "the delayed supply");
	for (int i = 0; i < 200; i++)
		swtch(); /* the client's chance to end too soon */
	/* Judged only while the delay must still run (a loaded host may
	 * stall the guest past it; check_waited holds either way). */
	if (guest_us() - t0 < ms * 1000L &&
	    (vm3_supplied != supplying || vm3_client_done()))
		TEST_FAIL("delay: supplied %d (of %d), client done %d",
			  vm3_supplied, supplying + 1, vm3_client_done());
	return t0;
}

/* What the delayed reply made possible happened ms after t0 or later. */
static void check_waited(long t0, unsigned ms)
{
	long waited = guest_us() - t0;

	if (waited < ms * 1000L)
		TEST_FAIL("delay of %u ms: done after %ld us", ms, waited);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), child, thread;
	mach5_test_counts_t before, after;
	vm_address_t mine = 0;
	long t0;

	(void)argc;
	(void)envp;
	test = (mach_port_t)strtol(argv[3], NULL, 10);
	vm3_pager_start('a');
	vm3_client_warm_up(test);
	EXPECT(mach5_test_counts(test, before), KERN_SUCCESS);
	child = vm3_client_start(&thread);
	EXPECT(vm_map(self, &mine, VM3_PAGES * PAGE, 0, TRUE, vm3_mo_port, 0,
		      FALSE, VM_PROT_READ, VM_PROT_ALL, VM_INHERIT_NONE),
	       KERN_SUCCESS);

	/* (a) */
	t0 = delayed_read(0, 300);
	vm3_client_wait("the delayed read");
	check_waited(t0, 300);
	CHECK_EQ(vm3_sh->value, 'a');
	CHECK_EQ(vm3_supplied, 1);
	CHECK_EQ(vm3_requests[0], 1);
	printf("vm-pager-delay: fault waits through the delayed reply ok\n");

	/* (b) */
	t0 = delayed_read(PAGE, 500);
	EXPECT(thread_abort(thread), KERN_SUCCESS);
	vm3_client_wait("the read after thread_abort");
	check_waited(t0, 500);
	CHECK_EQ(vm3_sh->value, 'b');
	CHECK_EQ(vm3_supplied, 2);
	CHECK_EQ(vm3_requests[1], 1);
	printf("vm-pager-delay: thread_abort while waiting, then the data "
	       "ok\n");

	/* (c) */
	t0 = delayed_read(2 * PAGE, 500);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	wait_flag_until(&vm3_supplied, 3, "the delayed supply's end");
	check_waited(t0, 500);
	CHECK_EQ(((volatile char *)mine)[2 * PAGE + 9], 'c');
	CHECK_EQ(vm3_requests[2], 1);
	printf("vm-pager-delay: task_terminate while waiting, page filled "
	       "ok\n");

	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, mine, VM3_PAGES * PAGE), KERN_SUCCESS);
	wait_flag(&vm3_terminates, "memory_object_terminate");
	vm3_pager_cleanup();
	vm3_counts(test, after, before[MACH5_TEST_TASKS]);
	vm3_check_counts(before, after);
	printf("vm-pager-delay: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
