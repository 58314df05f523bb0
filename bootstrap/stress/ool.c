/*
 * bootstrap/stress/ool.c - out-of-line churn with copy-on-write: regions
 * of 1 to 16 pages go to stress-server out-of-line (half of them moved,
 * msgt_deallocate); the server writes to its copy and sends it back moved;
 * the original must be unchanged and the copy changed. Between transfers,
 * mach5_test_echo bounces inline bytes, out-of-line bytes and a send,
 * send-once or receive right off the kernel.
 */
#include <string.h>

#include "stress.h"
#include "stress_proto.h"

#define PAGE	  4096UL
#define TRANSFERS 150
#define MAX_PAGES 16

void stress_connect(void);
mach_port_t stress_service(unsigned int i);

static struct stress_buffer buf;
static mach5_test_inline_t echo_in, echo_out;

static void fill(unsigned char *p, unsigned long size, unsigned long k)
{
	for (unsigned long off = 0; off < size; off += PAGE)
		p[off] = (unsigned char)(k + off / PAGE);
}

/* Transfer k: send a region, check what comes back, free both. */
static void ool_transfer(mach_port_t reply, unsigned long k)
{
	mach_port_t self = mach_task_self();
	unsigned long size = (1 + k % MAX_PAGES) * PAGE;
	int move = k % 2;
	vm_address_t region = 0;

	EXPECT_OK(vm_allocate(self, &region, size, TRUE));
	fill((unsigned char *)region, size, k);
	buf.ool.head = (mach_msg_header_t){
		.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			     MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					    MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_remote_port = stress_service(k),
		.msgh_local_port = reply,
		.msgh_id = STRESS_ID_OOL,
	};
	msg_put_type(&buf.ool.data_type,
		     &(struct msg_item){.name = MACH_MSG_TYPE_BYTE,
					.bits = 8,
					.number = size,
					.longform = 1,
					.dealloc = move});
	buf.ool.data = (void *)region;
	mach_msg_return_t mr = mach_msg(&buf.head, MACH_SEND_MSG | MACH_RCV_MSG,
					sizeof(buf.ool), sizeof(buf), reply, 0,
					MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("ool: transfer %lu: %#x", k, mr);
	if (buf.head.msgh_id != STRESS_ID_OOL + 100 ||
	    buf.ool.data_type.msgtl_number != size)
		TEST_FAIL("ool: bad reply %d size %u", buf.head.msgh_id,
			  buf.ool.data_type.msgtl_number);
	unsigned char *back = buf.ool.data;
	for (unsigned long off = 0; off < size; off += PAGE) {
		unsigned char want = (unsigned char)(k + off / PAGE);
		if (back[off] != (unsigned char)(want + 1))
			TEST_FAIL("ool: returned page %lu not written",
				  off / PAGE);
		if (!move && ((unsigned char *)region)[off] != want)
			TEST_FAIL("ool: the server's write reached the "
				  "sender's page %lu",
				  off / PAGE);
	}
	EXPECT_OK(vm_deallocate(self, (vm_address_t)back, size));
	if (!move)
		EXPECT_OK(vm_deallocate(self, region, size));
}

/* Echo k through the kernel: inline bytes, OOL bytes and a right. */
static void ool_echo(unsigned long k)
{
	mach_port_t self = mach_task_self();
	mach_port_t port = stress_port_alloc(), back = MACH_PORT_NULL;
	mach_msg_type_name_t polys[] = {MACH_MSG_TYPE_MAKE_SEND,
					MACH_MSG_TYPE_MAKE_SEND_ONCE,
					MACH_MSG_TYPE_MOVE_RECEIVE};
	mach_msg_type_name_t poly = polys[k % 3], back_poly = 0;
	unsigned long size = (1 + k % 4) * PAGE - k % 100;
	mach_msg_type_number_t len = (k * 13) % sizeof(echo_in), out_len = 0;
	mach_msg_type_number_t ool_len = 0;
	vm_address_t region = 0;
	vm_offset_t ool_back = 0;

	EXPECT_OK(vm_allocate(self, &region, size, TRUE));
	memset((void *)region, (int)k, size);
	memset(echo_in, (int)k + 1, len);
	out_len = sizeof(echo_out); /* the room the stub may fill */
	EXPECT_OK(mach5_test_echo(stress_test_port, echo_in, len, echo_out,
				  &out_len, region, size, &ool_back, &ool_len,
				  port, poly, &back, &back_poly));
	CHECK_EQ(out_len, len);
	CHECK(memcmp(echo_in, echo_out, len) == 0);
	CHECK_EQ(ool_len, size);
	CHECK(memcmp((void *)region, (void *)ool_back, size) == 0);
	CHECK(back != MACH_PORT_NULL);
	EXPECT_OK(vm_deallocate(self, ool_back, size));
	EXPECT_OK(vm_deallocate(self, region, size));
	if (poly == MACH_MSG_TYPE_MOVE_RECEIVE) {
		/* The receive right came back; the send right stayed. */
		CHECK_EQ(back_poly, MACH_MSG_TYPE_PORT_RECEIVE);
		CHECK_EQ(back, port);
	} else if (poly == MACH_MSG_TYPE_MAKE_SEND) {
		CHECK_EQ(back_poly, MACH_MSG_TYPE_PORT_SEND);
		EXPECT_OK(mach_port_deallocate(self, back));
	} else {
		CHECK_EQ(back_poly, MACH_MSG_TYPE_PORT_SEND_ONCE);
		EXPECT_OK(mach_port_deallocate(self, back));
	}
	EXPECT_OK(mach_port_destroy(self, port));
	/* One-way, then a counts call to be sure it was served. */
	port = stress_port_alloc();
	memset(echo_in, 0, 64);
	EXPECT_OK(mach5_test_sink(stress_test_port, echo_in, 64, 0, 0, port,
				  MACH_MSG_TYPE_MAKE_SEND));
	EXPECT_OK(mach_port_destroy(self, port));
}

void stress_ool(void)
{
	mach_port_t reply = mach_reply_port();
	unsigned long n = TRANSFERS * stress_scale;

	if (stress_server == MACH_PORT_NULL)
		TEST_FAIL("ool: no ${server} argument");
	stress_connect();
	for (unsigned long k = 0; k < 2 * MAX_PAGES; k++) { /* warm-up */
		ool_transfer(reply, k);
		ool_echo(k);
	}
	stress_baseline("ool");
	for (unsigned long k = 0; k < n; k++) {
		ool_transfer(reply, k);
		ool_echo(k);
	}
	stress_check("ool", 2 * n);
	EXPECT_OK(mach_port_destroy(mach_task_self(), reply));
}
