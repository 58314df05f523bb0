/*
 * tests/unit/ipc/test_ipc_notify.c - kernel-generated notifications, each
 * with its exact size, id and received bits (ABI sheet §6): dead-name
 * (on death and on an already dead name), no-senders with make-send
 * counts and sync, port-destroyed (the receive right comes back),
 * port-deleted, send-once, msg-accepted through MACH_SEND_NOTIFY.
 * Then the options built on them: MACH_RCV_NOTIFY, MACH_SEND_CANCEL; and
 * the circular check (a receive right sent into its own transit chain
 * must not leak); and a notification for which memory is short. Last,
 * the short ways of mach_reply_port and of destroying a lone receive
 * right, and that a right that is not alone still dies the general way.
 *
 * Every notification is sent through a send-once right, so it arrives
 * with bits MACH_MSGH_BITS(0, PORT_SEND_ONCE) = 0x1200 (plus COMPLEX for
 * port-destroyed), no reply right, and the receive right's name.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <mach/notify.h>
#include <ipc/ipc_kernel.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/right.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

#define NOTIFY_BITS    0x1200u
#define DESC_PORT_NAME 0x2000200Fu
#define DESC_INT32     0x20002002u
#define DESC_RECEIVE   0x20004010u

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
	mach_port_name_t r = test_port(a), n1 = test_port(a), n2 = test_port(a),
			 d, s;
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
	ipc_port_release_send_once(prev); /* a send-once notification to n1 */
	splx(sp);
	test_notification(a, n1, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	ck_assert_int_eq(mach_port_request_notification(
				 a, s, MACH_NOTIFY_DEAD_NAME, 0, NULL, &prev),
			 KERN_SUCCESS);
	ck_assert_ptr_eq(prev, test_port_of(a, n2));
	sp = splhigh();
	ipc_port_release_send_once(prev);
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
	ck_assert_int_eq(
		mach_port_request_notification(a, r, MACH_NOTIFY_PORT_DESTROYED,
					       1, NULL, &prev),
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
	ipc_port_release_send_once(prev);
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
	ck_assert_int_eq(
		mach_port_mod_refs(b, back, MACH_PORT_RIGHT_RECEIVE, -1),
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
	mach_msg_size_t size =
		msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND_ONCE, r);
	ck_assert_int_eq(msg_send(a, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(a, r2), KERN_SUCCESS);
	test_notification(a, r, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	test_no_message(a, r);
}
END_TEST

START_TEST(msg_accepted_send_notify)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a), nb = test_port(b);

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_send(a, 32), MACH_MSG_SUCCESS);
	/* Full: queued anyway, the sender will hear when it is taken. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 2);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, nr),
			 MACH_SEND_WILL_NOTIFY);
	/* With a timeout too: after it (another sender: a's request is
	 * still pending). */
	mach_port_name_t sb = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sb, 0, 3);
	ck_assert_int_eq(msg_send_opt(b, 32,
				      MACH_SEND_NOTIFY | MACH_SEND_TIMEOUT, 10,
				      nb),
			 MACH_SEND_WILL_NOTIFY);
	/* notify must be a receive right (checked after the pending
	 * request: a's send fails for that first). */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 4);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, 99),
			 MACH_SEND_NOTIFY_IN_PROGRESS);
	struct ipc_space *c = test_space();
	mach_port_name_t sc = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, c);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sc, 0, 4);
	ck_assert_int_eq(msg_send_opt(c, 32, MACH_SEND_NOTIFY, 0, 99),
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
	ck_assert_uint_eq(test_notification(b, nb, MACH_NOTIFY_MSG_ACCEPTED, 48,
					    NOTIFY_BITS),
			  sb);
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

/* Send n messages to r (receive right in a) without blocking. */
static void fill_queue(struct ipc_space *a, mach_port_name_t r, int n)
{
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(msg_send(a, 32), MACH_MSG_SUCCESS);
}

/* Send id through b's send right s to a full port with MACH_SEND_NOTIFY
 * (plus extra options), notify nb; expect mr. */
static void notify_send(struct ipc_space *b, mach_port_name_t s,
			mach_msg_id_t id, mach_msg_option_t extra,
			mach_port_name_t nb, mach_msg_return_t mr)
{
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, id);
	ck_assert_int_eq(msg_send_opt(b, 32, MACH_SEND_NOTIFY | extra,
				      extra ? 10 : 0, nb),
			 mr);
}

