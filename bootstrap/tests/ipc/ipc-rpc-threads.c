/*
 * Boot test ipc-rpc-threads: two threads of one task doing RPC through
 * mach_msg_trap. The client (main thread) sends with COPY_SEND on the
 * service port and a MAKE_SEND_ONCE reply port and receives in the same
 * trap; the server thread replies through the send-once right and
 * receives the next request in the same trap. Every round trip checks the
 * header as received (bits, names, size, id) and the sequence numbers of
 * both ports. Then: receives with a timeout (MACH_RCV_TIMED_OUT), a
 * thread_abort of a blocked receive (MACH_RCV_INTERRUPTED), and the
 * aborted thread receiving again with the next sequence number.
 * Blocking: a send blocked on a full queue completes when a message is
 * dequeued, or returns MACH_SEND_INTERRUPTED on thread_abort with the
 * sender's rights untouched; a send timeout or a receive timeout met in
 * time succeeds; a receiver blocked on a port whose receive right is
 * destroyed, or moved away in a message, gets MACH_RCV_PORT_DIED; a
 * sender blocked on a port that is destroyed returns; two threads
 * blocked on one port each get one of two messages. Untouched pages: a
 * body read from a page the sender never touched, and one written into a
 * receive buffer page the receiver never touched (the fast path's copies
 * stop at the missing page and the general path sends: zeros, and the
 * sender's bytes).
 */
#include "ipc_test.h"

#define ROUNDS	     500
#define ID_RPC	     1000
#define ID_EXIT	     1001
#define ID_AFTER     1002
#define REPLY_ID(id) ((id) + 100)

static mach_port_t service, reply_port;
static volatile int server_rounds;
static volatile int server_parked;
static volatile int server_done;
static volatile int server_aborted;
static volatile mach_msg_return_t server_abort_result;
static volatile uint32_t server_after_seqno;
static volatile uint32_t server_after_value;
static const char *volatile server_error;

#define SERVER_CHECK(expr)                                                     \
	do {                                                                   \
		if (!(expr)) {                                                 \
			server_error = #expr;                                  \
			goto out;                                              \
		}                                                              \
	} while (0)

/* The server thread: traps only. */
static void server(void)
{
	ipc_buf_t buf;
	ipc_int_msg_t *m = (ipc_int_msg_t *)&buf;
	mach_msg_return_t mr;
	mach_port_seqno_t seqno = 0;

	mr = mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), service, 0,
			   MACH_PORT_NULL);
	for (;;) {
		SERVER_CHECK(mr == MACH_MSG_SUCCESS);
		SERVER_CHECK(m->head.msgh_seqno == seqno);
		SERVER_CHECK(m->head.msgh_local_port == service);
		SERVER_CHECK(m->head.msgh_size == sizeof(ipc_int_msg_t));
		if (m->head.msgh_id == ID_EXIT)
			break;
		SERVER_CHECK(m->head.msgh_id == ID_RPC);
		SERVER_CHECK(m->head.msgh_bits ==
			     MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
					    MACH_MSG_TYPE_PORT_SEND));
		SERVER_CHECK(m->head.msgh_remote_port != MACH_PORT_NULL &&
			     m->head.msgh_remote_port != reply_port);
		SERVER_CHECK(m->value == seqno * 3);
		seqno++;
		server_rounds = seqno;
		/* Reply through the send-once right, wait for the next. */
		ipc_int_msg(m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
			    m->head.msgh_remote_port, MACH_PORT_NULL,
			    REPLY_ID(ID_RPC), m->value + 1);
		mr = mach_msg_trap(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
				   sizeof(*m), sizeof(buf), service, 0,
				   MACH_PORT_NULL);
	}
	/* Park in a receive nobody answers: the main thread aborts it. */
	server_parked = 1;
	server_abort_result =
		mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), service,
			      0, MACH_PORT_NULL);
	server_aborted = 1;
	/* The port still works: take the next message. */
	mr = mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), service, 0,
			   MACH_PORT_NULL);
	SERVER_CHECK(mr == MACH_MSG_SUCCESS);
	SERVER_CHECK(m->head.msgh_id == ID_AFTER);
	server_after_seqno = m->head.msgh_seqno;
	server_after_value = m->value;
