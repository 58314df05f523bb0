/*
 * Boot test ipc-notify: every kernel notification through the real path,
 * received from a notification port and checked byte for byte (id, size,
 * header bits and names, the item):
 *   dead-name (72): a send right whose receive right dies, in this task
 *     (same name) and in a child task (task_terminate);
 *   no-senders (70): the make-send count; also at once when requested
 *     with no senders;
 *   port-destroyed (69): the receive right comes back with its queue;
 *   port-deleted (65): a send right with a dead-name request deallocated;
 *   send-once (71): a send-once right destroyed unused, directly and with
 *     the queued message that carried it;
 *   msg-accepted (66): MACH_SEND_NOTIFY on a full queue returns
 *     MACH_SEND_WILL_NOTIFY; the notification comes when the message is
 *     dequeued.
 * Also: no-senders when the last send right dies inside a destroyed
 * message; port-destroyed when the task holding the receive right dies;
 * send-once notifications ignore the queue limit; a thread blocked in a
 * receive on a port handed to a port-destroyed request gets
 * MACH_RCV_PORT_DIED.
 * mach_port_request_notification takes the notify right as a send-once
 * right (MOVE_SEND_ONCE), made here with mach_port_extract_right.
 */
#include "ipc_test.h"

static mach_port_t notify_port;

/* Receive the next notification; check the header; return the message. */
static ipc_buf_t *recv_notification(ipc_buf_t *buf, mach_msg_id_t id,
				    mach_msg_size_t size, int complex)
{
	mach_msg_return_t mr = ipc_receive(buf, notify_port, 1000);

	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("no notification %d: receive returned 0x%x", id, mr);
	CHECK_EQ(buf->head.msgh_id, id);
	CHECK_EQ(buf->head.msgh_size, size);
	CHECK_EQ(buf->head.msgh_bits,
		 (complex ? MACH_MSGH_BITS_COMPLEX : 0) |
			 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(ipc_remote_slot(buf), MACH_PORT_NULL); /* the whole slot */
	CHECK_EQ(ipc_local_slot(buf), notify_port);
	return buf;
}

/* Check a one-item notification's item: its descriptor (one element,
 * inline) and the value (a name: the whole slot). */
static void check_item(ipc_buf_t *buf, unsigned int name, unsigned int bits,
		       msg_slot_t value)
{
	ipc_check_type(buf, IPC_BODY, ipc_inline(name, bits, 1));
	if (bits == 32)
		CHECK_EQ(ipc_word(buf, IPC_FIRST_SLOT), value);
	else
		CHECK_EQ(ipc_slot(buf, IPC_FIRST_SLOT), value);
}

/* A notification's one item: a port name, an integer, a receive right. */
#define PORT_NAME_TYPE	MACH_MSG_TYPE_PORT_NAME, 32
#define INTEGER_32_TYPE MACH_MSG_TYPE_INTEGER_32, 32
#define PORT_RECV_TYPE	MACH_MSG_TYPE_PORT_RECEIVE, IPC_PORT_BITS
/* Their size: 48 bytes on x86_64, 32 on i386. */
#define NOTIFY_SIZE IPC_ONE_ITEM_MSG

static mach_port_t request(mach_port_t name, mach_msg_id_t id,
			   mach_port_mscount_t sync)
{
	mach_port_t previous = 0x5555;

	EXPECT(mach_port_request_notification(mach_task_self(), name, id, sync,
					      ipc_make_send_once(notify_port),
					      MACH_MSG_TYPE_MOVE_SEND_ONCE,
					      &previous),
	       KERN_SUCCESS);
	return previous;
}

static void dead_name_same_task(void)
{
	mach_port_t self = mach_task_self(), p = ipc_new_port_send();
	ipc_buf_t buf;

	CHECK_EQ(request(p, MACH_NOTIFY_DEAD_NAME, 0), MACH_PORT_NULL);
	CHECK(ipc_type(p) & MACH_PORT_TYPE_DNREQUEST);
	ipc_check_empty(notify_port);
	/* The receive right dies; the send right under the same name
	 * becomes a dead name. */
	EXPECT(mach_port_mod_refs(self, p, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_DEAD_NAME, NOTIFY_SIZE, 0);
	check_item(&buf, PORT_NAME_TYPE, p);
	CHECK_EQ(ipc_type(p), MACH_PORT_TYPE_DEAD_NAME);
	/* The send right's reference plus the notification's. */
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_DEAD_NAME), 2);
	EXPECT(mach_port_mod_refs(self, p, MACH_PORT_RIGHT_DEAD_NAME, -2),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(p), 0);
	ipc_check_empty(notify_port);
	printf("ipc-notify: dead-name (same task) ok\n");
}

