/*
 * tests/unit/ipc/test_ipc_rights.c - every disposition against every
 * right state of a name, as the destination, the reply and a body item,
 * with the exact error codes; a failed send leaves the name as it was.
 * Then bad input: inconsistent and truncated descriptors, bad OOL
 * pointers and sizes, bad receive buffers; urefs saturation on receive;
 * name reuse after growth.
 */
#include <base/lock.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

enum state { NONE, RECV, SEND, SEND_RECV, SEND_ONCE, DEAD, PSET, NSTATES };
static const char *state_names[] = {"none",	 "receive",   "send",
				    "send+recv", "send-once", "dead",
				    "port-set"};

#define OK MACH_MSG_SUCCESS
#define IR MACH_SEND_INVALID_RIGHT
#define ID MACH_SEND_INVALID_DEST
#define IP MACH_SEND_INVALID_REPLY
#define IH MACH_SEND_INVALID_HEADER

/* Columns: MOVE_RECEIVE, MOVE_SEND, MOVE_SEND_ONCE, COPY_SEND, MAKE_SEND,
 * MAKE_SEND_ONCE (16..21). */
static const mach_msg_return_t body_expect[NSTATES][6] = {
	[NONE] = {IR, IR, IR, IR, IR, IR},
	[RECV] = {OK, IR, IR, IR, OK, OK},
	[SEND] = {IR, OK, IR, OK, IR, IR},
	[SEND_RECV] = {OK, OK, IR, OK, OK, OK},
	[SEND_ONCE] = {IR, IR, OK, IR, IR, IR},
	[DEAD] = {IR, OK, OK, OK, IR, IR},
	[PSET] = {IR, IR, IR, IR, IR, IR},
};
static const mach_msg_return_t dest_expect[NSTATES][6] = {
	[NONE] = {IH, ID, ID, ID, ID, ID},
	[RECV] = {IH, ID, ID, ID, OK, OK},
	[SEND] = {IH, OK, ID, OK, ID, ID},
	[SEND_RECV] = {IH, OK, ID, OK, OK, OK},
	[SEND_ONCE] = {IH, ID, OK, ID, ID, ID},
	[DEAD] = {IH, ID, ID, ID, ID, ID},
	[PSET] = {IH, ID, ID, ID, ID, ID},
};
static const mach_msg_return_t reply_expect[NSTATES][6] = {
	[NONE] = {IH, IP, IP, IP, IP, IP},
	[RECV] = {IH, IP, IP, IP, OK, OK},
	[SEND] = {IH, OK, IP, OK, IP, IP},
	[SEND_RECV] = {IH, OK, IP, OK, OK, OK},
	[SEND_ONCE] = {IH, IP, OK, IP, IP, IP},
	[DEAD] = {IH, OK, OK, OK, IP, IP},
	[PSET] = {IH, IP, IP, IP, IP, IP},
};

/* A name of state st in sp; other holds the receive rights of the ports
 * sp only has send rights to. */
static mach_port_name_t make_state(struct ipc_space *sp,
				   struct ipc_space *other, enum state st)
{
	mach_port_name_t n;

	switch (st) {
	case NONE:
		return 50;
	case RECV:
		return test_port(sp);
	case SEND:
		return test_give(other, test_port(other),
				 MACH_MSG_TYPE_MAKE_SEND, sp);
	case SEND_RECV:
		n = test_port(sp);
		return test_give(sp, n, MACH_MSG_TYPE_MAKE_SEND, sp);
	case SEND_ONCE:
		return test_give(other, test_port(other),
				 MACH_MSG_TYPE_MAKE_SEND_ONCE, sp);
	case DEAD:
		ck_assert_int_eq(
			mach_port_allocate(sp, MACH_PORT_RIGHT_DEAD_NAME, &n),
			KERN_SUCCESS);
		return n;
	default:
		ck_assert_int_eq(
			mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &n),
			KERN_SUCCESS);
		return n;
	}
}

enum where { AS_DEST, AS_REPLY, AS_BODY };

/* Send one message using name with disposition disp at position w. */
static mach_msg_return_t send_with(struct ipc_space *sp, mach_port_name_t dst,
				   mach_port_name_t name,
				   mach_msg_type_name_t disp, enum where w)
{
	switch (w) {
	case AS_DEST:
		msg_header(MACH_MSGH_BITS(disp, 0), name, 0, 1);
		return msg_send(sp, 32);
	case AS_REPLY:
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, disp), dst,
			   name, 1);
		return msg_send(sp, 32);
	default:
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), dst, 0,
			   1);
		return msg_send(sp, msg_add_port(32, disp, name));
	}
}