/*
 * MACH_SEND_NOTIFY_IN_PROGRESS: one msg-accepted request per (sender
 * space, destination port) at a time. While it is pending, another
 * MACH_SEND_NOTIFY send by the same space on a full queue fails, whatever
 * notify port it names, and changes nothing; another space may still
 * make its own. Once the notification is sent (or the message destroyed)
 * the space may ask again.
 */
START_TEST(msg_accepted_in_progress)
{
	struct ipc_space *a = test_space(), *b = test_space(),
			 *c = test_space();
	mach_port_name_t r = test_port(a), nb = test_port(b),
			 nb2 = test_port(b), nc = test_port(c), sb, sc;
	struct port *port = test_port_of(a, r);

	sb = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	sc = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, c);
	fill_queue(a, r, 5);
	notify_send(b, sb, 2, 0, nb, MACH_SEND_WILL_NOTIFY);
	notify_send(b, sb, 3, 0, nb, MACH_SEND_NOTIFY_IN_PROGRESS);
	notify_send(b, sb, 3, 0, nb2, MACH_SEND_NOTIFY_IN_PROGRESS);
	notify_send(b, sb, 3, MACH_SEND_TIMEOUT, nb,
		    MACH_SEND_NOTIFY_IN_PROGRESS);
	ck_assert_uint_eq(port->msgcount, 6);
	ck_assert_uint_eq(test_refs(b, sb, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_uint_eq(test_port_of(b, nb)->sorights, 1);
	ck_assert_uint_eq(test_port_of(b, nb2)->sorights, 0);
	/* Another sender has its own request. */
	notify_send(c, sc, 4, 0, nc, MACH_SEND_WILL_NOTIFY);
	/* A plain send with MACH_SEND_TIMEOUT still just times out. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sb, 0, 5);
	ck_assert_int_eq(msg_send_opt(b, 32, MACH_SEND_TIMEOUT, 0, 0),
			 MACH_SEND_TIMED_OUT);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 2);
	ck_assert_uint_eq(test_notification(b, nb, MACH_NOTIFY_MSG_ACCEPTED, 48,
					    NOTIFY_BITS),
			  sb);
	test_no_message(b, nb2);
	/* Accepted: b may ask again (c's request is still pending, its
	 * message queued). */
	fill_queue(a, r, 4);
	notify_send(b, sb, 6, 0, nb2, MACH_SEND_WILL_NOTIFY);
	notify_send(c, sc, 7, 0, nc, MACH_SEND_NOTIFY_IN_PROGRESS);
	/* The port dies with both requests pending: each right is released
	 * unused (send-once notifications), and nothing leaks. */
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	test_notification(b, nb2, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	test_notification(c, nc, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	test_no_message(b, nb);
}
END_TEST

/*
 * MACH_SEND_NO_NOTIFY: the msg-accepted notification is reserved when
 * the request is made; without memory for it the send fails and changes
 * nothing (no send-once right made, nothing queued).
 */
START_TEST(msg_accepted_no_notify)
{
	struct ipc_space *a = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a);
	struct kmem_cache *nc = test_kmsg_cache(48);

	ck_assert_ptr_nonnull(nc);
	/* The message's own kmsg comes from another cache. */
	ck_assert_ptr_ne(nc, test_kmsg_cache(32));
	fill_queue(a, r, 5);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 2);
	nc->fail_next = 1;
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, nr),
			 MACH_SEND_NO_NOTIFY);
	ck_assert_uint_eq(nc->fail_next, 0);
	ck_assert_uint_eq(test_port_of(a, r)->msgcount, 5);
	ck_assert_uint_eq(test_port_of(a, nr)->sorights, 0);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_NOTIFY, 0, nr),
			 MACH_SEND_WILL_NOTIFY);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
	test_notification(a, nr, MACH_NOTIFY_MSG_ACCEPTED, 48, NOTIFY_BITS);
}
END_TEST

/* b calls a's port r with reply right rb; a receives with
 * MACH_RCV_NOTIFY naming nr: the reply's name in a. */
static mach_port_name_t
call_with_rcv_notify(struct ipc_space *a, mach_port_name_t r,
		     mach_port_name_t nr, struct ipc_space *b,
		     mach_port_name_t sb, mach_port_name_t rb)
{
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   sb, rb, 400);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(
		ipc_mach_msg(a, UMSG,
			     MACH_RCV_MSG | MACH_RCV_NOTIFY | MACH_RCV_TIMEOUT,
			     0, UMSG_SIZE, r, 0, nr),
		MACH_MSG_SUCCESS);
	return umsg()->msgh_remote_port_do_not_use;
}

