/*
 * tests/unit/ipc/test_ipc_fast.c - mach_msg's fast path (ipc/fastpath.c)
 * through the trap's entry, ipc_trap_mach_msg, between coroutine threads
 * of the test task: an RPC whose request and reply both go the fast way;
 * the same RPC with the fast path off gives the same results; a receiver
 * whose buffer is too small, a message to oneself, and a receive that
 * must wait on a port set take the cases they should, with the results
 * of the slow path; a kernel call (ipc/fastpath_kcall.c) that renames its
 * own reply port gets the slow path's result. ipc_fast_stats tells which
 * path ran.
 */
#include <base/lock.h>
#include <base/sched.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <ipc/fastpath.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

#define SRV_BUF UADDR(0x20000)
#define QUIT_ID 999

struct server {
	mach_port_name_t port;
	mach_msg_size_t rcv_size;
	mach_msg_return_t last;
	int served;
	bool done;
};

static struct waitq done_wq;
static struct ipc_space *sp;

static mach_msg_return_t trap(uintptr_t msg, mach_msg_option_t option,
			      mach_msg_size_t send_size,
			      mach_msg_size_t rcv_size, mach_port_name_t name)
{
	return ipc_trap_mach_msg(msg, option, send_size, rcv_size, name, 0,
				 MACH_PORT_NULL);
}

/* Serve on s->port: add one to the word after the header, reply through
 * the send-once right and receive the next request in the same call. */
static void serve(void *arg)
{
	struct server *s = arg;
	mach_msg_header_t *m = uptr(SRV_BUF);
	spl_t x;

	s->last = trap(SRV_BUF, MACH_RCV_MSG, 0, s->rcv_size, s->port);
	while (s->last == MACH_MSG_SUCCESS && m->msgh_id != QUIT_ID) {
		s->served++;
		((uint32_t *)m)[10]++;
		m->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
		m->msgh_local_port = MACH_PORT_NULL;
		m->msgh_id += 100;
		s->last = trap(SRV_BUF, MACH_SEND_MSG | MACH_RCV_MSG, 48,
			       s->rcv_size, s->port);
	}
	x = splhigh();
	s->done = true;
	waitq_wakeup_all(&done_wq, WAIT_AWAKENED);
	splx(x);
}

static void wait_done(struct server *s)
{
	spl_t x = splhigh();

	while (!s->done)
		waitq_wait(&done_wq, WAITQ_FOREVER);
	splx(x);
}

/* A server thread of the test task, more urgent than the boot thread:
 * it is waiting in its receive when spawn returns. */
static void spawn(struct server *s)
{
	struct thread *t = thread_create(ipc_test_task(), "fast-server", serve,
					 s, PRIO_KERNEL - 2, false);

	ck_assert_ptr_nonnull(t);
	spl_t x = splhigh();
	sched_yield_cpu();
	splx(x);
}

static void fast_setup(void)
{
	ipc_test_setup();
	waitq_init(&done_wq);
	sp = test_space();
	ipc_test_task()->space = sp;
	ipc_fastpath_enabled = true;
}

static void fast_teardown(void)
{
	ipc_fastpath_enabled = true;
	ipc_test_task()->space = NULL;
	ipc_test_teardown();
}

/* n RPCs to srv with replies on reply; each checked. */
static void rpcs(mach_port_name_t srv, mach_port_name_t reply, int n)
{
	for (int i = 0; i < n; i++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			   srv, reply, 500 + i);
		mach_msg_size_t size = msg_add_int(32, 1000 * i);
		ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG | MACH_RCV_MSG, size,
				      UMSG_SIZE, reply),
				 MACH_MSG_SUCCESS);
		ck_assert_int_eq(umsg()->msgh_id, 600 + i);
		ck_assert_uint_eq(
			umsg()->msgh_bits,
			MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
		ck_assert_uint_eq(umsg()->msgh_local_port, reply);
		ck_assert_uint_eq(umsg()->msgh_size, 48);
		ck_assert_uint_eq(((uint32_t *)umsg())[10], 1000 * i + 1);
	}
}

static void quit(mach_port_name_t srv, struct server *s)
{
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), srv, 0, QUIT_ID);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 32, 0, 0), MACH_MSG_SUCCESS);
	wait_done(s);
}

