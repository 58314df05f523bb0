/*
 * tests/unit/ipc/test_ipc_thread.c - mach_msg between coroutine threads
 * (tests/hosted/thread.c): RPC with blocking receives, in both orders
 * (server waiting first, client first); thread_abort of a blocked receive
 * or send (waitq_wakeup_thread with WAIT_INTERRUPTED gives
 * MACH_RCV_INTERRUPTED / MACH_SEND_INTERRUPTED, nothing changed); a
 * blocked receiver or sender whose port dies.
 *
 * The test runs as thread "boot" (PRIO_KERNEL); each helper thread has
 * its own message buffer in the user window. A blocked receive whose port
 * moves into a set returns MACH_RCV_PORT_CHANGED; one on a set that is
 * destroyed, MACH_RCV_PORT_DIED.
 */
#include <base/lock.h>
#include <base/sched.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

#define QUIT_ID 999
#define SRV_BUF UADDR(0x20000)

struct helper {
	struct ipc_space *sp;
	mach_port_name_t port;	  /* to receive on, or to send to */
	mach_msg_option_t option; /* MACH_RCV_MSG or MACH_SEND_MSG */
	mach_msg_return_t last;
	int served;
	bool done;
};

static struct waitq done_wq;

static void helper_done(struct helper *h)
{
	spl_t s = splhigh();

	h->done = true;
	waitq_wakeup_all(&done_wq, WAIT_AWAKENED);
	splx(s);
}

static void wait_done(struct helper *h)
{
	spl_t s = splhigh();

	while (!h->done)
		waitq_wait(&done_wq, WAITQ_FOREVER);
	splx(s);
}

/* Let every thread run until all wait. */
static void settle(void)
{
	spl_t s = splhigh();
	struct waitq wq;

	waitq_init(&wq);
	waitq_wait(&wq, deadline_after_ms(1));
	splx(s);
}

static struct thread *spawn(void (*fn)(void *), struct helper *h, int prio)
{
	struct thread *t = thread_create(ipc_test_task(), "ipc-helper", fn, h,
					 prio, false);

	ck_assert_ptr_nonnull(t);
	return t;
}

/* Serve requests on h->port: reply value + 1 through the reply right,
 * until QUIT_ID or an error. */
static void server(void *arg)
{
	struct helper *h = arg;
	mach_msg_header_t *m = uptr(SRV_BUF);

	for (;;) {
		h->last = ipc_mach_msg(h->sp, SRV_BUF, MACH_RCV_MSG, 0, 256,
				       h->port, 0, 0);
		if (h->last != MACH_MSG_SUCCESS || m->msgh_id == QUIT_ID)
			break;
		h->served++;
		((uint32_t *)m)[10]++;
		m->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m->msgh_local_port = MACH_PORT_NULL;
		m->msgh_id += 100;
		h->last = ipc_mach_msg(h->sp, SRV_BUF, MACH_SEND_MSG, 48, 0, 0,
				       0, 0);
		if (h->last != MACH_MSG_SUCCESS)
			break;
	}
	helper_done(h);
}

/* RPCs from the boot thread: send and receive in one call. */
static void client_rpcs(struct ipc_space *sp, mach_port_name_t srv,
			mach_port_name_t reply, int n)
{
	for (int i = 0; i < n; i++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			   srv, reply, 500 + i);
		mach_msg_size_t size = msg_add_int(32, 1000 * i);
		ck_assert_int_eq(ipc_mach_msg(sp, UMSG,
					      MACH_SEND_MSG | MACH_RCV_MSG,
					      size, UMSG_SIZE, reply, 0, 0),
				 MACH_MSG_SUCCESS);
		ck_assert_int_eq(umsg()->msgh_id, 600 + i);
		ck_assert_uint_eq(umsg()->msgh_bits, 0x1200);
		ck_assert_uint_eq(((uint32_t *)umsg())[10], 1000 * i + 1);
	}
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), srv, 0, QUIT_ID);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
}

static void rpc_case(int server_prio)
{
	struct ipc_space *srv_sp = test_space(), *cl = test_space();
	struct helper h = {.sp = srv_sp};
	mach_port_name_t srv, reply = test_port(cl);

	waitq_init(&done_wq);
	h.port = test_port(srv_sp);
	srv = test_give(srv_sp, h.port, MACH_MSG_TYPE_MAKE_SEND, cl);
	spawn(server, &h, server_prio);
	settle(); /* a higher-priority server is now blocked receiving */
	client_rpcs(cl, srv, reply, 10);
	wait_done(&h);
	ck_assert_int_eq(h.last, MACH_MSG_SUCCESS);
	ck_assert_int_eq(h.served, 10);
	ck_assert_uint_eq(test_type(cl, reply), MACH_PORT_TYPE_RECEIVE);
}

START_TEST(rpc_server_waits_first)
{
	rpc_case(2);
}
END_TEST

START_TEST(rpc_client_first)
{
	rpc_case(6);
}
END_TEST

/* One blocking mach_msg: receive on h->port, or send 32 bytes to it
 * with MOVE_SEND. */
static void blocker(void *arg)
{
	struct helper *h = arg;
	mach_msg_header_t *m = uptr(SRV_BUF);

	if (h->option == MACH_SEND_MSG) {
		m->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0);
		m->msgh_remote_port = h->port;
		m->msgh_local_port = MACH_PORT_NULL;
		m->msgh_id = 7;
		h->last = ipc_mach_msg(h->sp, SRV_BUF, MACH_SEND_MSG, 32, 0, 0,
				       0, 0);
	} else {
		h->last = ipc_mach_msg(h->sp, SRV_BUF, MACH_RCV_MSG, 0, 256,
				       h->port, 0, 0);
	}
	helper_done(h);
}