START_TEST(rcv_notify_requests_dead_name)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a);
	mach_port_name_t rb = test_port(b), sb, so;

	sb = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	/* notify must name a receive right; the message stays queued. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   sb, rb, 400);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ipc_mach_msg(a, UMSG, MACH_RCV_MSG | MACH_RCV_NOTIFY,
				      0, UMSG_SIZE, r, 0, 77),
			 MACH_RCV_INVALID_NOTIFY);
	mach_port_name_t d;
	ck_assert_int_eq(mach_port_allocate(a, MACH_PORT_RIGHT_DEAD_NAME, &d),
			 KERN_SUCCESS);
	ck_assert_int_eq(ipc_mach_msg(a, UMSG, MACH_RCV_MSG | MACH_RCV_NOTIFY,
				      0, UMSG_SIZE, r, 0, d),
			 MACH_RCV_INVALID_NOTIFY);
	ck_assert_int_eq(
		ipc_mach_msg(a, UMSG,
			     MACH_RCV_MSG | MACH_RCV_NOTIFY | MACH_RCV_TIMEOUT,
			     0, UMSG_SIZE, r, 0, nr),
		MACH_MSG_SUCCESS);
	so = umsg()->msgh_remote_port_do_not_use;
	ck_assert_uint_eq(test_type(a, so),
			  MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	/* The client dies: a dead-name notification for the reply name. */
	ck_assert_int_eq(mach_port_destroy(b, rb), KERN_SUCCESS);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_DEAD_NAME, 48,
					    NOTIFY_BITS),
			  so);
	ck_assert_uint_eq(test_type(a, so), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_refs(a, so, MACH_PORT_RIGHT_DEAD_NAME), 2);
	/* Without the option: no request. */
	rb = test_port(b);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   sb, rb, 400);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(a, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	so = umsg()->msgh_remote_port_do_not_use;
	ck_assert_uint_eq(test_type(a, so), MACH_PORT_TYPE_SEND_ONCE);
	/* A send right that merges with a name a already has: no request. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_COPY_SEND),
		   sb, sb, 401);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(
		ipc_mach_msg(a, UMSG,
			     MACH_RCV_MSG | MACH_RCV_NOTIFY | MACH_RCV_TIMEOUT,
			     0, UMSG_SIZE, r, 0, nr),
		MACH_MSG_SUCCESS);
	ck_assert_uint_eq(umsg()->msgh_remote_port_do_not_use, r);
	ck_assert_uint_eq(test_type(a, r), MACH_PORT_TYPE_SEND_RECEIVE);
	test_no_message(a, nr);
}
END_TEST

START_TEST(send_cancel_drops_port_deleted)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a), other;
	mach_port_name_t rb = test_port(b), sb, so;

	sb = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	other = test_port(a);
	/* Reply with MACH_SEND_CANCEL naming nr: no port-deleted, and the
	 * request's send-once right goes quietly. */
	so = call_with_rcv_notify(a, r, nr, b, sb, rb);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 500);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_CANCEL, 0, nr),
			 MACH_MSG_SUCCESS);
	test_no_message(a, nr);
	ck_assert_int_eq(msg_receive(b, rb, UMSG_SIZE), MACH_MSG_SUCCESS);
	/* cancel must name a receive right; nothing changes then. */
	so = call_with_rcv_notify(a, r, nr, b, sb, rb);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 500);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_CANCEL, 0, 77),
			 MACH_SEND_INVALID_NOTIFY);
	ck_assert_uint_eq(test_type(a, so),
			  MACH_PORT_TYPE_SEND_ONCE | MACH_PORT_TYPE_DNREQUEST);
	/* Another port: the request stays, so port-deleted is sent. */
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_CANCEL, 0, other),
			 MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_notification(a, nr, MACH_NOTIFY_PORT_DELETED, 48,
					    NOTIFY_BITS),
			  so);
	ck_assert_int_eq(msg_receive(b, rb, UMSG_SIZE), MACH_MSG_SUCCESS);
	/* A send right with urefs left keeps its request. */
	mach_port_name_t s = test_give(b, rb, MACH_MSG_TYPE_MAKE_SEND, a);
	ck_assert_int_eq(mach_port_mod_refs(a, s, MACH_PORT_RIGHT_SEND, 1),
			 KERN_SUCCESS);
	request(a, s, MACH_NOTIFY_DEAD_NAME, 0, a, nr);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), s, 0, 501);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_CANCEL, 0, nr),
			 MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(a, s),
			  MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	ck_assert_int_eq(msg_send_opt(a, 32, MACH_SEND_CANCEL, 0, nr),
			 MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(a, s), 0);
	test_no_message(a, nr);
}
END_TEST