static void one_case(enum state st, mach_msg_type_name_t disp, enum where w,
		     mach_msg_return_t want)
{
	struct ipc_space *sp = test_space(), *other = test_space();
	mach_port_name_t dst = test_port(sp);
	mach_port_name_t name = make_state(sp, other, st);
	mach_port_type_t type = test_type(sp, name);
	mach_port_urefs_t refs = test_refs(sp, name, MACH_PORT_RIGHT_SEND) +
				 test_refs(sp, name, MACH_PORT_RIGHT_DEAD_NAME);
	mach_msg_return_t mr = send_with(sp, dst, name, disp, w);

	ck_assert_msg(mr == want, "%s, disposition %u, position %d: 0x%x",
		      state_names[st], disp, w, mr);
	if (mr != MACH_MSG_SUCCESS) {
		ck_assert_uint_eq(test_type(sp, name), type);
		ck_assert_uint_eq(
			test_refs(sp, name, MACH_PORT_RIGHT_SEND) +
				test_refs(sp, name, MACH_PORT_RIGHT_DEAD_NAME),
			refs);
	}
	test_space_destroy(other);
	test_space_destroy(sp);
}

START_TEST(disposition_table)
{
	for (enum state st = NONE; st < NSTATES; st++)
		for (unsigned int d = 0; d < 6; d++) {
			mach_msg_type_name_t disp =
				MACH_MSG_TYPE_MOVE_RECEIVE + d;
			one_case(st, disp, AS_DEST, dest_expect[st][d]);
			one_case(st, disp, AS_REPLY, reply_expect[st][d]);
			one_case(st, disp, AS_BODY, body_expect[st][d]);
		}
}
END_TEST

/* What arrives for a body right of each carried kind, and the sender's
 * name afterwards. */
START_TEST(disposition_effects)
{
	struct ipc_space *sp = test_space(), *rcv = test_space();
	mach_port_name_t r = test_port(rcv), dst, x, d;
	mach_msg_size_t size;

	dst = test_give(rcv, r, MACH_MSG_TYPE_MAKE_SEND, sp);
	x = test_port(sp);
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_DEAD_NAME, &d),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME, 1),
		KERN_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), dst, 0, 1);
	size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, x);
	size = msg_add_port(size, MACH_MSG_TYPE_MAKE_SEND_ONCE, x);
	size = msg_add_port(size, MACH_MSG_TYPE_COPY_SEND, d);
	size = msg_add_port(size, MACH_MSG_TYPE_MOVE_SEND, d);
	size = msg_add_port(size, MACH_MSG_TYPE_COPY_SEND, MACH_PORT_NULL);
	size = msg_add_port(size, MACH_MSG_TYPE_MOVE_RECEIVE, x);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(sp, x), 0);
	ck_assert_uint_eq(test_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME), 1);
	ck_assert_int_eq(msg_receive(rcv, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	uint32_t *w = (uint32_t *)(umsg() + 1);
	ck_assert_uint_eq(w[0], 0x20004011);
	ck_assert_uint_eq(w[4], 0x20004012);
	ck_assert_uint_eq(w[8], 0x20004011);
	ck_assert_uint_eq(w[10], MACH_PORT_DEAD);
	ck_assert_uint_eq(w[14], MACH_PORT_DEAD);
	ck_assert_uint_eq(w[18], MACH_PORT_NULL);
	ck_assert_uint_eq(w[20], 0x20004010);
	/* Send and receive of one port share a name; send-once its own. */
	ck_assert_uint_eq(w[2], w[22]);
	ck_assert_uint_ne(w[6], w[2]);
	ck_assert_uint_eq(test_type(rcv, w[2]), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(test_type(rcv, w[6]), MACH_PORT_TYPE_SEND_ONCE);
}
END_TEST

START_TEST(bad_descriptors_and_memory)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp);
	mach_msg_type_t *t = (mach_msg_type_t *)(umsg() + 1);
	mach_msg_size_t size;

	/* Inline port with size 32; OOL port array with size 64. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, r);
	t->msgt_size = 32;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_TYPE);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_MAKE_SEND, 64, 1, UADDR(0x8000),
			   false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_TYPE);
	/* Two inline ports claimed, one slot present. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, r);
	t->msgt_number = 2;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_MSG_TOO_SMALL);
	/* A huge number must not wrap the size check. */
	t->msgt_number = 0xFFFFFFFF;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_MSG_TOO_SMALL);
	/* A descriptor cut in half. */
	ck_assert_int_eq(msg_send(sp, 40), MACH_SEND_MSG_TOO_SMALL);
	/* Bad OOL pointers: unmapped, wrapping, a name array unmapped. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 16, 0x1000, false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_MEMORY);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 0x100, UINT64_MAX - 0x10,
			   false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_MEMORY);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_MOVE_SEND, 32, 4, 0x2000, false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_MEMORY);
	/* The first region fine, the second bad: nothing kept. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 64, UADDR(0x8000), false);
	size = msg_add_ool(size, MACH_MSG_TYPE_BYTE, 8, 64, 0x3000, false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_MEMORY);
	/* An OOL name array naming a right the sender lacks. */
	((uint32_t *)uptr(UADDR(0xA000)))[0] = 77;
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_COPY_SEND, 32, 1, UADDR(0xA000),
			   false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_RIGHT);
	/* Bad receive buffer: the message is lost, never leaked. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   r, r, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ipc_mach_msg(sp, 0x10, MACH_RCV_MSG | MACH_RCV_TIMEOUT,
				      0, 64, r, 0, 0),
			 MACH_RCV_INVALID_DATA);
	/* Receive on what is not a receive right. */
	ck_assert_int_eq(msg_receive(sp, 0, UMSG_SIZE), MACH_RCV_INVALID_NAME);
	ck_assert_int_eq(msg_receive(sp, MACH_PORT_DEAD, UMSG_SIZE),
			 MACH_RCV_INVALID_NAME);
	mach_port_name_t so =
		test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, sp);
	ck_assert_int_eq(msg_receive(sp, so, UMSG_SIZE), MACH_RCV_INVALID_NAME);
	mach_port_status_t st;
	ck_assert_int_eq(mach_port_get_receive_status(sp, r, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_msgcount, 0);
}
END_TEST

