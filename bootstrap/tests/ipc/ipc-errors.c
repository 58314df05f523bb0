/*
 * Boot test ipc-errors: the MACH_SEND_* / MACH_RCV_* codes of ABI §3.5 in
 * their situations, from user space through mach_msg_trap, with exact
 * values; and after each failed send, the sender's rights exactly as they
 * were (mach_port_get_refs / mach_port_get_receive_status before and after).
 */
#include "ipc_test.h"

static mach_port_t self;

/* Send size bytes of buf; return the trap's result. */
static mach_msg_return_t send_raw(void *buf, mach_msg_size_t size,
				  mach_msg_option_t option,
				  mach_msg_timeout_t timeout)
{
	return mach_msg_trap(buf, MACH_SEND_MSG | option, size, 0,
			     MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

#define EXPECT_MR(call, want)                                                  \
	do {                                                                   \
		mach_msg_return_t mr_ = (call);                                \
		if (mr_ != (mach_msg_return_t)(want))                          \
			TEST_FAIL("%s returned 0x%x, expected 0x%x (%s)",      \
				  #call, mr_, (mach_msg_return_t)(want),       \
				  #want);                                      \
	} while (0)

static void invalid_dest(void)
{
	mach_port_t p = ipc_new_port();
	ipc_int_msg_t m;

	ipc_int_msg(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 0x1234, 0,
		    1, 1);
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_SEND_INVALID_DEST);
	CHECK_EQ(MACH_SEND_INVALID_DEST, 0x10000003);
	m.head.msgh_remote_port = MACH_PORT_NULL;
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_SEND_INVALID_DEST);
	/* A receive right without a send right: COPY_SEND has nothing. */
	m.head.msgh_remote_port = p;
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_SEND_INVALID_DEST);
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_MOVE_SEND_ONCE, 1, 1, 0, 0),
		  MACH_SEND_INVALID_DEST);
	/* A dead name: the send fails, the dead name keeps its refs. */
	mach_port_t dead = ipc_new_port_send();
	EXPECT(mach_port_mod_refs(self, dead, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_SUCCESS);
	EXPECT_MR(ipc_send_int(dead, MACH_MSG_TYPE_COPY_SEND, 1, 1, 0, 0),
		  MACH_SEND_INVALID_DEST);
	CHECK_EQ(ipc_refs(dead, MACH_PORT_RIGHT_DEAD_NAME), 1);
	EXPECT(mach_port_destroy(self, dead), KERN_SUCCESS);
	/* Bad reply name: the destination right is left alone. */
	mach_port_t q = ipc_new_port_send();
	ipc_int_msg(&m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    q, 0x4321, 1, 1);
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_SEND_INVALID_REPLY);
	CHECK_EQ(ipc_refs(q, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_status(q).mps_msgcount, 0);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, q), KERN_SUCCESS);
	printf("ipc-errors: MACH_SEND_INVALID_DEST / _REPLY ok\n");
}

static void sizes_and_header(void)
{
	mach_port_t p = ipc_new_port_send();
	ipc_buf_t buf;
	ipc_int_msg_t *m = (ipc_int_msg_t *)&buf;

	ipc_int_msg(m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 1, 1);
	/* Short of a header; sizes that are not multiples of the item
	 * alignment. */
	EXPECT_MR(send_raw(m, IPC_BODY - 4, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, IPC_BODY + MSG_ALIGN / 2, 0, 0),
		  MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, sizeof(*m) - MSG_ALIGN / 2, 0, 0),
		  MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, 0, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	CHECK_EQ(MACH_SEND_MSG_TOO_SMALL, 0x10000008);
	/* The message buffer itself unreadable. */
	EXPECT_MR(send_raw((void *)0x10, sizeof(*m), 0, 0),
		  MACH_SEND_INVALID_DATA);

	/* Header dispositions: remote 17-21 only, local 0 or 17-21. */
	static const mach_msg_bits_t bad_bits[] = {
		MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0),
		MACH_MSGH_BITS(0, 0),
		MACH_MSGH_BITS(22, 0),
		MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_NAME, 0),
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
			       MACH_MSG_TYPE_MOVE_RECEIVE),
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 22),
	};
	for (unsigned int n = 0; n < sizeof(bad_bits) / sizeof(bad_bits[0]);
	     n++) {
		ipc_int_msg(m, bad_bits[n], p, MACH_PORT_NULL, 1, 1);
		if (MACH_MSGH_BITS_LOCAL(bad_bits[n]) != 0)
			m->head.msgh_local_port = p;
		mach_msg_return_t mr = send_raw(m, sizeof(*m), 0, 0);
		if (mr != MACH_SEND_INVALID_HEADER)
			TEST_FAIL("bits 0x%x: 0x%x, expected "
				  "MACH_SEND_INVALID_HEADER",
				  bad_bits[n], mr);
	}
	CHECK_EQ(MACH_SEND_INVALID_HEADER, 0x10000010);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_status(p).mps_msgcount, 0);
	CHECK_EQ(ipc_status(p).mps_sorights, 0);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-errors: MACH_SEND_MSG_TOO_SMALL / _INVALID_DATA / "
	       "_INVALID_HEADER ok\n");
}