START_TEST(circular_to_itself)
{
	struct ipc_space *a = test_space();
	mach_port_name_t r = test_port(a), nr = test_port(a), s;
	struct ipc_counts before, after;

	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a);
	request(a, r, MACH_NOTIFY_NO_SENDERS, 1, a, nr);
	ipc_get_counts(&before);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, r)),
		MACH_MSG_SUCCESS);
	/* The message and the port are gone at once; the send right left
	 * behind is a dead name; the no-senders request died unused. */
	ck_assert_uint_eq(test_type(a, s), MACH_PORT_TYPE_DEAD_NAME);
	ipc_get_counts(&after);
	ck_assert_uint_eq(after.kmsgs, before.kmsgs + 1); /* the send-once */
	ck_assert_uint_eq(after.ports, before.ports - 1);
	test_notification(a, nr, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
}
END_TEST

START_TEST(circular_through_transit)
{
	struct ipc_space *a = test_space(), *z = test_space();
	mach_port_name_t p = test_port(a), q = test_port(a), zr = test_port(z);
	mach_port_name_t zs = test_give(z, zr, MACH_MSG_TYPE_MAKE_SEND, a);
	mach_port_name_t ps = test_give(a, p, MACH_MSG_TYPE_MAKE_SEND, a);
	mach_port_name_t qs = test_give(a, q, MACH_MSG_TYPE_MAKE_SEND, a);
	struct ipc_counts before, after;

	/* q travels to p; then p travels to q: a cycle, destroyed. */
	ipc_get_counts(&before);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 1);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, q)),
		MACH_MSG_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 2);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, q)),
		MACH_MSG_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), qs, 0, 3);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, p)),
		MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(a, ps), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_type(a, qs), MACH_PORT_TYPE_DEAD_NAME);
	ipc_get_counts(&after);
	ck_assert_uint_eq(after.ports, before.ports - 2);
	ck_assert_uint_eq(after.kmsgs, before.kmsgs);
	/* Not a cycle: p's receive right to z while q's is queued on p. */
	p = test_port(a);
	q = test_port(a);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), p, 0, 4);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, q)),
		MACH_MSG_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), zs, 0, 5);
	ck_assert_int_eq(
		msg_send(a, msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, p)),
		MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(z, zr, UMSG_SIZE), MACH_MSG_SUCCESS);
	mach_port_name_t zp = ((uint32_t *)umsg())[10];
	ck_assert_int_eq(msg_receive(z, zp, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 4);
	ck_assert_uint_eq(test_type(z, ((uint32_t *)umsg())[10]),
			  MACH_PORT_TYPE_RECEIVE);
	/* A port-destroyed notification sent to the port itself. */
	mach_port_name_t r = test_port(a);
	request(a, r, MACH_NOTIFY_PORT_DESTROYED, 0, a, r);
	ipc_get_counts(&before);
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	ipc_get_counts(&after);
	ck_assert_uint_eq(after.ports, before.ports - 1);
	ck_assert_uint_eq(after.kmsgs, before.kmsgs);
}
END_TEST

/*
 * Memory short for a notification: it is lost, and its send-once right is
 * dropped quietly (not released into a send-once notification, which
 * would need memory too); a port-destroyed's receive right is destroyed.
 */
