/*
 * Boot test vm-pager-errors: the error paths of external pagers, seen by
 * the faulting thread as EXC_BAD_ACCESS with code KERN_MEMORY_ERROR (10)
 * and the faulting address as subcode, caught by a handler thread
 * (fault_util.h) that moves the thread past the load.
 *
 *  - data_error: a pager thread of this task supplies page 0 and answers
 *    memory_object_data_error for the first request of page 1; the load
 *    fails with KERN_MEMORY_ERROR; the next load asks again (a second
 *    data_request) and gets the supplied page;
 *  - a pager task that dies: the memory object's receive right lives in
 *    a child task that never answers; while the main thread waits on the
 *    page (init and data_request are queued on the child's port), a
 *    helper thread terminates the child: the fault fails with
 *    KERN_MEMORY_ERROR instead of hanging, and so does the next one.
 */
#include "../mach_test_util.h"
#include "excServer.h"
#include "../fault_util.h"
#include "../pager_util.h"

static mach_port_t mo_port;
static volatile int inits, requests1, terminates;

/* ---- A pager thread that answers data_error once ----------------------- */

static void serve_request(const struct mo_request *r)
{
	if (r->offset == PAGE && requests1++ == 0) {
		EXPECT(memory_object_data_error(r->control, r->offset, PAGE,
						KERN_FAILURE),
		       KERN_SUCCESS);
		return;
	}
	pager_supply_fill(r->control, r->offset, 'a' + (int)(r->offset / PAGE));
}

static void pager(void)
{
	union mo_msg in;

	for (;;) {
		pager_receive(mo_port, &in);
		switch (in.head.msgh_id) {
		case MO_INIT:
			inits++;
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

static void test_data_error(mach_port_t self)
{
	vm_address_t a = 0;
	volatile const char *p;

	mo_port = port_alloc_with_send();
	start_thread(pager);
	EXPECT(vm_map(self, &a, 2 * PAGE, 0, TRUE, mo_port, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	p = (volatile const char *)a;
	CHECK_EQ(fault_load(p), 'a');
	CHECK_EQ(inits, 1);
	fault_expect_load(p + PAGE + 3, KERN_MEMORY_ERROR, "data_error");
	CHECK_EQ(requests1, 1);
	/* The error was for that fault only: the pager is asked again. */
	CHECK_EQ(fault_load(p + PAGE + 3), 'b');
	CHECK_EQ(requests1, 2);
	CHECK_EQ(fault_handled, 1);
	printf("vm-pager-errors: data_error gives KERN_MEMORY_ERROR ok\n");
	EXPECT(vm_deallocate(self, a, 2 * PAGE), KERN_SUCCESS);
	wait_flag(&terminates, "memory_object_terminate");
}

/* ---- A pager task that dies while a fault waits ------------------------ */

static mach_port_t child, child_name;
static volatile int touching, killed;

/* Wait until the fault's init and data_request are queued on the
 * child's port (the main thread waits on the page), then end the child. */
/* Messages queued on the child's port (its status in *st). */
static unsigned int queued(mach_port_status_t *st)
{
	EXPECT(mach_port_get_receive_status(child, child_name, st),
	       KERN_SUCCESS);
	return st->mps_msgcount;
}

static void killer(void)
{
	mach_port_status_t st;

	wait_flag(&touching, "the main thread's load");
	TEST_WAIT_UNTIL(queued(&st) == 2, 10,
			"no data_request on the child's port in 10 s");
	EXPECT(task_terminate(child), KERN_SUCCESS);
	killed = 1;
	idle_forever();
}

static void test_pager_task_dies(mach_port_t self)
{
	mach_port_t send;
	mach_msg_type_name_t type;
	vm_address_t c = 0;
	int before = fault_handled;

	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	EXPECT(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &child_name),
	       KERN_SUCCESS);
	EXPECT(mach_port_extract_right(child, child_name,
				       MACH_MSG_TYPE_MAKE_SEND, &send, &type),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &c, 2 * PAGE, 0, TRUE, send, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	start_thread(killer);
	touching = 1; /* no more RPCs here until the killer is done */
	fault_expect_load((volatile const char *)c + 100, KERN_MEMORY_ERROR,
			  "pager task died");
	CHECK(killed);
	CHECK_EQ(fault_handled, before + 1);
	/* Dead for good: the other page fails at once. */
	fault_expect_load((volatile const char *)c + PAGE, KERN_MEMORY_ERROR,
			  "dead pager");
	printf("vm-pager-errors: pager task died, fault failed ok\n");
	EXPECT(vm_deallocate(self, c, 2 * PAGE), KERN_SUCCESS);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();

	(void)argc;
	(void)argv;
	(void)envp;
	fault_catch_start();

	test_data_error(self);
	test_pager_task_dies(self);
	TEST_SUCCESS();
}
