/*
 * tests/unit/ipc/test_ipc_notify.c - kernel-generated notifications, each
 * with its exact size, id and received bits (ABI sheet §6): dead-name
 * (on death and on an already dead name), no-senders with make-send
 * counts and sync, port-destroyed (the receive right comes back),
 * port-deleted, send-once, msg-accepted through MACH_SEND_NOTIFY.
 *
 * Every notification is sent through a send-once right, so it arrives
 * with bits MACH_MSGH_BITS(0, PORT_SEND_ONCE) = 0x1200 (plus COMPLEX for
 * port-destroyed), no reply right, and the receive right's name.
 */
#include <kern/lock.h>
#include <mach/notify.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <modules/mach3/mach_port.h>
#include "ipc_test.h"

#define NOTIFY_BITS 0x1200u
#define DESC_PORT_NAME 0x2000200Fu
#define DESC_INT32 0x20002002u
#define DESC_RECEIVE 0x20004010u

/* The first descriptor word and number of the received notification. */
static void check_desc(uint32_t word0)
{
	uint32_t *d = (uint32_t *)(umsg() + 1);

	ck_assert_uint_eq(d[0], word0);
	ck_assert_uint_eq(d[1], 1);
}

/* Ask for notification id on name in space, sent to receive right nr of
 * notify_space; the previous request must be prev_expected. */
static void request(struct ipc_space *space, mach_port_name_t name,
		    mach_msg_id_t id, mach_port_mscount_t sync,
		    struct ipc_space *notify_space, mach_port_name_t nr)
{
	struct port *prev = (struct port *)1;
	struct port *so = test_make_send_once(notify_space, nr);

	ck_assert_int_eq(mach_port_request_notification(space, name, id, sync,
							so, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_null(prev);
}

START_TEST(dead_name_on_death)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nb = test_port(b), s;

	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	request(b, s, MACH_NOTIFY_DEAD_NAME, 0, b, nb);
	ck_assert_uint_eq(test_type(b, s),
			  MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	test_no_message(b, nb);
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	ck_assert_uint_eq(test_notification(b, nb, MACH_NOTIFY_DEAD_NAME, 48,
					    NOTIFY_BITS),
			  s);
	check_desc(DESC_PORT_NAME);
	/* The dead name holds one more uref, which the notification carries. */
	ck_assert_uint_eq(test_type(b, s), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_refs(b, s, MACH_PORT_RIGHT_DEAD_NAME), 2);
	test_no_message(b, nb);
}
END_TEST

START_TEST(dead_name_already_dead_and_previous)
{
	struct ipc_space *a = test_space();
	mach_port_name_t r = test_port(a), n1 = test_port(a),
			 n2 = test_port(a), d, s;
	struct port *prev;

	ck_assert_int_eq(mach_port_allocate(a, MACH_PORT_RIGHT_DEAD_NAME, &d),
			 KERN_SUCCESS);
	/* sync 0 on a dead name: refused; sync 1: at once. */
	prev = test_make_send_once(a, n1);
	ck_assert_int_eq(mach_port_request_notification(
				 a, d, MACH_NOTIFY_DEAD_NAME, 0, prev, &prev),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(mach_port_request_notification(
				 a, d, MACH_NOTIFY_DEAD_NAME, 1, prev, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_null(prev);
	ck_assert_uint_eq(test_notification(a, n1, MACH_NOTIFY_DEAD_NAME, 48,
					    NOTIFY_BITS),
			  d);
	ck_assert_uint_eq(test_refs(a, d, MACH_PORT_RIGHT_DEAD_NAME), 2);
	/* A second request returns the first; NULL cancels (no message). */
	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, a);
	request(a, s, MACH_NOTIFY_DEAD_NAME, 0, a, n1);
	struct port *so2 = test_make_send_once(a, n2);
	ck_assert_int_eq(mach_port_request_notification(
				 a, s, MACH_NOTIFY_DEAD_NAME, 0, so2, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(prev, test_port_of(a, n1));
	spl_t sp = splhigh();
	port_release_send_once(prev); /* a send-once notification to n1 */
	splx(sp);
	test_notification(a, n1, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	ck_assert_int_eq(mach_port_request_notification(
				 a, s, MACH_NOTIFY_DEAD_NAME, 0, NULL, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(prev, test_port_of(a, n2));
	sp = splhigh();
	port_release_send_once(prev);
	splx(sp);
	test_notification(a, n2, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	ck_assert_uint_eq(test_type(a, s), MACH_PORT_TYPE_SEND_ONCE);
	/* Requests on what is no right: the codes. */
	ck_assert_int_eq(mach_port_request_notification(
				 a, 77, MACH_NOTIFY_DEAD_NAME, 0, NULL, &prev),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_request_notification(
				 a, r, MACH_NOTIFY_SEND_ONCE, 0, NULL, &prev),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_request_notification(
				 a, s, MACH_NOTIFY_NO_SENDERS, 0, NULL, &prev),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_request_notification(
				 a, r, MACH_NOTIFY_PORT_DESTROYED, 1, NULL,
				 &prev),
			 KERN_INVALID_VALUE);
}
END_TEST

START_TEST(no_senders_mscount)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a), s;

	/* sync 0 <= make-send count 0 and no senders: at once. */
	request(a, r, MACH_NOTIFY_NO_SENDERS, 0, a, nr);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_NO_SENDERS, 48,
					    NOTIFY_BITS),
			  0);
	request(a, r, MACH_NOTIFY_NO_SENDERS, 1, a, nr);
	test_no_message(a, nr);
	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	ck_assert_uint_eq(test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b), s);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	test_no_message(a, nr); /* one uref left */
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_NO_SENDERS, 48,
					    NOTIFY_BITS),
			  2);
	check_desc(DESC_INT32);
	/* The request was used up. */
	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	test_no_message(a, nr);
	/* sync above the make-send count: wait for more send rights. */
	request(a, r, MACH_NOTIFY_NO_SENDERS, 4, a, nr);
	test_no_message(a, nr);
	struct port *prev;
	ck_assert_int_eq(mach_port_request_notification(
				 a, r, MACH_NOTIFY_NO_SENDERS, 0, NULL, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(prev);
	spl_t sp = splhigh();
	port_release_send_once(prev);
	splx(sp);
	test_notification(a, nr, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	/* sync at or below it with no senders: at once, count 3. */
	request(a, r, MACH_NOTIFY_NO_SENDERS, 3, a, nr);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_NO_SENDERS, 48,
					    NOTIFY_BITS),
			  3);
	/* mach_port_set_mscount changes what is reported. */
	ck_assert_int_eq(mach_port_set_mscount(a, r, 40), KERN_SUCCESS);
	request(a, r, MACH_NOTIFY_NO_SENDERS, 0, a, nr);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_NO_SENDERS, 48,
					    NOTIFY_BITS),
			  40);
}
END_TEST

START_TEST(port_destroyed_returns_receive_right)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nb = test_port(b), s, back;

	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a);
	ck_assert_uint_eq(s, r);
	request(a, r, MACH_NOTIFY_PORT_DESTROYED, 0, b, nb);
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(a, r), 0);
	back = test_notification(b, nb, MACH_NOTIFY_PORT_DESTROYED, 48,
				 MACH_MSGH_BITS_COMPLEX | NOTIFY_BITS);
	check_desc(DESC_RECEIVE);
	ck_assert_uint_eq(((uint32_t *)umsg())[11], 0); /* slot upper half */
	ck_assert_uint_eq(test_type(b, back), MACH_PORT_TYPE_RECEIVE);
	/* The port lived on: a message to it still goes. */
	s = test_give(b, back, MACH_MSG_TYPE_MAKE_SEND, b);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, 9);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(b, back, UMSG_SIZE), MACH_MSG_SUCCESS);
	/* The request was used up: now it dies for real. */
	ck_assert_int_eq(mach_port_mod_refs(b, back, MACH_PORT_RIGHT_RECEIVE,
					    -1),
			 KERN_SUCCESS);
	test_no_message(b, nb);
}
END_TEST

