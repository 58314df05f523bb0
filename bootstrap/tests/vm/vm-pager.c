/*
 * Boot test vm-pager: an external pager in user space.
 *
 * A pager thread of this task serves a memory object port (hand-decoded
 * memory_object.defs messages); the main thread maps the object with
 * vm_map and touches it:
 *  - the first fault brings memory_object_init (a control port, page
 *    size 4096), answered with memory_object_ready, then
 *    memory_object_data_request; the pager answers with
 *    memory_object_data_supply (page 0, 2: its own contents) or
 *    memory_object_data_unavailable (page 1: zero fill);
 *  - writes stay in the kernel's page; memory_object_get_attributes
 *    reports ready; memory_object_lock_request with a reply port is
 *    answered with memory_object_lock_completed;
 *  - the same port mapped twice is the same memory;
 *  - vm_deallocate of the last mapping sends memory_object_terminate.
 */
#include <string.h>

#include "../pager_util.h"

static mach_port_t mo_port;
static volatile mach_port_t control;
static volatile int inits, requests, terminates;

static void serve_request(const struct mo_request *r)
{
	unsigned long page = r->offset / PAGE;
	char *page_buf;

	if (r->control != control)
		TEST_FAIL("data_request on control %u, not %u", r->control,
			  control);
	if (r->length != PAGE)
		TEST_FAIL("data_request length %lu", r->length);
	requests++;
	if (page == 1) {
		EXPECT(memory_object_data_unavailable(r->control, r->offset,
						      PAGE),
		       KERN_SUCCESS);
		return;
	}
	page_buf = pager_page_alloc('A' + (int)page);
	memcpy(page_buf, "pager page", 10);
	pager_supply(r->control, r->offset, page_buf);
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
		default:
			TEST_FAIL("pager got id %d", in.head.msgh_id);
		}
	}
}

static void test_lock_request(mach_port_t self)
{
	mach_port_t reply;
	union {
		mach_msg_header_t head;
		char buf[256];
	} in;
	boolean_t ready = FALSE, may_cache = FALSE;
	memory_object_copy_strategy_t strategy = 0;

	EXPECT(memory_object_get_attributes(control, &ready, &may_cache,
					    &strategy),
	       KERN_SUCCESS);
	CHECK(ready && may_cache);
	CHECK_EQ(strategy, MEMORY_OBJECT_COPY_DELAY);
	/* Not a control port. */
	CHECK(memory_object_get_attributes(self, &ready, &may_cache,
					   &strategy) != KERN_SUCCESS);

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &reply),
	       KERN_SUCCESS);
	EXPECT(memory_object_lock_request(control, 0, PAGE,
					  MEMORY_OBJECT_RETURN_NONE, FALSE,
					  VM_PROT_NONE, reply),
	       KERN_SUCCESS);
	EXPECT(mach_msg(&in.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			sizeof(in), reply, 5000, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(in.head.msgh_id, MO_LOCK_COMPLETED);
	EXPECT(mach_port_destroy(self, reply), KERN_SUCCESS);
	printf("vm-pager: get_attributes and lock_request ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();
	vm_address_t a = 0, b = 0;
	volatile char *p, *q;

	(void)argc;
	(void)argv;
	(void)envp;
	mo_port = port_alloc_with_send();
	start_thread(pager);

	EXPECT(vm_map(self, &a, 4 * PAGE, 0, TRUE, mo_port, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	EXPECT(vm_map(self, &b, PAGE, 0, TRUE, mo_port, 3, FALSE, VM_PROT_READ,
		      VM_PROT_ALL, VM_INHERIT_COPY),
	       KERN_INVALID_ARGUMENT);
	CHECK_EQ(inits, 0); /* nothing asked before the first fault */
	p = (volatile char *)a;
	if (memcmp((const char *)p, "pager page", 10) != 0 || p[10] != 'A' ||
	    p[PAGE - 1] != 'A')
		TEST_FAIL("page 0 reads %c%c%c", p[0], p[1], p[10]);
	CHECK_EQ(inits, 1);
	CHECK_EQ(requests, 1);
	CHECK(p[PAGE] == 0 && p[2 * PAGE - 1] == 0); /* unavailable */
	CHECK(p[2 * PAGE + 10] == 'C');
	CHECK_EQ(requests, 3);
	p[5] = 'w';
	p[PAGE + 5] = 'x';
	CHECK(p[5] == 'w' && p[PAGE + 5] == 'x' && p[10] == 'A');
	printf("vm-pager: init, data_supply, data_unavailable ok\n");

	/* Mapped again: the same object, no new request for page 0. */
	EXPECT(vm_map(self, &b, 2 * PAGE, 0, TRUE, mo_port, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	q = (volatile char *)b;
	CHECK(q[5] == 'w' && q[PAGE + 5] == 'x');
	CHECK_EQ(requests, 3);
	CHECK_EQ(inits, 1);
	printf("vm-pager: second mapping shares the object ok\n");

	test_lock_request(self);

	EXPECT(vm_deallocate(self, a, 4 * PAGE), KERN_SUCCESS);
	CHECK_EQ(terminates, 0);
	EXPECT(vm_deallocate(self, b, 2 * PAGE), KERN_SUCCESS);
	wait_flag(&terminates, "memory_object_terminate");
	printf("vm-pager: terminate after the last mapping ok\n");
	TEST_SUCCESS();
}
