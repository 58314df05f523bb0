/*
 * Boot test vm-pager-errors: the error paths of external pagers, seen by
 * the faulting thread as EXC_BAD_ACCESS with code KERN_MEMORY_ERROR (10)
 * and the faulting address as subcode, caught by a handler thread (as in
 * mach-exception.c) that moves the thread past the load.
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
#include <string.h>

#include <mach/exception.h>
#include <mach/mach_port.h>
#include <mach/memory_object.h>
#include <mach/thread_special_ports.h>

#include "../mach_test_util.h"
#include "excServer.h"
#include "../exc_serve.h"

#define PAGE		4096UL
#define MO_INIT		2200
#define MO_TERMINATE	2201
#define MO_DATA_REQUEST 2203
#define HANDLED_MARK	0x600D

static mach_port_t exc_port, main_thread, mo_port;
static volatile int handled, last_exception, last_code;
static volatile long last_subcode;
static volatile int inits, requests1, terminates;

/* ---- Exceptions ------------------------------------------------------ */

extern char probe_resume[];

/* Load the byte at p: its value, or HANDLED_MARK if the load faulted and
 * the handler moved the thread on. */
static __attribute__((noinline, noclone)) unsigned long
probe(volatile const char *p)
{
	unsigned long rax = 0;

	__asm__ volatile("movzbq (%1), %0\n"
			 ".globl probe_resume\n"
			 "probe_resume:\n"
			 : "+a"(rax)
			 : "r"(p)
			 : "memory");
	return rax;
}

kern_return_t catch_exception_raise(mach_port_t port, mach_port_t thread,
				    mach_port_t task, integer_t exception,
				    integer_t code, rpc_long_integer_t subcode)
{
	struct i386_thread_state st;
	mach_msg_type_number_t count = i386_THREAD_STATE_COUNT;

	last_exception = exception;
	last_code = code;
	last_subcode = subcode;
	if (port != exc_port || thread != main_thread ||
	    task != mach_task_self() || exception != EXC_BAD_ACCESS)
		return KERN_FAILURE;
	EXPECT(thread_get_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				&count),
	       KERN_SUCCESS);
	st.rip = (unsigned long)probe_resume;
	st.rax = HANDLED_MARK;
	EXPECT(thread_set_state(thread, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	handled++;
	return KERN_SUCCESS;
}

static void handler(void)
{
	exc_serve_forever(exc_port);
}

/* probe(p) must fault with KERN_MEMORY_ERROR at p. */
static void expect_memory_error(volatile const char *p, const char *what)
{
	int before = handled;
	unsigned long v = probe(p);

	if (v != HANDLED_MARK || handled != before + 1)
		TEST_FAIL("%s: load gave 0x%lx, %d exceptions", what, v,
			  handled - before);
	if (last_exception != EXC_BAD_ACCESS ||
	    last_code != KERN_MEMORY_ERROR || last_subcode != (long)p)
		TEST_FAIL("%s: exception %d code %d subcode 0x%lx", what,
			  last_exception, last_code, last_subcode);
}

/* ---- A pager thread that answers data_error once ----------------------- */

struct mo_init {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	char pad0[4];
	mach_msg_type_t name_type;
	mach_port_t name;
	char pad1[4];
	mach_msg_type_t page_size_type;
	unsigned long page_size;
};
_Static_assert(sizeof(struct mo_init) == 80, "init");

struct mo_request {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	char pad0[4];
	mach_msg_type_t offset_type;
	unsigned long offset;
	mach_msg_type_t length_type;
	unsigned long length;
	mach_msg_type_t access_type;
	int access;
	char pad1[4];
};
_Static_assert(sizeof(struct mo_request) == 96, "data_request");

static void serve_request(const struct mo_request *r)
{
	char *buf = NULL;

	if (r->offset == PAGE && requests1++ == 0) {
		EXPECT(memory_object_data_error(r->control, r->offset, PAGE,
						KERN_FAILURE),
		       KERN_SUCCESS);
		return;
	}
	EXPECT(vm_allocate(mach_task_self(), (vm_address_t *)&buf, PAGE, TRUE),
	       KERN_SUCCESS);
	memset(buf, 'a' + (int)(r->offset / PAGE), PAGE);
	EXPECT(memory_object_data_supply(r->control, r->offset,
					 (vm_offset_t)buf, PAGE, VM_PROT_NONE,
					 FALSE, MACH_PORT_NULL),
	       KERN_SUCCESS);
}

static void pager(void)
{
	union {
		mach_msg_header_t head;
		struct mo_init init;
		struct mo_request request;
		char buf[512];
	} in;

	for (;;) {
		if (mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof(in), mo_port, 0,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			TEST_FAIL("pager receive");
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

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &mo_port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, mo_port, mo_port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	start_thread(pager);
	EXPECT(vm_map(self, &a, 2 * PAGE, 0, TRUE, mo_port, 0, FALSE,
		      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL,
		      VM_INHERIT_COPY),
	       KERN_SUCCESS);
	p = (volatile const char *)a;
	CHECK_EQ(probe(p), 'a');
	CHECK_EQ(inits, 1);
	expect_memory_error(p + PAGE + 3, "data_error");
	CHECK_EQ(requests1, 1);
	/* The error was for that fault only: the pager is asked again. */
	CHECK_EQ(probe(p + PAGE + 3), 'b');
	CHECK_EQ(requests1, 2);
	CHECK_EQ(handled, 1);
	printf("vm-pager-errors: data_error gives KERN_MEMORY_ERROR ok\n");
	EXPECT(vm_deallocate(self, a, 2 * PAGE), KERN_SUCCESS);
	wait_flag(&terminates, "memory_object_terminate");
}

/* ---- A pager task that dies while a fault waits ------------------------ */

static mach_port_t child, child_name;
static volatile int touching, killed;

/* Wait until the fault's init and data_request are queued on the
 * child's port (the main thread waits on the page), then end the child. */
static void killer(void)
{
	mach_port_status_t st;

	wait_flag(&touching, "the main thread's load");
	for (long i = 0;; i++) {
		EXPECT(mach_port_get_receive_status(child, child_name, &st),
		       KERN_SUCCESS);
		if (st.mps_msgcount == 2)
			break;
		if (i > 1000000)
			TEST_FAIL("no data_request on the child's port");
		swtch();
	}
	EXPECT(task_terminate(child), KERN_SUCCESS);
	killed = 1;
	idle_forever();
}

static void test_pager_task_dies(mach_port_t self)
{
	mach_port_t send;
	mach_msg_type_name_t type;
	vm_address_t c = 0;
	int before = handled;

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
	expect_memory_error((volatile const char *)c + 100, "pager task died");
	CHECK(killed);
	CHECK_EQ(handled, before + 1);
	/* Dead for good: the other page fails at once. */
	expect_memory_error((volatile const char *)c + PAGE, "dead pager");
	printf("vm-pager-errors: pager task died, fault failed ok\n");
	EXPECT(vm_deallocate(self, c, 2 * PAGE), KERN_SUCCESS);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();

	(void)argc;
	(void)argv;
	(void)envp;
	main_thread = mach_thread_self();
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &exc_port),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, exc_port, exc_port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(thread_set_special_port(main_thread, THREAD_EXCEPTION_PORT,
				       exc_port),
	       KERN_SUCCESS);
	start_thread(handler);

	test_data_error(self);
	test_pager_task_dies(self);
	TEST_SUCCESS();
}