START_TEST(receive_urefs_saturate)
{
	struct ipc_space *sp = test_space(), *b = test_space();
	mach_port_name_t r = test_port(sp), rb = test_port(b), s, sb;

	s = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, b);
	ck_assert_int_eq(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND, 65534),
			 KERN_SUCCESS);
	/* Another send right arrives: the urefs stay at the maximum. */
	sb = test_give(b, rb, MACH_MSG_TYPE_MAKE_SEND, sp);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), sb, 0, 1);
	ck_assert_int_eq(
		msg_send(sp, msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, r)),
		MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(b, rb, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(((uint32_t *)umsg())[10], s);
	ck_assert_uint_eq(test_refs(b, s, MACH_PORT_RIGHT_SEND), 65535);
	ck_assert_uint_eq(test_port_of(sp, r)->srights, 1);
	/* Taking urefs back one at a time frees the name at zero. */
	ck_assert_int_eq(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND, -65535),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(b, s), 0);
	ck_assert_uint_eq(test_port_of(sp, r)->srights, 0);
}
END_TEST

START_TEST(growth_keeps_reverse_map)
{
	struct ipc_space *sp = test_space(), *other = test_space();
	enum { N = 300 };
	mach_port_name_t recv[N];

	/* Send rights to N ports of another space, across several table
	 * doublings; each comes back to its name. */
	for (int i = 0; i < N; i++) {
		recv[i] = test_port(other);
		ck_assert_uint_eq(
			test_give(other, recv[i], MACH_MSG_TYPE_MAKE_SEND, sp),
			(mach_port_name_t)i + 1);
	}
	for (int i = 0; i < N; i++)
		ck_assert_uint_eq(
			test_give(other, recv[i], MACH_MSG_TYPE_MAKE_SEND, sp),
			(mach_port_name_t)i + 1);
	for (int i = 0; i < N; i += 3)
		ck_assert_int_eq(mach_port_destroy(sp, i + 1), KERN_SUCCESS);
	/* Freed names are reused lowest first. */
	for (int i = 0; i < N; i += 3)
		ck_assert_uint_eq(test_port(sp), (mach_port_name_t)i + 1);
	ck_assert_uint_eq(test_port(sp), N + 1);
}
END_TEST

static Suite *ipc_rights_suite(void)
{
	Suite *s = suite_create("ipc_rights");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, disposition_table);
	tcase_add_test(tc, disposition_effects);
	tcase_add_test(tc, bad_descriptors_and_memory);
	tcase_add_test(tc, receive_urefs_saturate);
	tcase_add_test(tc, growth_keeps_reverse_map);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_rights_suite());
}
