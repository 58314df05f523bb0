/*
 * Boot test vm-pager-control: the two memory-object control routines no other
 * boot test calls, from a user pager thread's point of view (a pager
 * thread of this task serves the memory object port, as in vm-pager.c):
 *
 *   memory_object_change_attributes (2095, simpleroutine): the new
 *       may_cache and copy strategy are what memory_object_get_attributes
 *       reports; with a reply port, memory_object_change_completed (2209)
 *       carries them back; on a port that is not a control port nothing
 *       changes and the reply right is destroyed unused (a send-once
 *       notification, 71, instead of change_completed);
 *   memory_object_destroy (2092, simpleroutine): the pager gets
 *       memory_object_terminate at once (and not again when the last
 *       mapping goes); resident pages stay readable, a fault on a missing
 *       page fails with EXC_BAD_ACCESS / KERN_MEMORY_ERROR (caught by a
 *       handler thread) and asks the pager nothing; on a port that is not
 *       a control port it does nothing.
 * After the object is gone the control port is dead: calls on it fail
 * with MACH_SEND_INVALID_DEST, as on a null port.
 */
#include <mach/notify.h>

#include "../mach_test_util.h"
#include "excServer.h"
#include "../fault_util.h"
#include "../pager_util.h"

static mach_port_t self, mo_port;
static volatile mach_port_t control;
static volatile int inits, requests, terminates, markers;

/* ---- change_completed (the layout as in pager_util.h) ------------------- */

struct mo_change_completed {
	mach_msg_header_t head;
	mach_msg_type_t may_cache_type;
	int may_cache;
	mach_msg_type_t copy_strategy_type;
	int copy_strategy;
};
_Static_assert(sizeof(struct mo_change_completed) == MSG_WIRE(64, 40),
	       "change_completed");

/* What comes on a reply port. */
union mo_reply {
	mach_msg_header_t head;
	struct mo_change_completed completed;
	char buf[512];
};

/* ---- The pager thread --------------------------------------------------- */

/* Page n holds 'A' + n (data_supply takes the buffer away). */
static void serve_request(const struct mo_request *r)
{
	if (r->control != control || r->length != PAGE)
		TEST_FAIL("data_request control %u length %lu", r->control,
			  r->length);
	requests++;
	pager_supply_fill(r->control, r->offset, 'A' + (int)(r->offset / PAGE));
}

static void pager(void)
{
	union mo_msg in;

	for (;;) {
		pager_receive(mo_port, &in);
		switch (in.head.msgh_id) {
		case MO_INIT:
			if (in.init.page_size != PAGE)
				TEST_FAIL("page size %lu", in.init.page_size);
			control = in.init.control;
			inits++;
			EXPECT(memory_object_ready(control, TRUE,
						   MEMORY_OBJECT_COPY_DELAY),
			       KERN_SUCCESS);
			break;
		case MO_DATA_REQUEST:
			serve_request(&in.request);
			break;
		case MO_TERMINATE:
			terminates++;
			break;
		case PAGER_MARKER:
			markers++;
			break;
		default:
			TEST_FAIL("pager got id %d", in.head.msgh_id);
		}
	}
}

/* ---- The tests ---------------------------------------------------------- */

static void check_attributes(boolean_t want_cache, int want_strategy)
{
	boolean_t ready = FALSE, may_cache = !want_cache;
	memory_object_copy_strategy_t strategy = -1;

	EXPECT(memory_object_get_attributes(control, &ready, &may_cache,
					    &strategy),
	       KERN_SUCCESS);
	CHECK(ready);
	CHECK_EQ(may_cache, want_cache);
	CHECK_EQ(strategy, want_strategy);
}