START_TEST(no_memory_drops_quietly)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), r2 = test_port(a), nb = test_port(b),
			 s;
	struct kmem_cache *nc = test_kmsg_cache(48);
	struct ipc_counts before, after;

	ck_assert_ptr_nonnull(nc);
	/* A send-once notification would come from another cache. */
	ck_assert_ptr_ne(nc, test_kmsg_cache(32));
	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	request(b, s, MACH_NOTIFY_DEAD_NAME, 0, b, nb);
	request(a, r2, MACH_NOTIFY_PORT_DESTROYED, 0, b, nb);
	ck_assert_uint_eq(test_port_of(b, nb)->sorights, 2);
	ipc_get_counts(&before);
	nc->fail_next = 1;
	ck_assert_int_eq(mach_port_destroy(a, r), KERN_SUCCESS);
	ck_assert_uint_eq(nc->fail_next, 0);
	ck_assert_uint_eq(test_type(b, s), MACH_PORT_TYPE_DEAD_NAME);
	test_no_message(b, nb);
	ck_assert_uint_eq(test_port_of(b, nb)->sorights, 1);
	nc->fail_next = 1;
	ck_assert_int_eq(mach_port_destroy(a, r2), KERN_SUCCESS);
	ck_assert_uint_eq(nc->fail_next, 0);
	ck_assert_uint_eq(test_type(a, r2), 0);
	test_no_message(b, nb);
	ck_assert_uint_eq(test_port_of(b, nb)->sorights, 0);
	ipc_get_counts(&after);
	ck_assert_uint_eq(after.kmsgs, before.kmsgs);
	ck_assert_uint_eq(after.ports, before.ports - 2);
}
END_TEST

/* A reply port (ipc_right_alloc_receive, mach_reply_port's) made and
 * destroyed the short way: lowest name, the port's receiver set, counts
 * back where they were, the name free again. */
