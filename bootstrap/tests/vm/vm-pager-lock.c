/*
 * Boot test vm-pager-lock: memory_object_lock_request and data_supply's lock
 * value and precious flag, seen by a user pager (user_pager.h) while a
 * client task (a child) and this task both map its object:
 *
 *  - clean (RETURN_DIRTY, no flush): data_return of the client's write
 *    (dirty, kernel_copy), the clean page not sent; the page stays and
 *    both tasks read it without a new data_request; the client's next
 *    write faults again and makes it dirty again;
 *  - flush (RETURN_DIRTY): data_return (kernel_copy FALSE), the page
 *    leaves both tasks' pmaps: the next read asks the pager, which
 *    supplies what it was given back;
 *  - RETURN_NONE flush: the client's write is discarded;
 *  - precious: a page supplied precious and never written comes back on
 *    flush, not dirty;
 *  - lock value: a page supplied write-locked reads without a message; a
 *    write sends memory_object_data_unlock (VM_PROT_WRITE), the pager's
 *    lock_request lowering the lock lets it go on;
 *  - every lock_request with a reply port gets lock_completed;
 *  - the kernel's counts come back when the client and the mappings go.
 */
#include "user_pager.h"

static mach_port_t reply_port;

/* lock_request, then its lock_completed on reply_port, then everything
 * it sent the pager served. */
static void lock_request(unsigned long offset, unsigned long size, int ret,
			 boolean_t flush, int lock)
{
	struct {
		struct mo_lock_completed m;
		char buf[64];
	} in;

	EXPECT(memory_object_lock_request(vm3_control, offset, size, ret, flush,
					  lock, reply_port),
	       KERN_SUCCESS);
	EXPECT(mach_msg(&in.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(in), reply_port, 5000, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(in.m.head.msgh_id, MO_LOCK_COMPLETED);
	CHECK_EQ(in.m.offset, offset);
	CHECK_EQ(in.m.length, size);
	vm3_pager_sync();
}

static void test_clean_and_flush(volatile char *mine)
{
	/* The client writes page 0, reads page 1: two requests. */
	vm3_client_write(0, 'c');
	CHECK_EQ(vm3_client_read(PAGE), 'B');
	CHECK(vm3_requests[0] == 1 && vm3_requests[1] == 1);
	CHECK(mine[0] == 'c' && mine[1] == 'A'); /* the same object */

	/* Clean: the write comes back, page 1 (clean) does not. */
	lock_request(0, 2 * PAGE, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 1);
	vm3_expect_return(0, "cA", TRUE, TRUE);
	CHECK(mine[0] == 'c' && vm3_client_read(0) == 'c');
	CHECK_EQ(vm3_requests[0], 1); /* still resident */
	/* Written again (the clean page was write-protected: the store
	 * faults and dirties it), then cleaned again. */
	vm3_client_write(1, 'd');
	lock_request(0, 2 * PAGE, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 2);
	vm3_expect_return(0, "cd", TRUE, TRUE);
	printf("vm-pager-lock: clean returns the client's writes ok\n");

	/* Flush with return: out of both tasks; the next read asks. */
	vm3_client_write(2, 'e');
	lock_request(0, 2 * PAGE, MEMORY_OBJECT_RETURN_DIRTY, TRUE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 3); /* page 1 was clean: dropped */
	vm3_expect_return(0, "cd", TRUE, FALSE);
	CHECK_EQ(vm3_client_read(2), 'e');
	CHECK_EQ(vm3_requests[0], 2);
	CHECK_EQ(mine[1], 'd');
	CHECK_EQ(mine[PAGE], 'B');
	CHECK_EQ(vm3_requests[1], 2);
	CHECK_EQ(vm3_requests[0], 2);
	printf("vm-pager-lock: flush with return, read back from the pager "
	       "ok\n");

	/* Flush without return: the write is lost. */
	vm3_client_write(0, 'x');
	lock_request(0, PAGE, MEMORY_OBJECT_RETURN_NONE, TRUE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 3);
	CHECK_EQ(vm3_client_read(0), 'c');
	CHECK_EQ(vm3_requests[0], 3);
	printf("vm-pager-lock: flush without return discards ok\n");
}

static void test_precious(void)
{
	/* Page 2 is supplied precious; read only. */
	CHECK_EQ(vm3_client_read(2 * PAGE + 5), 'C');
	lock_request(2 * PAGE, PAGE, MEMORY_OBJECT_RETURN_DIRTY, FALSE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 3); /* unmodified, not flushed: stays */
	lock_request(2 * PAGE, PAGE, MEMORY_OBJECT_RETURN_DIRTY, TRUE,
		     VM_PROT_NO_CHANGE);
	CHECK_EQ(vm3_returns, 4);
	vm3_expect_return(2 * PAGE, "CC", FALSE, FALSE);
	printf("vm-pager-lock: precious page returned on flush ok\n");
}

static void test_unlock(void)
{
	/* Page 3 is supplied write-locked: reads ask nothing more. */
	CHECK_EQ(vm3_client_read(3 * PAGE), 'D');
	CHECK_EQ(vm3_unlocks, 0);
	vm3_client_write(3 * PAGE, 'u');
	CHECK_EQ(vm3_unlocks, 1);
	CHECK_EQ(vm3_unlock_access, VM_PROT_WRITE);
	CHECK_EQ(vm3_client_read(3 * PAGE), 'u');
	/* Unlocked for good: more writes ask nothing. */
	vm3_client_write(3 * PAGE + 1, 'v');
	CHECK_EQ(vm3_unlocks, 1);
	/* Locked again by the pager: the next write asks again. */
	lock_request(3 * PAGE, PAGE, MEMORY_OBJECT_RETURN_NONE, FALSE,
		     VM_PROT_WRITE);
	vm3_client_write(3 * PAGE + 2, 'w');
	CHECK_EQ(vm3_unlocks, 2);
	lock_request(3 * PAGE, PAGE, MEMORY_OBJECT_RETURN_DIRTY, TRUE,
		     VM_PROT_NO_CHANGE);
	vm3_expect_return(3 * PAGE, "uv", TRUE, FALSE);
	CHECK_EQ(vm3_returns, 5);
	printf("vm-pager-lock: data_unlock round trips ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), test, child, thread;
	mach5_test_counts_t before, after;
	vm_address_t mine = 0;

	(void)argc;
	(void)envp;
	test = (mach_port_t)strtol(argv[3], NULL, 10);
	vm3_pager_start('A');
	vm3_precious[2] = TRUE;
	vm3_lock[3] = VM_PROT_WRITE;
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply_port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, reply_port, reply_port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	vm3_client_warm_up(test);
	EXPECT(mach5_test_counts(test, before), KERN_SUCCESS);

	child = vm3_client_start(&thread);
	EXPECT(vm_map(self, &mine, VM3_PAGES * PAGE, 0, TRUE, vm3_mo_port, 0,
		      FALSE, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_NONE),
	       KERN_SUCCESS);
	test_clean_and_flush((volatile char *)mine);
	test_precious();
	test_unlock();

	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, mine, VM3_PAGES * PAGE), KERN_SUCCESS);
	wait_flag(&vm3_terminates, "memory_object_terminate");
	vm3_pager_cleanup();
	EXPECT(mach_port_deallocate(self, vm3_control), KERN_SUCCESS);
	vm3_counts(test, after, before[MACH5_TEST_TASKS]);
	vm3_check_counts(before, after);
	printf("vm-pager-lock: kernel counts back to baseline ok\n");
	TEST_SUCCESS();
}