/* A complex message to p with one item and one slot; unused, when not
 * zero, goes into the descriptor's msgt_unused bits. */
static mach_msg_return_t send_item_unused(mach_port_t p, struct msg_item item,
					  msg_slot_t slot, unsigned int unused)
{
	ipc_buf_t buf;
	struct ipc_builder b;
	mach_msg_type_t t;

	ipc_b_init(&b, &buf, p, MACH_MSG_TYPE_COPY_SEND, 5);
	size_t at = ipc_b_type(&b, item);
	ipc_b_slot(&b, slot);
	memcpy(&t, buf.bytes + at, sizeof(t));
	t.msgt_unused = unused;
	CHECK_EQ(t.msgt_unused != 0, unused != 0);
	memcpy(buf.bytes + at, &t, sizeof(t));
	return ipc_b_send(&b);
}

static mach_msg_return_t send_item(mach_port_t p, struct msg_item item,
				   msg_slot_t slot)
{
	return send_item_unused(p, item, slot, 0);
}

/* The descriptors of types_and_memory: a COPY_SEND right, INTEGER_32,
 * an OOL byte array. */
#define COPY_SEND_ITEM(bits) ipc_inline(MACH_MSG_TYPE_COPY_SEND, (bits), 1)
#define INT_ITEM	     ipc_inline(MACH_MSG_TYPE_INTEGER_32, 32, 1)
#define OOL_BYTES(n)	     ipc_ool(MACH_MSG_TYPE_BYTE, 8, (n), 0, 0) /* n < 4096 */
#define KERNEL_HALF	     MSG_WIRE(0xffff800000000000ULL, 0xC0000000UL)
#define WRONG_PORT_BITS	     (IPC_PORT_BITS == 64 ? 32 : 64)

static void types_and_memory(void)
{
	mach_port_t p = ipc_new_port_send(), r = ipc_new_port_send();
	vm_address_t page = 0;

	/* One page mapped, the next one not. */
	EXPECT(vm_allocate(self, &page, 8192, TRUE), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, page + 4096, 4096), KERN_SUCCESS);
	/* Baselines: both items are fine as they are. */
	EXPECT_MR(send_item(p, COPY_SEND_ITEM(IPC_PORT_BITS), r),
		  MACH_MSG_SUCCESS);
	EXPECT_MR(send_item(p, OOL_BYTES(64), page), MACH_MSG_SUCCESS);
	/* The copied right is in the kernel's message, not in our space. */
	CHECK_EQ(ipc_refs(r, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_status(p).mps_msgcount, 2);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS); /* drops both */
	CHECK_EQ(ipc_refs(r, MACH_PORT_RIGHT_SEND), 1);
	p = ipc_new_port_send();

	/* Inline port with msgt_size other than a slot's. */
	EXPECT_MR(send_item(p, COPY_SEND_ITEM(WRONG_PORT_BITS), r),
		  MACH_SEND_INVALID_TYPE);
	CHECK_EQ(MACH_SEND_INVALID_TYPE, 0x1000000F);
	/* msgt_unused != 0 (its lowest bit, then all of them). */
	EXPECT_MR(send_item_unused(p, COPY_SEND_ITEM(IPC_PORT_BITS), r, 1),
		  MACH_SEND_INVALID_TYPE);
	EXPECT_MR(send_item_unused(p, INT_ITEM, 7, ~0u),
		  MACH_SEND_INVALID_TYPE);
	/* msgt_deallocate on inline data. */
	struct msg_item dealloc_int = INT_ITEM;
	dealloc_int.dealloc = 1;
	EXPECT_MR(send_item(p, dealloc_int, 7), MACH_SEND_INVALID_TYPE);
	/* OOL port array with 64-bit elements. */
	EXPECT_MR(send_item(p, ipc_ool(MACH_MSG_TYPE_COPY_SEND, 64, 1, 0, 0),
			    page),
		  MACH_SEND_INVALID_TYPE);
	/* A port name that is not a right. */
	EXPECT_MR(send_item(p, COPY_SEND_ITEM(IPC_PORT_BITS), 0x6666),
		  MACH_SEND_INVALID_RIGHT);
	CHECK_EQ(MACH_SEND_INVALID_RIGHT, 0x1000000A);
	/* Bad OOL pointers: an unmapped page, the kernel half, a range running
	 * off the mapped page. */
	EXPECT_MR(send_item(p, OOL_BYTES(64), page + 4096),
		  MACH_SEND_INVALID_MEMORY);
	EXPECT_MR(send_item(p, OOL_BYTES(64), KERNEL_HALF),
		  MACH_SEND_INVALID_MEMORY);
	EXPECT_MR(
		send_item(p, ipc_ool(MACH_MSG_TYPE_BYTE, 8, 8192, 1, 0), page),
		MACH_SEND_INVALID_MEMORY);
	CHECK_EQ(MACH_SEND_INVALID_MEMORY, 0x1000000C);
	/* Nothing was queued, nothing was taken. */
	CHECK_EQ(ipc_status(p).mps_msgcount, 0);
	CHECK_EQ(ipc_refs(r, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, page, 4096), KERN_SUCCESS);
	printf("ipc-errors: MACH_SEND_INVALID_TYPE / _RIGHT / _MEMORY ok\n");
}