/* The RPC both ways; returns the fast sends it took. */
static unsigned long rpc_case(bool fast)
{
	struct server s = {.rcv_size = 256};
	mach_port_name_t reply = test_port(sp);
	unsigned long before = sp->fast_sends;
	struct port *p;

	s.port = test_port(sp);
	ck_assert_uint_eq(test_insert_send(sp, test_port_of(sp, s.port)),
			  s.port);
	ipc_fastpath_enabled = fast;
	spawn(&s);
	rpcs(s.port, reply, 10);
	quit(s.port, &s);
	ck_assert_int_eq(s.last, MACH_MSG_SUCCESS);
	ck_assert_int_eq(s.served, 10);
	/* Every send-once right was used: none is left in the space. */
	ck_assert_uint_eq(test_type(sp, reply), MACH_PORT_TYPE_RECEIVE);
	p = test_port_of(sp, reply);
	ck_assert_uint_eq(p->sorights, 0);
	ck_assert_uint_eq(p->seqno, 10);
	ck_assert_uint_eq(test_port_of(sp, s.port)->seqno, 11);
	return sp->fast_sends - before;
}

START_TEST(rpc_takes_the_fast_path)
{
	/* Ten requests and ten replies into a waiting receiver; the last
	 * one-way message too. */
	ck_assert_uint_eq(rpc_case(true), 21);
}
END_TEST

START_TEST(rpc_with_the_fast_path_off)
{
	ck_assert_uint_eq(rpc_case(false), 0);
}
END_TEST

/* A waiting receiver whose buffer is too small: the slow path sends, and
 * the receiver gets MACH_RCV_TOO_LARGE as always. */
START_TEST(small_buffer_goes_slow)
{
	struct server s = {.rcv_size = 40};
	unsigned long before = sp->fast_sends;

	s.port = test_port(sp);
	ck_assert_uint_eq(test_insert_send(sp, test_port_of(sp, s.port)),
			  s.port);
	spawn(&s);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s.port, 0, 7);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, msg_add_int(32, 1), 0, 0),
			 MACH_MSG_SUCCESS);
	wait_done(&s);
	ck_assert_int_eq(s.last, MACH_RCV_TOO_LARGE);
	ck_assert_uint_eq(sp->fast_sends, before);
}
END_TEST

/* Send to one's own port and receive it in the same call. */
START_TEST(message_to_oneself)
{
	mach_port_name_t p = test_port(sp);
	unsigned long before = ipc_fast_stats.selfs;

	ck_assert_uint_eq(test_insert_send(sp, test_port_of(sp, p)), p);
	for (int i = 0; i < 3; i++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0,
			   4242);
		ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG | MACH_RCV_MSG,
				      msg_add_int(32, 77), UMSG_SIZE, p),
				 MACH_MSG_SUCCESS);
		ck_assert_uint_eq(umsg()->msgh_bits,
				  MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND));
		ck_assert_uint_eq(umsg()->msgh_local_port, p);
		ck_assert_uint_eq(umsg()->msgh_seqno, i);
		ck_assert_uint_eq(((uint32_t *)umsg())[10], 77);
	}
	ck_assert_uint_eq(ipc_fast_stats.selfs, before + 3);
	ck_assert_uint_eq(test_refs(sp, p, MACH_PORT_RIGHT_SEND), 1);
	/* A queued message first: the slow path, in order. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 1);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 32, 0, 0), MACH_MSG_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 2);
	ck_assert_int_eq(
		trap(UMSG, MACH_SEND_MSG | MACH_RCV_MSG, 32, UMSG_SIZE, p),
		MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 1);
	ck_assert_int_eq(trap(UMSG, MACH_RCV_MSG, 0, UMSG_SIZE, p),
			 MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, 2);
	ck_assert_uint_eq(ipc_fast_stats.selfs, before + 3);
}
END_TEST

/* Bad input goes to the slow path and gets its codes. */
START_TEST(bad_input_same_codes)
{
	mach_port_name_t p = test_port(sp);

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p + 100, 0, 1);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 32, 0, 0),
			 MACH_SEND_INVALID_DEST);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 1);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 36, 0, 0),
			 MACH_SEND_MSG_TOO_SMALL);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 32, 0, 0),
			 MACH_SEND_INVALID_DEST); /* a receive right only */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 99), p, p, 1);
	ck_assert_int_eq(trap(UMSG, MACH_SEND_MSG, 32, 0, 0),
			 MACH_SEND_INVALID_HEADER);
	ck_assert_int_eq(
		trap(UADDR(HOSTED_USER_SIZE - 16), MACH_SEND_MSG, 32, 0, 0),
		MACH_SEND_INVALID_DATA);
	ck_assert_int_eq(ipc_trap_mach_msg(UMSG,
					   MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
					   UMSG_SIZE, p, 0, MACH_PORT_NULL),
			 MACH_RCV_TIMED_OUT);
	ck_assert_int_eq(trap(UMSG, MACH_RCV_MSG, 0, UMSG_SIZE, p + 100),
			 MACH_RCV_INVALID_NAME);
}
END_TEST