/* The next message on reply (1 s at most). */
static void receive_reply(mach_port_t reply, union mo_reply *in)
{
	EXPECT(mach_msg(&in->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(*in), reply, 1000, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
}

static void test_change_attributes(void)
{
	mach_port_t reply;
	union mo_reply in;

	check_attributes(TRUE, MEMORY_OBJECT_COPY_DELAY);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply),
	       KERN_SUCCESS);

	/* With a reply port: change_completed echoes the new values. */
	EXPECT(memory_object_change_attributes(control, FALSE,
					       MEMORY_OBJECT_COPY_NONE, reply),
	       KERN_SUCCESS);
	receive_reply(reply, &in);
	CHECK_EQ(in.head.msgh_id, MO_CHANGE_COMPLETED);
	CHECK_EQ(in.head.msgh_size, sizeof(struct mo_change_completed));
	CHECK_EQ(in.head.msgh_local_port, reply);
	/* boolean_t: BOOLEAN/32, as a GNU MIG client stub sends it. */
	CHECK_EQ(in.completed.may_cache_type.msgt_name, MACH_MSG_TYPE_BOOLEAN);
	CHECK_EQ(in.completed.may_cache, FALSE);
	CHECK_EQ(in.completed.copy_strategy, MEMORY_OBJECT_COPY_NONE);
	check_attributes(FALSE, MEMORY_OBJECT_COPY_NONE);

	/* Without one: the change alone. */
	EXPECT(memory_object_change_attributes(
		       control, TRUE, MEMORY_OBJECT_COPY_CALL, MACH_PORT_NULL),
	       KERN_SUCCESS);
	check_attributes(TRUE, MEMORY_OBJECT_COPY_CALL);
	EXPECT(mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(in), reply, 0, MACH_PORT_NULL),
	       MACH_RCV_TIMED_OUT);

	/* Not a control port: refused (a simpleroutine has no reply, so
	 * the send succeeds); the reply right dies unused. */
	EXPECT(memory_object_change_attributes(self, FALSE,
					       MEMORY_OBJECT_COPY_NONE, reply),
	       KERN_SUCCESS);
	receive_reply(reply, &in);
	CHECK_EQ(in.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	EXPECT(memory_object_change_attributes(fault_main_thread, FALSE,
					       MEMORY_OBJECT_COPY_NONE,
					       MACH_PORT_NULL),
	       KERN_SUCCESS);
	EXPECT(memory_object_change_attributes(MACH_PORT_NULL, FALSE,
					       MEMORY_OBJECT_COPY_NONE, reply),
	       MACH_SEND_INVALID_DEST);
	check_attributes(TRUE, MEMORY_OBJECT_COPY_CALL);
	EXPECT(mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(in), reply, 0, MACH_PORT_NULL),
	       MACH_RCV_TIMED_OUT);
	EXPECT(mach_port_destroy(self, reply), KERN_SUCCESS);
	printf("vm-pager-control: memory_object_change_attributes ok\n");
}

/* A load from p must fault with KERN_MEMORY_ERROR. */
static void expect_memory_error(volatile const char *p)
{
	fault_expect_load(p, KERN_MEMORY_ERROR, "destroyed object");
}

static void test_destroy(volatile char *p, vm_address_t a, vm_size_t size)
{
	boolean_t ready, may_cache;
	memory_object_copy_strategy_t strategy;

	/* Not a control port: nothing happens; the pager still serves. */
	EXPECT(memory_object_destroy(self, KERN_FAILURE), KERN_SUCCESS);
	EXPECT(memory_object_destroy(MACH_PORT_NULL, KERN_FAILURE),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(fault_load(p + PAGE + 1), 'B');
	CHECK_EQ(requests, 2);
	pager_sync(mo_port, &markers);
	CHECK_EQ(terminates, 0);

	EXPECT(memory_object_destroy(control, KERN_FAILURE), KERN_SUCCESS);
	wait_flag(&terminates, "memory_object_terminate");
	CHECK_EQ(terminates, 1);
	/* Resident pages stay; a missing one fails without a request. */
	CHECK_EQ(fault_load(p), 'w');
	CHECK_EQ(fault_load(p + PAGE + 1), 'B');
	expect_memory_error(p + 2 * PAGE + 9);
	expect_memory_error(p + 2 * PAGE + 9); /* for good */
	CHECK_EQ(fault_handled, 2);
	pager_sync(mo_port, &markers);
	CHECK_EQ(requests, 2);

	/* The last mapping goes: no second terminate; the control port
	 * dies with the object. */
	EXPECT(vm_deallocate(self, a, size), KERN_SUCCESS);
	pager_sync(mo_port, &markers);
	CHECK_EQ(terminates, 1);
	EXPECT(memory_object_get_attributes(control, &ready, &may_cache,
					    &strategy),
	       MACH_SEND_INVALID_DEST);
	EXPECT(memory_object_destroy(control, KERN_FAILURE),
	       MACH_SEND_INVALID_DEST);
	printf("vm-pager-control: memory_object_destroy ok\n");
}

int main(int argc, char **argv, char **envp)
{
	vm_address_t a = 0;
	volatile char *p;

	(void)argc;
	(void)argv;
	(void)envp;
	self = mach_task_self();
	fault_catch_start();
	mo_port = port_alloc_with_send();
	start_thread(pager);

	EXPECT(vm_map(self, &a, 3 * PAGE, 0, TRUE, mo_port, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	p = (volatile char *)a;
	CHECK_EQ(fault_load(p), 'A');
	CHECK_EQ(inits, 1);
	CHECK_EQ(requests, 1);
	p[0] = 'w';

	test_change_attributes();
	test_destroy(p, a, 3 * PAGE);
	CHECK_EQ(inits, 1);
	TEST_SUCCESS();
}