/* A failed send, late in the body, leaves every right as it was. */
static void failed_send_keeps_rights(void)
{
	mach_port_t dest = ipc_new_port_send(), a = ipc_new_port_send();
	mach_port_t b = ipc_new_port(), c = ipc_new_port(), d = ipc_new_port();
	mach_port_t so = ipc_make_send_once(d), reply = ipc_new_port();
	ipc_buf_t m;
	struct ipc_builder bl;
	size_t last_type, last_slot;

	EXPECT(mach_port_mod_refs(self, a, MACH_PORT_RIGHT_SEND, 2),
	       KERN_SUCCESS); /* a: 3 send refs */
	ipc_b_init(&bl, &m, dest, MACH_MSG_TYPE_MOVE_SEND, 0);
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			   MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.head.msgh_local_port = reply;
	ipc_b_type(&bl, ipc_inline(MACH_MSG_TYPE_MOVE_SEND, IPC_PORT_BITS, 2));
	ipc_b_slot(&bl, a);
	ipc_b_slot(&bl, a);
	ipc_b_type(&bl,
		   ipc_inline(MACH_MSG_TYPE_MOVE_RECEIVE, IPC_PORT_BITS, 1));
	ipc_b_slot(&bl, b);
	ipc_b_type(&bl, ipc_inline(MACH_MSG_TYPE_MAKE_SEND, IPC_PORT_BITS, 1));
	ipc_b_slot(&bl, c);
	ipc_b_type(&bl,
		   ipc_inline(MACH_MSG_TYPE_MOVE_SEND_ONCE, IPC_PORT_BITS, 1));
	ipc_b_slot(&bl, so);
	/* Last: OOL with a bad pointer (a short descriptor, so that the
	 * other last items below fit in its place). */
	last_type = ipc_b_type(&bl, OOL_BYTES(64));
	last_slot = ipc_b_slot(&bl, 0x2000);
	CHECK_EQ(bl.off, MSG_WIRE(120, 68));
	EXPECT_MR(send_raw(&m, bl.off, 0, 0), MACH_SEND_INVALID_MEMORY);
	/* Same message with the last item made bad in type instead. */
	struct msg_item bad = COPY_SEND_ITEM(WRONG_PORT_BITS);
	msg_put_type(m.bytes + last_type, &bad);
	msg_put_slot(m.bytes + last_slot, a);
	EXPECT_MR(send_raw(&m, bl.off, 0, 0), MACH_SEND_INVALID_TYPE);
	/* And with a bad right last. */
	struct msg_item good = COPY_SEND_ITEM(IPC_PORT_BITS);
	msg_put_type(m.bytes + last_type, &good);
	msg_put_slot(m.bytes + last_slot, 0x6666);
	EXPECT_MR(send_raw(&m, bl.off, 0, 0), MACH_SEND_INVALID_RIGHT);

	CHECK_EQ(ipc_refs(dest, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_refs(a, MACH_PORT_RIGHT_SEND), 3);
	CHECK_EQ(ipc_type(b), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(ipc_refs(b, MACH_PORT_RIGHT_RECEIVE), 1);
	CHECK_EQ(ipc_status(c).mps_mscount, 0);
	CHECK_EQ(ipc_type(c), MACH_PORT_TYPE_RECEIVE);
	CHECK_EQ(ipc_type(so), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(ipc_status(d).mps_sorights, 1);
	CHECK_EQ(ipc_status(reply).mps_sorights, 0);
	CHECK_EQ(ipc_status(dest).mps_msgcount, 0);
	CHECK_EQ(ipc_status(dest).mps_mscount, 1);
	ipc_check_empty(d); /* no send-once notification either */
	ipc_check_empty(reply);

	/* The same message with a good last item goes through. */
	msg_put_slot(m.bytes + last_slot, a);
	EXPECT_MR(send_raw(&m, bl.off, 0, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_refs(dest, MACH_PORT_RIGHT_SEND), 0);
	CHECK_EQ(ipc_refs(a, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_type(b), 0);
	CHECK_EQ(ipc_type(so), 0);
	CHECK_EQ(ipc_status(reply).mps_sorights, 1);
	CHECK_EQ(ipc_status(dest).mps_msgcount, 1);
	printf("ipc-errors: failed sends leave the sender's rights ok\n");
}

static void receive_errors(void)
{
	mach_port_t p = ipc_new_port_send(), r = ipc_new_port(), set;
	ipc_buf_t buf;
	ipc_int_msg_t m;

	/* MACH_RCV_INVALID_NAME: no such name, null, a send-only name. */
	EXPECT_MR(ipc_receive(&buf, 0x4321, 0), MACH_RCV_INVALID_NAME);
	EXPECT_MR(ipc_receive(&buf, MACH_PORT_NULL, 0), MACH_RCV_INVALID_NAME);
	mach_port_t so = ipc_make_send_once(r);
	EXPECT_MR(ipc_receive(&buf, so, 0), MACH_RCV_INVALID_NAME);
	EXPECT(mach_port_deallocate(self, so), KERN_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, r, 0), MACH_MSG_SUCCESS); /* send-once n. */
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(MACH_RCV_INVALID_NAME, 0x10004002);

	/* MACH_RCV_IN_SET. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_move_member(self, p, set), KERN_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_RCV_IN_SET);
	CHECK_EQ(MACH_RCV_IN_SET, 0x1000400A);
	EXPECT(mach_port_move_member(self, p, MACH_PORT_NULL), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_RCV_TIMED_OUT);
	CHECK_EQ(MACH_RCV_TIMED_OUT, 0x10004003);

	/* An unwritable receive buffer: MACH_RCV_INVALID_DATA. */
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 59, 5, 0, 0),
		  MACH_MSG_SUCCESS);
	EXPECT_MR(mach_msg_trap((mach_msg_header_t *)0x10, MACH_RCV_MSG, 0, 64,
				p, 0, MACH_PORT_NULL),
		  MACH_RCV_INVALID_DATA);
	CHECK_EQ(MACH_RCV_INVALID_DATA, 0x10004008);
	CHECK_EQ(ipc_status(p).mps_msgcount, 0);
	EXPECT(mach_port_set_seqno(self, p, 0), KERN_SUCCESS);

	/* MACH_RCV_TOO_LARGE with MACH_RCV_LARGE: the size is reported and
	 * the message stays queued, reply right included. */
	ipc_int_msg(&m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    p, r, 60, 6);
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_MSG_SUCCESS);
	memset(&buf, 0xEE, sizeof(buf));
	EXPECT_MR(
		mach_msg_trap(&buf.head,
			      MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT,
			      0, sizeof(m) - 8, p, 0, MACH_PORT_NULL),
		MACH_RCV_TOO_LARGE);
	CHECK_EQ(MACH_RCV_TOO_LARGE, 0x10004004);
	CHECK_EQ(buf.head.msgh_size, sizeof(m));
	CHECK_EQ(buf.bytes[sizeof(m) - 8], 0xEE);
	CHECK_EQ(ipc_status(p).mps_msgcount, 1);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 60);
	CHECK_EQ(buf.head.msgh_seqno, 0);
	CHECK_EQ(MACH_MSGH_BITS_REMOTE(buf.head.msgh_bits),
		 MACH_MSG_TYPE_PORT_SEND_ONCE);
	EXPECT(mach_port_deallocate(self, buf.head.msgh_remote_port),
	       KERN_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, r, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);

	/* The same through a port set. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_move_member(self, p, set), KERN_SUCCESS);
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_MSG_SUCCESS);
	EXPECT_MR(
		mach_msg_trap(&buf.head,
			      MACH_RCV_MSG | MACH_RCV_LARGE | MACH_RCV_TIMEOUT,
			      0, sizeof(m) - 8, set, 0, MACH_PORT_NULL),
		MACH_RCV_TOO_LARGE);
	CHECK_EQ(buf.head.msgh_size, sizeof(m));
	EXPECT_MR(ipc_receive(&buf, set, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_seqno, 1);
	CHECK_EQ(buf.head.msgh_local_port, p);
	EXPECT(mach_port_deallocate(self, buf.head.msgh_remote_port),
	       KERN_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, r, 0), MACH_MSG_SUCCESS);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT(mach_port_set_seqno(self, p, 1), KERN_SUCCESS);

	/* Without MACH_RCV_LARGE: the message is dequeued and destroyed,
	 * only its header written (reply right destroyed: remote 0). */
	EXPECT_MR(send_raw(&m, sizeof(m), 0, 0), MACH_MSG_SUCCESS);
	memset(&buf, 0xEE, sizeof(buf));
	EXPECT_MR(mach_msg_trap(&buf.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				sizeof(m) - 8, p, 0, MACH_PORT_NULL),
		  MACH_RCV_TOO_LARGE);
	CHECK_EQ(buf.head.msgh_remote_port, MACH_PORT_NULL);
	CHECK_EQ(buf.head.msgh_id, 60);
	CHECK_EQ(buf.bytes[IPC_BODY], 0xEE);
	CHECK_EQ(ipc_status(p).mps_msgcount, 0);
	CHECK_EQ(ipc_status(p).mps_seqno, 2);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_RCV_TIMED_OUT);
	/* The destroyed reply right told the reply port (the notification
	 * travels through that right). */
	CHECK_EQ(ipc_status(r).mps_msgcount, 1);
	EXPECT_MR(ipc_receive(&buf, r, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(ipc_status(r).mps_sorights, 0);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	printf("ipc-errors: MACH_RCV_INVALID_NAME / _IN_SET / _TOO_LARGE "
	       "ok\n");
}

static void send_timeout(void)
{
	mach_port_t p = ipc_new_port_send(), notify = ipc_new_port();
	ipc_int_msg_t m;

	for (unsigned int n = 0; n < MACH_PORT_QLIMIT_DEFAULT; n++)
		EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, n, n, 0, 0),
			  MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_msgcount, MACH_PORT_QLIMIT_DEFAULT);
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 9, 9,
			       MACH_SEND_TIMEOUT, 0),
		  MACH_SEND_TIMED_OUT);
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 9, 9,
			       MACH_SEND_TIMEOUT, 20),
		  MACH_SEND_TIMED_OUT);
	CHECK_EQ(MACH_SEND_TIMED_OUT, 0x10000004);
	/* The timed-out send kept its reply right. */
	ipc_int_msg(&m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    p, notify, 9, 9);
	EXPECT_MR(send_raw(&m, sizeof(m), MACH_SEND_TIMEOUT, 0),
		  MACH_SEND_TIMED_OUT);
	CHECK_EQ(ipc_status(notify).mps_sorights, 0);
	ipc_check_empty(notify);
	/* MACH_SEND_NOTIFY with no notify port on a full queue. */
	EXPECT_MR(send_raw(&m, sizeof(m), MACH_SEND_NOTIFY, 0),
		  MACH_SEND_INVALID_NOTIFY);
	CHECK_EQ(ipc_status(p).mps_msgcount, MACH_PORT_QLIMIT_DEFAULT);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 1);
	/* Sends through send-once rights never block. */
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_MAKE_SEND_ONCE, 10, 10,
			       MACH_SEND_TIMEOUT, 0),
		  MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_msgcount, MACH_PORT_QLIMIT_DEFAULT + 1);
	/* qlimit bounds. */
	EXPECT(mach_port_set_qlimit(self, p, MACH_PORT_QLIMIT_MAX + 1),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_set_qlimit(self, p, MACH_PORT_QLIMIT_MAX),
	       KERN_SUCCESS);
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 11, 11,
			       MACH_SEND_TIMEOUT, 0),
		  MACH_MSG_SUCCESS);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, notify), KERN_SUCCESS);
	printf("ipc-errors: MACH_SEND_TIMED_OUT ok\n");
}

int main(int argc, char **argv, char **envp)
{
	self = mach_task_self();
	invalid_dest();
	sizes_and_header();
	types_and_memory();
	failed_send_keeps_rights();
	receive_errors();
	send_timeout();
	TEST_SUCCESS();
}