out:
	server_done = 1;
	idle_forever();
}

/* One RPC; checks the reply as received. */
static void rpc(uint32_t round)
{
	ipc_buf_t buf;
	ipc_int_msg_t *m = (ipc_int_msg_t *)&buf;

	ipc_int_msg(m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    service, reply_port, ID_RPC, round * 3);
	mach_msg_return_t mr = mach_msg_trap(
		&m->head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(*m), sizeof(buf),
		reply_port, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("round %u: mach_msg returned 0x%x (server: %s)",
			  round, mr, server_error ? server_error : "ok");
	CHECK_EQ(m->head.msgh_bits,
		 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(m->head.msgh_size, sizeof(ipc_int_msg_t));
	CHECK_EQ(m->head.msgh_remote_port, MACH_PORT_NULL);
	CHECK_EQ(m->head.msgh_local_port, reply_port);
	CHECK_EQ(m->head.msgh_seqno, round);
	CHECK_EQ(m->head.msgh_id, REPLY_ID(ID_RPC));
	CHECK_EQ(m->value, round * 3 + 1);
}

/* Receives with a timeout on an empty port time out. */
static void check_timeouts(void)
{
	ipc_buf_t buf;

	EXPECT(ipc_receive(&buf, reply_port, 0), MACH_RCV_TIMED_OUT);
	EXPECT(ipc_receive(&buf, reply_port, 20), MACH_RCV_TIMED_OUT);
	/* Without MACH_RCV_TIMEOUT the timeout argument is not consulted:
	 * a queued message is simply taken. */
	EXPECT(ipc_send_int(reply_port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 7, 7, 0,
			    0),
	       MACH_MSG_SUCCESS);
	EXPECT(mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf),
			     reply_port, 1, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 7);
	CHECK_EQ(buf.head.msgh_seqno, ROUNDS);
	/* A message that arrives within the timeout is received. */
	EXPECT(ipc_send_int(reply_port, MACH_MSG_TYPE_MAKE_SEND_ONCE, 8, 8, 0,
			    0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, reply_port, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_seqno, ROUNDS + 1);
	EXPECT(ipc_receive(&buf, reply_port, 5), MACH_RCV_TIMED_OUT);
	printf("ipc-rpc-threads: receive timeouts ok\n");
}

/* ---- Blocking sends and receives ---- */

static mach_port_t job_port, job_reply;
static ipc_int_msg_t job_msg;

static mach_msg_return_t job_send(void)
{
	ipc_int_msg(&job_msg,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    job_port, job_reply, 2001, 1);
	return mach_msg_trap(&job_msg.head, MACH_SEND_MSG, sizeof(job_msg), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

static mach_msg_return_t job_send_timeout(void)
{
	return ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2002, 2,
			    MACH_SEND_TIMEOUT, 10000);
}

static mach_msg_return_t job_receive(void)
{
	mach_msg_return_t mr =
		mach_msg_trap(&job_msg.head, MACH_RCV_MSG, 0, sizeof(job_msg),
			      job_port, 0, MACH_PORT_NULL);
	return mr;
}

static mach_msg_return_t job_receive_timeout(void)
{
	return mach_msg_trap(&job_msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(job_msg), job_port, 10000, MACH_PORT_NULL);
}

static void blocking(void)
{
	mach_port_t self = mach_task_self(), t;
	ipc_buf_t buf;

	job_port = ipc_new_port_send();
	job_reply = ipc_new_port();
	EXPECT(mach_port_set_qlimit(self, job_port, 1), KERN_SUCCESS);
	EXPECT(ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2000, 0, 0, 0),
	       MACH_MSG_SUCCESS);

	/* A send blocked on the full queue goes through once there is
	 * room. */
	t = ipc_job_start(job_send);
	EXPECT(ipc_receive(&buf, job_port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2000);
	CHECK_EQ(ipc_job_finish(t), MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, job_port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2001);
	CHECK_EQ(buf.head.msgh_seqno, 1);
	EXPECT(mach_port_deallocate(self, buf.head.msgh_remote_port),
	       KERN_SUCCESS);
	EXPECT(ipc_receive(&buf, job_reply, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);

	/* thread_abort of a blocked send: MACH_SEND_INTERRUPTED, nothing
	 * sent, no right created or taken. */
	EXPECT(ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2000, 0, 0, 0),
	       MACH_MSG_SUCCESS);
	t = ipc_job_start(job_send);
	EXPECT(thread_abort(t), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_SEND_INTERRUPTED);
	CHECK_EQ(ipc_status(job_port).mps_msgcount, 1);
	CHECK_EQ(ipc_status(job_reply).mps_sorights, 0);
	CHECK_EQ(ipc_refs(job_port, MACH_PORT_RIGHT_SEND), 1);
	ipc_check_empty(job_reply);

	/* A send timeout met in time. */
	t = ipc_job_start(job_send_timeout);
	EXPECT(ipc_receive(&buf, job_port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2000);
	CHECK_EQ(ipc_job_finish(t), MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, job_port, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2002);
	CHECK_EQ(buf.head.msgh_seqno, 3);

	/* A receive timeout met in time. */
	t = ipc_job_start(job_receive_timeout);
	EXPECT(ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2003, 3, 0, 0),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_MSG_SUCCESS);
	CHECK_EQ(job_msg.head.msgh_id, 2003);
	CHECK_EQ(job_msg.head.msgh_seqno, 4);
	CHECK_EQ(job_msg.value, 3);

	/* The receive right destroyed under a blocked receiver. */
	t = ipc_job_start(job_receive);
	EXPECT(mach_port_destroy(self, job_port), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_RCV_PORT_DIED);
	printf("ipc-rpc-threads: receiver of a destroyed port ok\n");

	/* The receive right moved away in a message under a blocked
	 * receiver: the receiver no longer holds it. */
	job_port = ipc_new_port_send();
	t = ipc_job_start(job_receive);
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		msg_slot_t slot;
	} mv = {
		.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.head.msgh_remote_port = job_reply,
		.head.msgh_id = 2004,
		.type = {.msgt_name = MACH_MSG_TYPE_MOVE_RECEIVE,
			 .msgt_size = IPC_PORT_BITS,
			 .msgt_number = 1,
			 .msgt_inline = 1},
		.slot = job_port,
	};
	EXPECT(mach_msg_trap(&mv.head, MACH_SEND_MSG, sizeof(mv), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_RCV_PORT_DIED);
	printf("ipc-rpc-threads: receiver of a moved receive right ok\n");
	/* A message sent meanwhile waits for the new holder. */
	EXPECT(ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2005, 5, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, job_reply, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2004);
	mach_port_t moved = (mach_port_t)ipc_slot(&buf, IPC_FIRST_SLOT);
	CHECK_EQ(moved, job_port); /* merged with our send right's name */
	EXPECT(ipc_receive(&buf, moved, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2005);

	/* A sender blocked on a port that is destroyed returns. */
	EXPECT(mach_port_set_qlimit(self, job_port, 1), KERN_SUCCESS);
	EXPECT(ipc_send_int(job_port, MACH_MSG_TYPE_COPY_SEND, 2006, 6, 0, 0),
	       MACH_MSG_SUCCESS);
	t = ipc_job_start(job_send);
	EXPECT(mach_port_mod_refs(self, job_port, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_SUCCESS);
	mach_msg_return_t mr = ipc_job_finish(t);
	if (mr != MACH_SEND_INVALID_DEST && mr != MACH_MSG_SUCCESS)
		TEST_FAIL("sender to a destroyed port: 0x%x", mr);
	printf("ipc-rpc-threads: blocked sender to a destroyed port: 0x%x\n",
	       mr);
	/* Its reply right is gone either way, with a send-once
	 * notification when the message was taken and destroyed. */
	if (mr == MACH_MSG_SUCCESS) {
		EXPECT(ipc_receive(&buf, job_reply, 0), MACH_MSG_SUCCESS);
		CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	}
	CHECK_EQ(ipc_status(job_reply).mps_sorights, 0);
	EXPECT(mach_port_destroy(self, job_port), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, job_reply), KERN_SUCCESS);
	printf("ipc-rpc-threads: blocking sends and receives ok\n");
}

/* Two threads blocked on one port each get one of two messages. */
static mach_port_t pair_port;
static volatile int pair_done[2];
static volatile mach_msg_id_t pair_id[2];

static void pair_receiver(int k)
{
	ipc_buf_t buf;

	if (mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), pair_port, 0,
			  MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		pair_id[k] = buf.head.msgh_id;
	pair_done[k] = 1;
	idle_forever();
}

static void pair_receiver0(void)
{
	pair_receiver(0);
}

static void pair_receiver1(void)
{
	pair_receiver(1);
}

static void two_receivers(void)
{
	mach_port_t t0, t1;

	pair_port = ipc_new_port_send();
	t0 = start_thread(pair_receiver0);
	t1 = start_thread(pair_receiver1);
	ipc_wait_blocked(t0);
	ipc_wait_blocked(t1);
	EXPECT(ipc_send_int(pair_port, MACH_MSG_TYPE_COPY_SEND, 71000, 0, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_send_int(pair_port, MACH_MSG_TYPE_COPY_SEND, 71001, 0, 0, 0),
	       MACH_MSG_SUCCESS);
	wait_flag(&pair_done[0], "receiver 0");
	wait_flag(&pair_done[1], "receiver 1");
	CHECK_EQ(pair_id[0] + pair_id[1], 71000 + 71001);
	CHECK(pair_id[0] != pair_id[1]);
	EXPECT(thread_terminate(t0), KERN_SUCCESS);
	EXPECT(thread_terminate(t1), KERN_SUCCESS);
	EXPECT(mach_port_destroy(mach_task_self(), pair_port), KERN_SUCCESS);
	printf("ipc-rpc-threads: two receivers on one port ok\n");
}

/* Untouched pages: a one-page body after a header at the end of a page,
 * from or into a page of a fresh region (vm_allocate'd, never touched). */
#define UNTOUCHED_BODY 4096
#define ID_UNTOUCHED   72000

static mach_port_t untouched_port;
static vm_address_t untouched_rcv;
static volatile int untouched_done;
static volatile mach_msg_return_t untouched_mr;

static void untouched_receiver(void)
{
	untouched_mr =
		mach_msg_trap((mach_msg_header_t *)untouched_rcv, MACH_RCV_MSG,
			      0, sizeof(mach_msg_header_t) + UNTOUCHED_BODY,
			      untouched_port, 0, MACH_PORT_NULL);
	untouched_done = 1;
	idle_forever();
}

/* Send from send_buf (its header at the end of its first page) to a
 * thread receiving at rcv_buf likewise; the body as received must be
 * expect (every byte). */
static void untouched_rpc(vm_address_t send_buf, vm_address_t rcv_buf,
			  uint8_t expect)
{
	mach_msg_header_t *h =
		(mach_msg_header_t *)(send_buf + 4096 - sizeof(*h));
	const uint8_t *body = (const uint8_t *)(rcv_buf + 4096);
	mach_port_t t;

	untouched_rcv = rcv_buf + 4096 - sizeof(*h);
	untouched_done = 0;
	t = start_thread(untouched_receiver);
	ipc_wait_blocked(t);
	h->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	h->msgh_size = sizeof(*h) + UNTOUCHED_BODY;
	h->msgh_remote_port = untouched_port;
	h->msgh_local_port = MACH_PORT_NULL;
	h->msgh_seqno = 0;
	h->msgh_id = ID_UNTOUCHED;
	EXPECT(mach_msg_trap(h, MACH_SEND_MSG, h->msgh_size, 0, MACH_PORT_NULL,
			     0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	wait_flag(&untouched_done, "the untouched-page receive");
	CHECK_EQ(untouched_mr, MACH_MSG_SUCCESS);
	h = (mach_msg_header_t *)untouched_rcv;
	CHECK_EQ(h->msgh_id, ID_UNTOUCHED);
	CHECK_EQ(h->msgh_size, sizeof(*h) + UNTOUCHED_BODY);
	for (unsigned int i = 0; i < UNTOUCHED_BODY; i++)
		if (body[i] != expect)
			TEST_FAIL("untouched pages: body byte %u is 0x%x, "
				  "not 0x%x",
				  i, body[i], expect);
	EXPECT(thread_terminate(t), KERN_SUCCESS);
}

static void untouched_pages(void)
{
	mach_port_t self = mach_task_self();
	vm_address_t a, b, c;

	untouched_port = ipc_new_port_send();
	EXPECT(vm_allocate(self, &a, 3 * 4096, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &b, 3 * 4096, TRUE), KERN_SUCCESS);
	EXPECT(vm_allocate(self, &c, 3 * 4096, TRUE), KERN_SUCCESS);
	/* The sender's body page untouched: zeros arrive. */
	*(volatile uint8_t *)b = 1; /* the receiver's header page */
	*(volatile uint8_t *)(b + 4096) = 0x77;
	untouched_rpc(a, b, 0);
	/* The receiver's body page untouched: the sender's bytes arrive. */
	memset((void *)(a + 4096), 0xa5, UNTOUCHED_BODY);
	*(volatile uint8_t *)c = 1;
	untouched_rpc(a, c, 0xa5);
	EXPECT(vm_deallocate(self, a, 3 * 4096), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, b, 3 * 4096), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, c, 3 * 4096), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, untouched_port), KERN_SUCCESS);
	printf("ipc-rpc-threads: untouched pages ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t server_thread;
	mach_port_status_t status;

	service = ipc_new_port_send();
	reply_port = ipc_new_port();
	CHECK_EQ(ipc_refs(service, MACH_PORT_RIGHT_SEND), 1);
	server_thread = start_thread(server);

	for (uint32_t round = 0; round < ROUNDS; round++)
		rpc(round);
	CHECK_EQ(server_rounds, ROUNDS);
	printf("ipc-rpc-threads: %u round trips ok\n", ROUNDS);

	/* COPY_SEND left the send right alone; no send-once right is left
	 * (each was used by the reply). */
	CHECK_EQ(ipc_refs(service, MACH_PORT_RIGHT_SEND), 1);
	status = ipc_status(reply_port);
	CHECK_EQ(status.mps_seqno, ROUNDS);
	CHECK_EQ(status.mps_sorights, 0);
	CHECK_EQ(status.mps_msgcount, 0);
	status = ipc_status(service);
	CHECK_EQ(status.mps_seqno, ROUNDS);
	CHECK_EQ(status.mps_msgcount, 0);
	CHECK_EQ(status.mps_mscount, 1);
	check_timeouts();

	/* Stop the RPC loop; the server parks in a receive. */
	EXPECT(ipc_send_int(service, MACH_MSG_TYPE_COPY_SEND, ID_EXIT, 0, 0, 0),
	       MACH_MSG_SUCCESS);
	wait_flag(&server_parked, "the server to park");
	ipc_wait_blocked(server_thread);
	CHECK(!server_done);
	EXPECT(thread_abort(server_thread), KERN_SUCCESS);
	wait_flag(&server_aborted, "the aborted receive");
	CHECK_EQ(server_abort_result, MACH_RCV_INTERRUPTED);
	printf("ipc-rpc-threads: aborted receive returned "
	       "MACH_RCV_INTERRUPTED\n");
	/* The aborted receive took nothing: the next message has the next
	 * sequence number. */
	ipc_wait_blocked(server_thread);
	EXPECT(ipc_send_int(service, MACH_MSG_TYPE_COPY_SEND, ID_AFTER, 99, 0,
			    0),
	       MACH_MSG_SUCCESS);
	wait_flag(&server_done, "the server to finish");
	if (server_error)
		TEST_FAIL("server: %s", server_error);
	CHECK_EQ(server_after_seqno, ROUNDS + 1);
	CHECK_EQ(server_after_value, 99);
	EXPECT(thread_terminate(server_thread), KERN_SUCCESS);
	blocking();
	two_receivers();
	untouched_pages();
	TEST_SUCCESS();
}