START_TEST(port_deleted_on_last_right)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nb = test_port(b), s, so;

	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	ck_assert_int_eq(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_SEND, 1),
			 KERN_SUCCESS);
	request(b, s, MACH_NOTIFY_DEAD_NAME, 0, b, nb);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	test_no_message(b, nb);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	ck_assert_uint_eq(test_notification(b, nb, MACH_NOTIFY_PORT_DELETED, 48,
					    NOTIFY_BITS),
			  s);
	check_desc(DESC_PORT_NAME);
	/* A send-once right with a request, moved away in a message. */
	so = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	request(b, so, MACH_NOTIFY_DEAD_NAME, 0, b, nb);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 5);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_notification(b, nb, MACH_NOTIFY_PORT_DELETED, 48,
					    NOTIFY_BITS),
			  so);
	ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 5);
}
END_TEST

START_TEST(send_once_notification)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), so;

	so = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	ck_assert_int_eq(mach_port_deallocate(b, so), KERN_SUCCESS);
	test_notification(a, r, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	/* Also when the space holding it dies. */
	so = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, b);
	test_space_destroy(b);
	test_notification(a, r, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	/* And when a message carrying it in its body is destroyed. */
	mach_port_name_t r2 = test_port(a);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r2, 0, 1);
	mach_msg_size_t size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					    r);
	ck_assert_int_eq(msg_send(a, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(a, r2), KERN_SUCCESS);
	test_notification(a, r, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	test_no_message(a, r);
}
END_TEST

START_TEST(msg_accepted_send_notify)
{
	struct ipc_space *a = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a);

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_send(a, 32), MACH_MSG_SUCCESS);
	/* Full: queued anyway, the sender will hear when it is taken. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 2);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, nr),
			 MACH_SEND_WILL_NOTIFY);
	/* With a timeout too: after it. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 3);
	ck_assert_int_eq(msg_send_opt(a, 32,
				      MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 10,
				      nr),
			 MACH_SEND_WILL_NOTIFY);
	/* notify must be a receive right. */
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, 99),
			 MACH_SEND_INVALID_NOTIFY);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
	test_no_message(a, nr);
	ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 2);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_MSG_ACCEPTED, 48,
					    NOTIFY_BITS),
			  r);
	check_desc(DESC_PORT_NAME);
	ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 3);
	test_notification(a, nr, MACH_NOTIFY_MSG_ACCEPTED, 48, NOTIFY_BITS);
	/* A message destroyed unreceived sends a send-once notification
	 * instead (its request right dies unused). */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_send(a, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, nr),
			 MACH_SEND_WILL_NOTIFY);
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	test_notification(a, nr, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	test_no_message(a, nr);
}
END_TEST

static Suite *ipc_notify_suite(void)
{
	Suite *s = suite_create("ipc_notify");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, dead_name_on_death);
	tcase_add_test(tc, dead_name_already_dead_and_previous);
	tcase_add_test(tc, no_senders_mscount);
	tcase_add_test(tc, port_destroyed_returns_receive_right);
	tcase_add_test(tc, port_deleted_on_last_right);
	tcase_add_test(tc, send_once_notification);
	tcase_add_test(tc, msg_accepted_send_notify);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_notify_suite());
}
