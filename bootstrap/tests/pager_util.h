/*
 * bootstrap/tests/pager_util.h - pieces of a user pager thread shared by
 * the boot tests that serve a memory object themselves: the
 * memory_object.defs message ids and wire layouts (hand-decoded, as a
 * test's pager makes no MIG server), the receive of the pager loop, a
 * page supplied from a fresh buffer, and a marker message that shows
 * the pager has served everything sent before it.
 *
 * Each test keeps its own pager loop: what it answers is what it tests.
 */
#ifndef BOOTSTRAP_TESTS_PAGER_UTIL_H
#define BOOTSTRAP_TESTS_PAGER_UTIL_H

#include <string.h>

#include <mach/mach_port.h>
#include <mach/memory_object.h>

#include "mach_test_util.h"

#ifndef PAGE
#define PAGE 4096UL
#endif

/* Message ids of memory_object.defs, and the marker a test sends to its
 * own pager. */
#define MO_INIT		    2200
#define MO_TERMINATE	    2201
#define MO_DATA_REQUEST	    2203
#define MO_DATA_UNLOCK	    2204
#define MO_LOCK_COMPLETED   2206
#define MO_DATA_RETURN	    2208
#define MO_CHANGE_COMPLETED 2209
#define PAGER_MARKER	    7777

/* ---- Wire layouts ------------------------------------------------------
 * Every item is a descriptor and one slot (<mach5/msg_body.h>): on x86_64
 * 8 + 8 bytes (a port name or an int padded by the 8-alignment of the
 * next descriptor or of the struct), on i386 4 + 4. The OOL data of
 * data_return has the long form (the same 8 bytes on x86_64, 12 on
 * i386). */

struct mo_init {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	mach_msg_type_t name_type;
	mach_port_t name;
	mach_msg_type_t page_size_type;
	unsigned long page_size;
};
_Static_assert(sizeof(struct mo_init) == MSG_WIRE(80, 48), "init");

/* data_request and data_unlock (desired_access in access). */
struct mo_request {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	mach_msg_type_t offset_type;
	unsigned long offset;
	mach_msg_type_t length_type;
	unsigned long length;
	mach_msg_type_t access_type;
	int access;
};
_Static_assert(sizeof(struct mo_request) == MSG_WIRE(96, 56), "data_request");

struct mo_return {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	mach_msg_type_t offset_type;
	unsigned long offset;
	mach_msg_type_long_t data_type;
	char *data;
	mach_msg_type_t dirty_type;
	int dirty;
	mach_msg_type_t kernel_copy_type;
	int kernel_copy;
};
_Static_assert(sizeof(struct mo_return) == MSG_WIRE(112, 72), "data_return");

/* lock_completed, on the reply port of a lock_request. */
struct mo_lock_completed {
	mach_msg_header_t head;
	mach_msg_type_t control_type;
	mach_port_t control;
	mach_msg_type_t offset_type;
	unsigned long offset;
	mach_msg_type_t length_type;
	unsigned long length;
};
_Static_assert(sizeof(struct mo_lock_completed) == MSG_WIRE(80, 48),
	       "lock_completed");

/* What a pager thread receives. */
union mo_msg {
	mach_msg_header_t head;
	struct mo_init init;
	struct mo_request request;
	struct mo_return ret;
	char buf[512];
};

/* ---- The pager thread ---------------------------------------------------- */

/* The next message on the memory object port; fails the test on an IPC
 * error. */
static inline void pager_receive(mach_port_t port, union mo_msg *in)
{
	if (mach_msg(&in->head, MACH_RCV_MSG, 0, sizeof(*in), port, 0,
		     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
		TEST_FAIL("pager receive");
}

/* A fresh page of this task filled with fill (data_supply deallocates
 * what it sends: a new page each time). */
static inline char *pager_page_alloc(int fill)
{
	char *buf = NULL;

	EXPECT(vm_allocate(mach_task_self(), (vm_address_t *)&buf, PAGE, TRUE),
	       KERN_SUCCESS);
	memset(buf, fill, PAGE);
	return buf;
}

/* data_supply of buf (a page, taken away) at offset: unlocked, not
 * precious, no reply. */
static inline void pager_supply(mach_port_t control, vm_offset_t offset,
				char *buf)
{
	EXPECT(memory_object_data_supply(control, offset, (vm_offset_t)buf,
					 PAGE, TRUE, VM_PROT_NONE, FALSE,
					 MACH_PORT_NULL),
	       KERN_SUCCESS);
}

/* data_supply of a page filled with fill. */
static inline void pager_supply_fill(mach_port_t control, vm_offset_t offset,
				     int fill)
{
	pager_supply(control, offset, pager_page_alloc(fill));
}

/* ---- The test's side ---------------------------------------------------- */

/* Everything the kernel sent the pager of port before now has been
 * served: a PAGER_MARKER sent now comes after it in the queue, and the
 * pager counts it in *markers. */
static inline void pager_sync(mach_port_t port, volatile int *markers)
{
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
		.msgh_size = sizeof(m),
		.msgh_remote_port = port,
		.msgh_id = PAGER_MARKER,
	};
	int before = *markers;

	EXPECT(mach_msg(&m, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	TEST_WAIT_UNTIL(*markers != before, 10,
			"the pager thread did not see the marker in 10 s");
	CHECK_EQ(*markers, before + 1);
}

#endif /* BOOTSTRAP_TESTS_PAGER_UTIL_H */