static void interrupt(struct thread *t)
{
	spl_t s = splhigh();

	ck_assert(waitq_wakeup_thread(t, WAIT_INTERRUPTED));
	splx(s);
}

START_TEST(abort_blocked_receive)
{
	struct ipc_space *sp = test_space();
	struct helper h = {.sp = sp, .option = MACH_RCV_MSG};
	struct thread *t;

	waitq_init(&done_wq);
	h.port = test_port(sp);
	t = spawn(blocker, &h, 2);
	settle();
	ck_assert(!h.done);
	interrupt(t);
	wait_done(&h);
	ck_assert_int_eq(h.last, MACH_RCV_INTERRUPTED);
	/* On a port set too. */
	mach_port_name_t set;
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &set),
			 KERN_SUCCESS);
	h.port = set;
	h.done = false;
	t = spawn(blocker, &h, 2);
	settle();
	interrupt(t);
	wait_done(&h);
	ck_assert_int_eq(h.last, MACH_RCV_INTERRUPTED);
}
END_TEST

START_TEST(abort_blocked_send)
{
	struct ipc_space *sp = test_space(), *b = test_space();
	struct helper h = {.sp = b, .option = MACH_SEND_MSG};
	mach_port_name_t r = test_port(sp);
	struct thread *t;

	waitq_init(&done_wq);
	ck_assert_int_eq(mach_port_set_qlimit(sp, r, 1), KERN_SUCCESS);
	h.port = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, b);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	t = spawn(blocker, &h, 2);
	settle();
	ck_assert(!h.done);
	interrupt(t);
	wait_done(&h);
	ck_assert_int_eq(h.last, MACH_SEND_INTERRUPTED);
	/* The MOVE_SEND did not happen; one message queued. */
	ck_assert_uint_eq(test_refs(b, h.port, MACH_PORT_RIGHT_SEND), 1);
	mach_port_status_t st;
	ck_assert_int_eq(mach_port_get_receive_status(sp, r, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_msgcount, 1);
	/* A blocked sender goes on when a message is taken. */
	h.done = false;
	spawn(blocker, &h, 2);
	settle();
	ck_assert(!h.done);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	wait_done(&h);
	ck_assert_int_eq(h.last, MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(b, h.port), 0);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 7);
}
END_TEST

START_TEST(blocked_threads_see_port_die)
{
	struct ipc_space *sp = test_space(), *b = test_space();
	struct helper rh = {.sp = sp, .option = MACH_RCV_MSG};
	struct helper sh = {.sp = b, .option = MACH_SEND_MSG};
	mach_port_name_t r = test_port(sp);

	waitq_init(&done_wq);
	rh.port = r;
	ck_assert_int_eq(mach_port_set_qlimit(sp, r, 0), KERN_SUCCESS);
	sh.port = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, b);
	spawn(blocker, &rh, 2);
	spawn(blocker, &sh, 2);
	settle();
	ck_assert(!rh.done && !sh.done);
	ck_assert_int_eq(mach_port_destroy(sp, r), KERN_SUCCESS);
	wait_done(&rh);
	wait_done(&sh);
	ck_assert_int_eq(rh.last, MACH_RCV_PORT_DIED);
	ck_assert_int_eq(sh.last, MACH_SEND_INVALID_DEST);
	ck_assert_uint_eq(test_type(b, sh.port), MACH_PORT_TYPE_DEAD_NAME);
}
END_TEST

/*
 * MACH_RCV_PORT_CHANGED: a thread blocked receiving on a port that is
 * moved into a port set; MACH_RCV_PORT_DIED: one blocked on a port set
 * that is destroyed.
 */
START_TEST(blocked_receive_port_changed_or_set_died)
{
	struct ipc_space *sp = test_space();
	struct helper rh = {.sp = sp, .option = MACH_RCV_MSG};
	mach_port_name_t r = test_port(sp), set;

	waitq_init(&done_wq);
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &set),
			 KERN_SUCCESS);
	rh.port = r;
	spawn(blocker, &rh, 2);
	settle();
	ck_assert(!rh.done);
	ck_assert_int_eq(mach_port_move_member(sp, r, set), KERN_SUCCESS);
	wait_done(&rh);
	ck_assert_int_eq(rh.last, MACH_RCV_PORT_CHANGED);
	rh.done = false;
	rh.port = set;
	spawn(blocker, &rh, 2);
	settle();
	ck_assert(!rh.done);
	ck_assert_int_eq(mach_port_destroy(sp, set), KERN_SUCCESS);
	wait_done(&rh);
	ck_assert_int_eq(rh.last, MACH_RCV_PORT_DIED);
}
END_TEST

static Suite *ipc_thread_suite(void)
{
	Suite *s = suite_create("ipc_thread");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, rpc_server_waits_first);
	tcase_add_test(tc, rpc_client_first);
	tcase_add_test(tc, abort_blocked_receive);
	tcase_add_test(tc, abort_blocked_send);
	tcase_add_test(tc, blocked_threads_see_port_die);
	tcase_add_test(tc, blocked_receive_port_changed_or_set_died);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_thread_suite());
}