START_TEST(reply_port_made_and_destroyed)
{
	struct ipc_space *a = test_space();
	mach_port_name_t n = MACH_PORT_NULL, n2 = MACH_PORT_NULL;
	struct ipc_counts c0, c1;
	unsigned long live0 = kmem_live_objects();
	struct port *p;
	spl_t sp;

	ipc_get_counts(&c0);
	sp = splhigh();
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n), KERN_SUCCESS);
	splx(sp);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(test_type(a, n), MACH_PORT_TYPE_RECEIVE);
	p = test_port_of(a, n);
	ck_assert(p->active);
	ck_assert_ptr_eq(p->receiver, a);
	ck_assert_uint_eq(p->receiver_name, n);
	ck_assert_uint_eq(p->qlimit, MACH_PORT_QLIMIT_DEFAULT);
	ck_assert_uint_eq(p->srights + p->sorights + p->mscount + p->seqno, 0);
	ipc_get_counts(&c1);
	ck_assert_uint_eq(c1.ports, c0.ports + 1);
	ck_assert_uint_eq(c1.entries, c0.entries + 1);
	/* A send right to it, then the send right alone goes back. */
	ck_assert_uint_eq(test_give(a, n, MACH_MSG_TYPE_MAKE_SEND, a), n);
	ck_assert_int_eq(mach_port_mod_refs(a, n, MACH_PORT_RIGHT_SEND, -1),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(a, n, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ipc_get_counts(&c1);
	ck_assert_uint_eq(c1.ports, c0.ports);
	ck_assert_uint_eq(c1.entries, c0.entries);
	ck_assert_uint_eq(kmem_live_objects(), live0);
	ck_assert_uint_eq(test_type(a, n), 0);
	/* The name is free again; a second port takes it. */
	sp = splhigh();
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n2), KERN_SUCCESS);
	splx(sp);
	ck_assert_uint_eq(n2, n);
	/* No memory for the port, then for the entry: nothing changes. */
	sp = splhigh();
	kmem_cache_find("port")->fail_next = 1;
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n),
			 KERN_RESOURCE_SHORTAGE);
	kmem_cache_find("ipc_entry")->fail_next = 1;
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n), KERN_NO_SPACE);
	splx(sp);
	ipc_get_counts(&c1);
	ck_assert_uint_eq(c1.ports, c0.ports + 1);
	ck_assert_uint_eq(c1.entries, c0.entries + 1);
	/* Three at once, destroyed in another order, then made again. */
	mach_port_name_t m[3];
	sp = splhigh();
	ck_assert_int_eq(ipc_right_alloc_receive(a, &m[0]), KERN_SUCCESS);
	ck_assert_int_eq(ipc_right_alloc_receive(a, &m[1]), KERN_SUCCESS);
	splx(sp);
	ck_assert_uint_eq(m[0], n2 + 1);
	ck_assert_uint_eq(m[1], n2 + 2);
	ck_assert_int_eq(mach_port_mod_refs(a, n2, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(a, m[1], MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	sp = splhigh();
	ck_assert_int_eq(ipc_right_alloc_receive(a, &m[2]), KERN_SUCCESS);
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n2), KERN_SUCCESS);
	splx(sp);
	ck_assert_uint_eq(m[2], n);
	ck_assert_uint_eq(n2, m[1]);
	ck_assert_uint_eq(test_type(a, m[0]), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(test_type(a, m[2]), MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(
		mach_port_mod_refs(a, m[0], MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(a, m[2], MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_SUCCESS);
	ipc_get_counts(&c1);
	ck_assert_uint_eq(c1.ports, c0.ports + 1);
	ck_assert_uint_eq(c1.entries, c0.entries + 1);
	ck_assert_uint_eq(test_type(a, n2), MACH_PORT_TYPE_RECEIVE);
	/* A dead space gets no entry. */
	sp = splhigh();
	ipc_space_ref(a);
	splx(sp);
	test_space_destroy(a);
	sp = splhigh();
	ck_assert_int_eq(ipc_right_alloc_receive(a, &n), KERN_NO_SPACE);
	ipc_space_unref(a);
	splx(sp);
}
END_TEST

/* mach_port_mod_refs(RECEIVE, -1) on a receive right that is not alone:
 * what the general death does (dead names, notifications, the queue
 * flushed, the set left), and the errors of bad requests. */
START_TEST(receive_destroy_not_quiet)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t nb = test_port(b), r, s, set;
	mach_port_name_t *members;
	mach_msg_type_number_t nmembers;

	/* Bad requests. */
	r = test_port(a);
	ck_assert_int_eq(mach_port_mod_refs(a, MACH_PORT_NULL,
					    MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_mod_refs(a, MACH_PORT_DEAD,
					    MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_mod_refs(a, 77, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -2),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_mod_refs(NULL, r, MACH_PORT_RIGHT_RECEIVE, -1),
		KERN_INVALID_TASK);
	s = test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b);
	ck_assert_int_eq(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_INVALID_RIGHT);
	/* A send right elsewhere becomes a dead name. */
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(a, r), 0);
	ck_assert_uint_eq(test_type(b, s), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	/* Send and receive under one name: the name stays, dead. */
	r = test_port(a);
	ck_assert_uint_eq(test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(a, r), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_int_eq(mach_port_deallocate(a, r), KERN_SUCCESS);
	/* A no-senders request: its send-once right is destroyed. */
	r = test_port(a);
	request(a, r, MACH_NOTIFY_NO_SENDERS, 1, b, nb);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	test_notification(b, nb, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	/* A port-destroyed request: the right goes to it. */
	r = test_port(a);
	request(a, r, MACH_NOTIFY_PORT_DESTROYED, 0, b, nb);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(a, r), 0);
	s = test_notification(b, nb, MACH_NOTIFY_PORT_DESTROYED, 48,
			      MACH_MSGH_BITS_COMPLEX | NOTIFY_BITS);
	ck_assert_uint_eq(test_type(b, s), MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(mach_port_mod_refs(b, s, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	/* A queued message (carrying a send-once right to nb) is
	 * destroyed: its right sends a send-once notification. */
	r = test_port(a);
	s = test_give(b, nb, MACH_MSG_TYPE_MAKE_SEND_ONCE, a);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				  MACH_MSG_TYPE_MOVE_SEND_ONCE),
		   r, s, 3);
	ck_assert_int_eq(msg_send(a, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	test_notification(b, nb, MACH_NOTIFY_SEND_ONCE, 32, NOTIFY_BITS);
	/* A member of a set leaves it. */
	r = test_port(a);
	ck_assert_int_eq(mach_port_allocate(a, MACH_PORT_RIGHT_PORT_SET, &set),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(a, r, set), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(a, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_get_set_status(a, set, &members, &nmembers),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nmembers, 0);
	spl_t sp = splhigh();
	ipc_ool_free(members, 0);
	splx(sp);
	test_no_message(b, nb);
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
	tcase_add_test(tc, msg_accepted_in_progress);
	tcase_add_test(tc, msg_accepted_no_notify);
	tcase_add_test(tc, msg_accepted_send_notify);
	tcase_add_test(tc, rcv_notify_requests_dead_name);
	tcase_add_test(tc, send_cancel_drops_port_deleted);
	tcase_add_test(tc, circular_to_itself);
	tcase_add_test(tc, circular_through_transit);
	tcase_add_test(tc, no_memory_drops_quietly);
	tcase_add_test(tc, reply_port_made_and_destroyed);
	tcase_add_test(tc, receive_destroy_not_quiet);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_notify_suite());
}