/* A mach_port kernel call of id to the task port tp, its reply port
 * reply, with the name items names[0..n) (PORT_NAME, 8-byte slots). */
static mach_msg_return_t kcall(mach_port_name_t tp, mach_port_name_t reply,
			       mach_msg_id_t id, const mach_port_name_t *names,
			       int n)
{
	mach_msg_size_t size = 32;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   tp, reply, id);
	for (int i = 0; i < n; i++, size += 16) {
		uint32_t d[2] = {0x2000200F, 1}; /* PORT_NAME, 32 bits, 1 */
		uint64_t v = names[i];

		memcpy((uint8_t *)umsg() + size, d, 8);
		memcpy((uint8_t *)umsg() + size + 8, &v, 8);
	}
	return trap(UMSG, MACH_SEND_MSG | MACH_RCV_MSG, size, UMSG_SIZE, reply);
}

/* mach_port_rename of the receive right the call waits on, fast path on
 * and off: the kernel serves it, the reply is queued under the new name
 * and the receive on the old one fails (MACH_RCV_INVALID_NAME), as the
 * slow path has it; the fast path delivers no reply to a renamed port. */
START_TEST(kcall_renaming_its_reply_port)
{
	struct task *t = test_task(sp);
	mach_port_name_t tp = test_insert_send(sp, t->self);

	for (int fast = 1; fast >= 0; fast--) {
		mach_port_name_t reply = test_port(sp), renamed = 1000 + fast;
		mach_port_name_t args[2] = {reply, renamed};
		unsigned long before;

		ipc_fastpath_enabled = fast;
		/* mach_port_type twice: the second call finds the thread's
		 * reply scratch kept by the first, and goes the fast way. */
		for (int i = 0; i < 2; i++) {
			before = ipc_fast_stats.kcalls;
			ck_assert_int_eq(kcall(tp, reply, 3201, &reply, 1),
					 MACH_MSG_SUCCESS);
			ck_assert_int_eq(umsg()->msgh_id, 3301);
			ck_assert_uint_eq(((uint32_t *)umsg())[10],
					  KERN_SUCCESS);
			ck_assert_uint_eq(((uint32_t *)umsg())[14],
					  MACH_PORT_TYPE_RECEIVE);
		}
		ck_assert_uint_eq(ipc_fast_stats.kcalls, before + fast);
		before = ipc_fast_stats.kcalls;
		ck_assert_int_eq(kcall(tp, reply, 3202, args, 2),
				 MACH_RCV_INVALID_NAME);
		ck_assert_uint_eq(ipc_fast_stats.kcalls, before);
		ck_assert_int_eq(
			trap(UMSG, MACH_RCV_MSG, 0, UMSG_SIZE, renamed),
			MACH_MSG_SUCCESS);
		ck_assert_int_eq(umsg()->msgh_id, 3302);
		ck_assert_uint_eq(umsg()->msgh_local_port, renamed);
		ck_assert_uint_eq(((uint32_t *)umsg())[10], KERN_SUCCESS);
		ck_assert_uint_eq(test_type(sp, renamed),
				  MACH_PORT_TYPE_RECEIVE);
		ck_assert_uint_eq(test_port_of(sp, renamed)->sorights, 0);
	}
	test_task_destroy(t);
}
END_TEST

static Suite *ipc_fast_suite(void)
{
	Suite *s = suite_create("ipc_fast");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, fast_setup, fast_teardown);
	tcase_add_test(tc, rpc_takes_the_fast_path);
	tcase_add_test(tc, rpc_with_the_fast_path_off);
	tcase_add_test(tc, small_buffer_goes_slow);
	tcase_add_test(tc, message_to_oneself);
	tcase_add_test(tc, bad_input_same_codes);
	tcase_add_test(tc, kcall_renaming_its_reply_port);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_fast_suite());
}