/* A child task holding a receive right; *send gets a send right to it. */
static mach_port_t child_with_port(mach_port_t *send)
{
	mach_port_t child, name;
	mach_msg_type_name_t type;

	EXPECT(task_create(mach_task_self(), FALSE, &child), KERN_SUCCESS);
	EXPECT(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &name),
	       KERN_SUCCESS);
	EXPECT(mach_port_extract_right(child, name, MACH_MSG_TYPE_MAKE_SEND,
				       send, &type),
	       KERN_SUCCESS);
	CHECK_EQ(type, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(ipc_type(*send), MACH_PORT_TYPE_SEND);
	return child;
}

static void dead_name_child_task(void)
{
	mach_port_t send, child = child_with_port(&send);
	ipc_buf_t buf;

	CHECK_EQ(request(send, MACH_NOTIFY_DEAD_NAME, 0), MACH_PORT_NULL);
	ipc_check_empty(notify_port);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_DEAD_NAME, NOTIFY_SIZE, 0);
	check_item(&buf, PORT_NAME_TYPE, send);
	CHECK_EQ(ipc_type(send), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(ipc_refs(send, MACH_PORT_RIGHT_DEAD_NAME), 2);
	EXPECT(mach_port_mod_refs(mach_task_self(), send,
				  MACH_PORT_RIGHT_DEAD_NAME, -2),
	       KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
	printf("ipc-notify: dead-name (child task terminated) ok\n");
}

static void no_senders(void)
{
	mach_port_t self = mach_task_self(), p = ipc_new_port(), q;
	ipc_buf_t buf;

	CHECK_EQ(request(p, MACH_NOTIFY_NO_SENDERS, 1), MACH_PORT_NULL);
	CHECK(ipc_status(p).mps_nsrequest);
	ipc_check_empty(notify_port); /* mscount 0 < sync 1: not yet */
	EXPECT(mach_port_insert_right(self, p, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(mach_port_insert_right(self, p, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 2);
	CHECK_EQ(ipc_status(p).mps_mscount, 2);
	EXPECT(mach_port_deallocate(self, p), KERN_SUCCESS);
	ipc_check_empty(notify_port);
	EXPECT(mach_port_deallocate(self, p), KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_NO_SENDERS, NOTIFY_SIZE, 0);
	check_item(&buf, INTEGER_32_TYPE, 2);
	CHECK(!ipc_status(p).mps_nsrequest);
	CHECK(!ipc_status(p).mps_srights);
	/* Requested with sync <= mscount and no senders: at once. */
	q = ipc_new_port();
	CHECK_EQ(request(q, MACH_NOTIFY_NO_SENDERS, 0), MACH_PORT_NULL);
	recv_notification(&buf, MACH_NOTIFY_NO_SENDERS, NOTIFY_SIZE, 0);
	check_item(&buf, INTEGER_32_TYPE, 0);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, q), KERN_SUCCESS);
	ipc_check_empty(notify_port);
	printf("ipc-notify: no-senders ok\n");
}

static void port_destroyed(void)
{
	mach_port_t p = ipc_new_port(), back;
	ipc_buf_t buf;

	/* A queued message travels with the receive right. */
	EXPECT(ipc_send_int(p, MACH_MSG_TYPE_MAKE_SEND_ONCE, 777, 7, 0, 0),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(request(p, MACH_NOTIFY_PORT_DESTROYED, 0), MACH_PORT_NULL);
	CHECK(ipc_status(p).mps_pdrequest);
	EXPECT(mach_port_destroy(mach_task_self(), p), KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_PORT_DESTROYED, NOTIFY_SIZE, 1);
	back = (mach_port_t)ipc_slot(&buf, IPC_FIRST_SLOT);
	check_item(&buf, PORT_RECV_TYPE, back); /* upper half zero */
	CHECK(MACH_PORT_VALID(back));
	CHECK_EQ(ipc_type(back), MACH_PORT_TYPE_RECEIVE);
	CHECK(!ipc_status(back).mps_pdrequest);
	CHECK_EQ(ipc_status(back).mps_msgcount, 1);
	EXPECT(ipc_receive(&buf, back, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 777);
	CHECK_EQ(buf.head.msgh_local_port, back);
	/* Without a request now: destroyed for good. */
	EXPECT(mach_port_destroy(mach_task_self(), back), KERN_SUCCESS);
	ipc_check_empty(notify_port);
	printf("ipc-notify: port-destroyed ok\n");
}

static void port_deleted(void)
{
	mach_port_t send, child = child_with_port(&send);
	ipc_buf_t buf;

	CHECK_EQ(request(send, MACH_NOTIFY_DEAD_NAME, 0), MACH_PORT_NULL);
	EXPECT(mach_port_deallocate(mach_task_self(), send), KERN_SUCCESS);
	CHECK_EQ(ipc_type(send), 0);
	recv_notification(&buf, MACH_NOTIFY_PORT_DELETED, NOTIFY_SIZE, 0);
	check_item(&buf, PORT_NAME_TYPE, send);
	/* The request went with the name: no dead-name later. */
	EXPECT(task_terminate(child), KERN_SUCCESS);
	ipc_check_empty(notify_port);
	EXPECT(mach_port_deallocate(mach_task_self(), child), KERN_SUCCESS);
	printf("ipc-notify: port-deleted ok\n");
}

static void send_once(void)
{
	mach_port_t self = mach_task_self(), p = ipc_new_port(), so, s, r;
	ipc_buf_t buf;
	ipc_int_msg_t m;

	/* A send-once right deallocated unused notifies its port. */
	so = ipc_make_send_once(p);
	CHECK_EQ(ipc_type(so), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(ipc_status(p).mps_sorights, 1);
	EXPECT(mach_port_deallocate(self, so), KERN_SUCCESS);
	CHECK_EQ(ipc_type(so), 0);
	/* The notification travels through the right itself: the right
	 * lives on in the queued message until it is received. */
	CHECK_EQ(ipc_status(p).mps_sorights, 1);
	CHECK_EQ(ipc_status(p).mps_msgcount, 1);
	EXPECT(ipc_receive(&buf, p, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_sorights, 0);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(buf.head.msgh_size, sizeof(mach_msg_header_t));
	CHECK_EQ(buf.head.msgh_bits,
		 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(ipc_remote_slot(&buf), MACH_PORT_NULL);
	CHECK_EQ(ipc_local_slot(&buf), p);
	CHECK_EQ(buf.head.msgh_seqno, 0);

	/* A reply right destroyed with the queued request that carried it:
	 * the client learns that the server died. */
	s = ipc_new_port();
	r = ipc_new_port();
	ipc_int_msg(&m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    s, r, 500, 5);
	EXPECT(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_status(r).mps_sorights, 1);
	ipc_check_empty(r);
	EXPECT(mach_port_destroy(self, s), KERN_SUCCESS);
	EXPECT(ipc_receive(&buf, r, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	CHECK_EQ(buf.head.msgh_size, sizeof(mach_msg_header_t));
	CHECK_EQ(buf.head.msgh_local_port, r);
	CHECK_EQ(ipc_status(r).mps_sorights, 0);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	printf("ipc-notify: send-once ok\n");
}

static void msg_accepted(void)
{
	mach_port_t self = mach_task_self(), p = ipc_new_port_send();
	ipc_buf_t buf;
	ipc_int_msg_t m;

	EXPECT(mach_port_set_qlimit(self, p, 1), KERN_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_qlimit, 1);
	EXPECT(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 1, 1, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 2, 2, MACH_SEND_TIMEOUT,
			    0),
	       MACH_SEND_TIMED_OUT);
	/* Full: MACH_SEND_NOTIFY enqueues anyway. */
	ipc_int_msg(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p,
		    MACH_PORT_NULL, 3, 3);
	EXPECT(mach_msg_trap(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     sizeof(m), 0, MACH_PORT_NULL, 0, notify_port),
	       MACH_SEND_WILL_NOTIFY);
	CHECK_EQ(ipc_status(p).mps_msgcount, 2);
	ipc_check_empty(notify_port);
	/* The first message dequeued: not yet. */
	EXPECT(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 1);
	ipc_check_empty(notify_port);
	/* The notify message dequeued: msg-accepted, naming the send right
	 * the message was sent through. */
	EXPECT(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 3);
	CHECK_EQ(buf.head.msgh_seqno, 1);
	recv_notification(&buf, MACH_NOTIFY_MSG_ACCEPTED, NOTIFY_SIZE, 0);
	check_item(&buf, PORT_NAME_TYPE, p);
	/* A send with MACH_SEND_NOTIFY on a queue with room: no notice. */
	EXPECT(mach_msg_trap(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     sizeof(m), 0, MACH_PORT_NULL, 0, notify_port),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	ipc_check_empty(notify_port);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-notify: msg-accepted ok\n");
}

static mach_port_t job_port;

static mach_msg_return_t job_receive(void)
{
	ipc_buf_t buf;

	return mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf), job_port,
			     0, MACH_PORT_NULL);
}

static void more_paths(void)
{
	mach_port_t self = mach_task_self(), p = ipc_new_port(), q;
	mach_port_t child, name, back;
	ipc_buf_t buf;

	/* The only send right travels in a message that is destroyed. */
	q = ipc_new_port();
	CHECK_EQ(request(p, MACH_NOTIFY_NO_SENDERS, 1), MACH_PORT_NULL);
	struct {
		mach_msg_header_t head;
		mach_msg_type_t type;
		msg_slot_t slot;
	} m = {
		.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
				  MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.head.msgh_remote_port = q,
		.head.msgh_id = 1,
		.type = {.msgt_name = MACH_MSG_TYPE_MAKE_SEND,
			 .msgt_size = IPC_PORT_BITS,
			 .msgt_number = 1,
			 .msgt_inline = 1},
		.slot = p,
	};
	EXPECT(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof(m), 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_mscount, 1);
	CHECK(ipc_status(p).mps_srights);
	ipc_check_empty(notify_port);
	EXPECT(mach_port_destroy(self, q), KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_NO_SENDERS, NOTIFY_SIZE, 0);
	check_item(&buf, INTEGER_32_TYPE, 1);

	/* Send-once notifications are not held back by the queue limit. */
	EXPECT(mach_port_set_qlimit(self, p, 1), KERN_SUCCESS);
	mach_port_t so[4];
	for (int n = 0; n < 4; n++)
		so[n] = ipc_make_send_once(p);
	for (int n = 0; n < 4; n++)
		EXPECT(mach_port_deallocate(self, so[n]), KERN_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_msgcount, 4);
	for (int n = 0; n < 4; n++) {
		EXPECT(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
		CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	}
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);

	/* A receiver blocked on a port whose receive right goes to a
	 * port-destroyed request no longer holds it. */
	job_port = ipc_new_port();
	CHECK_EQ(request(job_port, MACH_NOTIFY_PORT_DESTROYED, 0),
		 MACH_PORT_NULL);
	mach_port_t t = ipc_job_start(job_receive);
	EXPECT(mach_port_destroy(self, job_port), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_RCV_PORT_DIED);
	recv_notification(&buf, MACH_NOTIFY_PORT_DESTROYED, NOTIFY_SIZE, 1);
	EXPECT(mach_port_destroy(self,
				 (mach_port_t)ipc_slot(&buf, IPC_FIRST_SLOT)),
	       KERN_SUCCESS);

	/* Port-destroyed from a dying task: the receive right comes here. */
	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	EXPECT(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &name),
	       KERN_SUCCESS);
	mach_port_t previous = 0x5555;
	EXPECT(mach_port_request_notification(
		       child, name, MACH_NOTIFY_PORT_DESTROYED, 0,
		       ipc_make_send_once(notify_port),
		       MACH_MSG_TYPE_MOVE_SEND_ONCE, &previous),
	       KERN_SUCCESS);
	CHECK_EQ(previous, MACH_PORT_NULL);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	recv_notification(&buf, MACH_NOTIFY_PORT_DESTROYED, NOTIFY_SIZE, 1);
	back = (mach_port_t)ipc_slot(&buf, IPC_FIRST_SLOT);
	check_item(&buf, PORT_RECV_TYPE, back);
	CHECK_EQ(ipc_type(back), MACH_PORT_TYPE_RECEIVE);
	EXPECT(mach_port_destroy(self, back), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	ipc_check_empty(notify_port);
	printf("ipc-notify: destroyed message, dying task, send-once past "
	       "qlimit ok\n");
}

int main(int argc, char **argv, char **envp)
{
	notify_port = ipc_new_port();
	dead_name_same_task();
	dead_name_child_task();
	no_senders();
	port_destroyed();
	port_deleted();
	send_once();
	msg_accepted();
	more_paths();
	CHECK_EQ(ipc_status(notify_port).mps_sorights, 0);
	TEST_SUCCESS();
}
