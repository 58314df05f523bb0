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
	EXPECT_MR(send_raw(m, 28, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, 36, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, 44, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	EXPECT_MR(send_raw(m, 0, 0, 0), MACH_SEND_MSG_TOO_SMALL);
	CHECK_EQ(MACH_SEND_MSG_TOO_SMALL, 0x10000008);
	/* The message buffer itself unreadable. */
	EXPECT_MR(send_raw((void *)0x10, 48, 0, 0), MACH_SEND_INVALID_DATA);

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

/* A complex message to p with one descriptor word0/number and one slot. */
static mach_msg_return_t send_item(mach_port_t p, uint32_t word0,
				   uint32_t number, uint64_t slot)
{
	uint64_t m[6] = {0};
	mach_msg_header_t *h = (mach_msg_header_t *)m;

	h->msgh_bits = MACH_MSGH_BITS_COMPLEX |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	h->msgh_remote_port = p;
	h->msgh_id = 5;
	m[4] = word0 | ((uint64_t)number << 32);
	m[5] = slot;
	return send_raw(m, 48, 0, 0);
}

static void types_and_memory(void)
{
	mach_port_t p = ipc_new_port_send(), r = ipc_new_port_send();
	uint64_t page = 0;

	/* One page mapped, the next one not. */
	EXPECT(vm_allocate(self, (vm_address_t *)&page, 8192, TRUE),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, page + 4096, 4096), KERN_SUCCESS);
	/* Baselines: both items are fine as they are. */
	EXPECT_MR(send_item(p, 0x20004013, 1, r), MACH_MSG_SUCCESS);
	EXPECT_MR(send_item(p, 0x40000809, 64, page), MACH_MSG_SUCCESS);
	/* The copied right is in the kernel's message, not in our space. */
	CHECK_EQ(ipc_refs(r, MACH_PORT_RIGHT_SEND), 1);
	CHECK_EQ(ipc_status(p).mps_msgcount, 2);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS); /* drops both */
	CHECK_EQ(ipc_refs(r, MACH_PORT_RIGHT_SEND), 1);
	p = ipc_new_port_send();

	/* Inline port with msgt_size 32. */
	EXPECT_MR(send_item(p, 0x20002013, 1, r), MACH_SEND_INVALID_TYPE);
	CHECK_EQ(MACH_SEND_INVALID_TYPE, 0x1000000F);
	/* msgt_unused != 0 (bit 24, then bit 28). */
	EXPECT_MR(send_item(p, 0x21004013, 1, r), MACH_SEND_INVALID_TYPE);
	EXPECT_MR(send_item(p, 0x30002002, 1, 7), MACH_SEND_INVALID_TYPE);
	/* msgt_deallocate on inline data. */
	EXPECT_MR(send_item(p, 0xA0002002, 1, 7), MACH_SEND_INVALID_TYPE);
	/* OOL port array with 64-bit elements. */
	EXPECT_MR(send_item(p, 0x40004013, 1, page), MACH_SEND_INVALID_TYPE);
	/* A port name that is not a right. */
	EXPECT_MR(send_item(p, 0x20004013, 1, 0x6666), MACH_SEND_INVALID_RIGHT);
	CHECK_EQ(MACH_SEND_INVALID_RIGHT, 0x1000000A);
	/* Bad OOL pointers: an unmapped page, the kernel half, a range running
	 * off the mapped page. */
	EXPECT_MR(send_item(p, 0x40000809, 64, page + 4096),
		  MACH_SEND_INVALID_MEMORY);
	EXPECT_MR(send_item(p, 0x40000809, 64, 0xffff800000000000ULL),
		  MACH_SEND_INVALID_MEMORY);
	EXPECT_MR(send_item(p, 0x40000809, 8192, page),
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
	uint64_t m[16] = {0};
	mach_msg_header_t *h = (mach_msg_header_t *)m;

	EXPECT(mach_port_mod_refs(self, a, MACH_PORT_RIGHT_SEND, 2),
	       KERN_SUCCESS); /* a: 3 send refs */
	h->msgh_bits = MACH_MSGH_BITS_COMPLEX |
		       MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND,
				      MACH_MSG_TYPE_MAKE_SEND_ONCE);
	h->msgh_remote_port = dest;
	h->msgh_local_port = reply;
	m[4] = 0x20004011 | (2ULL << 32); /* MOVE_SEND x2 */
	m[5] = a;
	m[6] = a;
	m[7] = 0x20004010 | (1ULL << 32); /* MOVE_RECEIVE */
	m[8] = b;
	m[9] = 0x20004014 | (1ULL << 32); /* MAKE_SEND */
	m[10] = c;
	m[11] = 0x20004012 | (1ULL << 32); /* MOVE_SEND_ONCE */
	m[12] = so;
	m[13] = 0x40000809 | (64ULL << 32); /* OOL, bad pointer */
	m[14] = 0x2000;
	EXPECT_MR(send_raw(m, 120, 0, 0), MACH_SEND_INVALID_MEMORY);
	/* Same message with the last item made bad in type instead. */
	m[13] = 0x20002013 | (1ULL << 32);
	m[14] = a;
	EXPECT_MR(send_raw(m, 120, 0, 0), MACH_SEND_INVALID_TYPE);
	/* And with a bad right last. */
	m[13] = 0x20004013 | (1ULL << 32);
	m[14] = 0x6666;
	EXPECT_MR(send_raw(m, 120, 0, 0), MACH_SEND_INVALID_RIGHT);

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
	m[14] = a;
	EXPECT_MR(send_raw(m, 120, 0, 0), MACH_MSG_SUCCESS);
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
			      0, 40, p, 0, MACH_PORT_NULL),
		MACH_RCV_TOO_LARGE);
	CHECK_EQ(MACH_RCV_TOO_LARGE, 0x10004004);
	CHECK_EQ(buf.head.msgh_size, 48);
	CHECK_EQ(buf.bytes[40], 0xEE);
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
			      0, 40, set, 0, MACH_PORT_NULL),
		MACH_RCV_TOO_LARGE);
	CHECK_EQ(buf.head.msgh_size, 48);
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
				40, p, 0, MACH_PORT_NULL),
		  MACH_RCV_TOO_LARGE);
	CHECK_EQ(buf.head.msgh_remote_port, MACH_PORT_NULL);
	CHECK_EQ(buf.head.msgh_id, 60);
	CHECK_EQ(buf.bytes[32], 0xEE);
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
