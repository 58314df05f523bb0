/*
 * Boot test ipc-portset: one server thread serves three ports through a
 * port set (mach_port_allocate PORT_SET, mach_port_move_member) while two
 * client threads send to different members. Each message arrives with the
 * member it was sent to in msgh_local_port and that member's own sequence
 * number. Then: mach_port_get_set_status and mach_port_get_receive_status
 * (mps_pset), moving a member out (its messages no longer reach the set),
 * moving a port with a queued message in, moving a member to another set,
 * a receive on a member (MACH_RCV_IN_SET), move_member errors, and
 * destroying a set (its members can be received from again).
 * Blocked receivers: on a set, woken by a port with a queued message
 * joining it; on a port moved into a set (MACH_RCV_PORT_CHANGED); on a
 * set destroyed (MACH_RCV_PORT_DIED).
 */
#include "ipc_test.h"

#define PER_CLIENT 60
#define NPORTS	   3
#define ID_BASE	   3000

static mach_port_t pset, ports[NPORTS];
static volatile int clients_go;
static volatile int client_done[2];
static volatile int server_done;
static volatile unsigned int received[NPORTS];
static const char *volatile server_error;

/*
 * Message id: ID_BASE + client * 1000 + port index * 100 (+ nothing);
 * value: the sequence number of the message among those this client sent
 * to that port.
 */
static void client(int c)
{
	uint32_t sent[NPORTS] = {0};

	wait_flag(&clients_go, "the go signal");
	for (int i = 0; i < PER_CLIENT; i++) {
		/* Client 0 alternates ports 0 and 2; client 1 uses port 1. */
		int p = c == 0 ? (i % 2 == 0 ? 0 : 2) : 1;
		mach_msg_return_t mr = ipc_send_int(
			ports[p], MACH_MSG_TYPE_COPY_SEND,
			ID_BASE + c * 1000 + p * 100, sent[p]++, 0, 0);
		if (mr != MACH_MSG_SUCCESS) {
			server_error = "client send failed";
			break;
		}
	}
	client_done[c] = 1;
	idle_forever();
}

static void client0(void)
{
	client(0);
}

static void client1(void)
{
	client(1);
}

/* Receives every message on the set; checks member, id and seqnos. */
static void server(void)
{
	ipc_buf_t buf;
	ipc_int_msg_t *m = (ipc_int_msg_t *)&buf;
	uint32_t next_value[2][NPORTS] = {{0}};

	for (int n = 0; n < 2 * PER_CLIENT; n++) {
		mach_msg_return_t mr =
			mach_msg_trap(&buf.head, MACH_RCV_MSG, 0, sizeof(buf),
				      pset, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS) {
			server_error = "receive on the set failed";
			break;
		}
		int p = -1;
		for (int i = 0; i < NPORTS; i++)
			if (m->head.msgh_local_port == ports[i])
				p = i;
		if (p < 0) {
			server_error = "msgh_local_port is not a member";
			break;
		}
		int c = (m->head.msgh_id - ID_BASE) / 1000;
		if (c < 0 || c > 1 ||
		    m->head.msgh_id != ID_BASE + c * 1000 + p * 100) {
			server_error = "message arrived on the wrong member";
			break;
		}
		/* Per-port sequence numbers; one sender per port, so the
		 * values come in order and match them. */
		if (m->head.msgh_seqno != received[p] ||
		    m->value != next_value[c][p]) {
			server_error = "wrong sequence number";
			break;
		}
		if (m->head.msgh_bits !=
		    MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND)) {
			server_error = "wrong msgh_bits";
			break;
		}
		next_value[c][p]++;
		received[p]++;
	}
	server_done = 1;
	idle_forever();
}

/* The members of set, in any order, are exactly want[0..n). */
static void check_members(mach_port_t set, const mach_port_t *want,
			  unsigned int n)
{
	mach_port_name_array_t members;
	mach_msg_type_number_t count = 0;

	EXPECT(mach_port_get_set_status(mach_task_self(), set, &members,
					&count),
	       KERN_SUCCESS);
	CHECK_EQ(count, n);
	for (unsigned int i = 0; i < n; i++) {
		int found = 0;
		for (unsigned int j = 0; j < count; j++)
			found += members[j] == want[i];
		if (found != 1)
			TEST_FAIL("port %u is %s in the set", want[i],
				  found ? "twice" : "not");
	}
	if (count > 0)
		EXPECT(vm_deallocate(mach_task_self(), (vm_address_t)members,
				     count * sizeof(*members)),
		       KERN_SUCCESS);
}

static void serve_through_set(void)
{
	mach_port_t server_thread, c0, c1;

	server_thread = start_thread(server);
	c0 = start_thread(client0);
	c1 = start_thread(client1);
	clients_go = 1;
	wait_flag(&server_done, "the server");
	if (server_error)
		TEST_FAIL("%s", server_error);
	/* On several processors a client may still be on its way back from
	 * its last send when the server has received it. */
	wait_flag(&client_done[0], "client 0");
	wait_flag(&client_done[1], "client 1");
	CHECK(client_done[0] && client_done[1]);
	CHECK_EQ(received[0], PER_CLIENT / 2);
	CHECK_EQ(received[1], PER_CLIENT);
	CHECK_EQ(received[2], PER_CLIENT / 2);
	for (int i = 0; i < NPORTS; i++) {
		mach_port_status_t st = ipc_status(ports[i]);
		CHECK_EQ(st.mps_seqno, received[i]);
		CHECK_EQ(st.mps_msgcount, 0);
		CHECK_EQ(st.mps_pset, pset);
	}
	EXPECT(thread_terminate(server_thread), KERN_SUCCESS);
	EXPECT(thread_terminate(c0), KERN_SUCCESS);
	EXPECT(thread_terminate(c1), KERN_SUCCESS);
	printf("ipc-portset: %d messages from 2 threads on 3 members ok\n",
	       2 * PER_CLIENT);
}

/* Move port 2 out of the set and back in with a message queued. */
static void move_out_and_in(void)
{
	mach_port_t self = mach_task_self();
	ipc_buf_t buf;

	EXPECT(mach_port_move_member(self, ports[2], MACH_PORT_NULL),
	       KERN_SUCCESS);
	check_members(pset, ports, 2);
	CHECK_EQ(ipc_status(ports[2]).mps_pset, MACH_PORT_NULL);
	EXPECT(mach_port_move_member(self, ports[2], MACH_PORT_NULL),
	       KERN_NOT_IN_SET);
	EXPECT(ipc_send_int(ports[2], MACH_MSG_TYPE_COPY_SEND, 42, 42, 0, 0),
	       MACH_MSG_SUCCESS);
	/* The set does not see it; the port itself does. */
	EXPECT(ipc_receive(&buf, pset, 0), MACH_RCV_TIMED_OUT);
	EXPECT(ipc_receive(&buf, ports[2], 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 42);
	CHECK_EQ(buf.head.msgh_local_port, ports[2]);
	CHECK_EQ(buf.head.msgh_seqno, received[2]);

	/* A message queued before the port joins is received via the set. */
	EXPECT(ipc_send_int(ports[2], MACH_MSG_TYPE_COPY_SEND, 43, 43, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(self, ports[2], pset), KERN_SUCCESS);
	check_members(pset, ports, 3);
	EXPECT(ipc_receive(&buf, ports[2], 0), MACH_RCV_IN_SET);
	EXPECT(ipc_receive(&buf, pset, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 43);
	CHECK_EQ(buf.head.msgh_local_port, ports[2]);
	CHECK_EQ(buf.head.msgh_seqno, received[2] + 1);
	EXPECT(ipc_receive(&buf, pset, 0), MACH_RCV_TIMED_OUT);
	printf("ipc-portset: move out / move in ok\n");
}

/* Move port 0 to a second set; errors of move_member; destroy a set. */
static void other_set_and_destroy(void)
{
	mach_port_t self = mach_task_self(), pset2, plain;
	ipc_buf_t buf;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset2),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(pset2), MACH_PORT_TYPE_PORT_SET);
	check_members(pset2, NULL, 0);
	EXPECT(mach_port_move_member(self, ports[0], pset2), KERN_SUCCESS);
	check_members(pset2, &ports[0], 1);
	check_members(pset, &ports[1], 2);
	CHECK_EQ(ipc_status(ports[0]).mps_pset, pset2);
	EXPECT(ipc_send_int(ports[0], MACH_MSG_TYPE_COPY_SEND, 44, 44, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, pset, 0), MACH_RCV_TIMED_OUT);
	EXPECT(ipc_receive(&buf, pset2, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_local_port, ports[0]);
	CHECK_EQ(buf.head.msgh_id, 44);

	/* Errors: no such name, a set as member, a port as the set. */
	plain = ipc_new_port();
	EXPECT(mach_port_move_member(self, 0x7777, pset), KERN_INVALID_NAME);
	EXPECT(mach_port_move_member(self, plain, 0x7777), KERN_INVALID_NAME);
	EXPECT(mach_port_move_member(self, pset2, pset), KERN_INVALID_RIGHT);
	EXPECT(mach_port_move_member(self, plain, ports[1]),
	       KERN_INVALID_RIGHT);
	mach_port_name_array_t members;
	mach_msg_type_number_t count = 0;
	EXPECT(mach_port_get_set_status(self, plain, &members, &count),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &plain),
	       KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, plain), KERN_SUCCESS);

	/* Destroying a set frees its members. */
	EXPECT(mach_port_destroy(self, pset), KERN_SUCCESS);
	CHECK_EQ(ipc_type(pset), 0);
	CHECK_EQ(ipc_status(ports[1]).mps_pset, MACH_PORT_NULL);
	EXPECT(ipc_send_int(ports[1], MACH_MSG_TYPE_COPY_SEND, 45, 45, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, ports[1], 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 45);
	CHECK_EQ(buf.head.msgh_seqno, received[1]);
	EXPECT(ipc_receive(&buf, pset, 0), MACH_RCV_INVALID_NAME);
	/* Destroying a member removes it from its set. */
	EXPECT(mach_port_destroy(self, ports[0]), KERN_SUCCESS);
	check_members(pset2, NULL, 0);
	EXPECT(ipc_receive(&buf, pset2, 0), MACH_RCV_TIMED_OUT);
	printf("ipc-portset: second set, errors, destroy ok\n");
}

static mach_port_t job_name;
static ipc_buf_t job_buf;

static mach_msg_return_t job_receive(void)
{
	return mach_msg_trap(&job_buf.head, MACH_RCV_MSG, 0, sizeof(job_buf),
			     job_name, 0, MACH_PORT_NULL);
}

static void blocked_receivers(void)
{
	mach_port_t self = mach_task_self(), set, p, t;

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	p = ipc_new_port_send();

	/* Waiting on an empty set; a port with a message joins it. */
	job_name = set;
	t = ipc_job_start(job_receive);
	EXPECT(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 46, 46, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(mach_port_move_member(self, p, set), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_MSG_SUCCESS);
	CHECK_EQ(job_buf.head.msgh_id, 46);
	CHECK_EQ(job_buf.head.msgh_local_port, p);
	printf("ipc-portset: a set receiver woken by a joining port ok\n");

	/* Waiting on a port that is moved into a set. */
	EXPECT(mach_port_move_member(self, p, MACH_PORT_NULL), KERN_SUCCESS);
	job_name = p;
	t = ipc_job_start(job_receive);
	EXPECT(mach_port_move_member(self, p, set), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_RCV_PORT_CHANGED);
	printf("ipc-portset: MACH_RCV_PORT_CHANGED ok\n");

	/* Waiting on a set that is destroyed. */
	job_name = set;
	t = ipc_job_start(job_receive);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	CHECK_EQ(ipc_job_finish(t), MACH_RCV_PORT_DIED);
	CHECK_EQ(ipc_status(p).mps_pset, MACH_PORT_NULL);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-portset: blocked receivers ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self();

	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &pset),
	       KERN_SUCCESS);
	for (int i = 0; i < NPORTS; i++) {
		ports[i] = ipc_new_port_send();
		CHECK_EQ(ipc_status(ports[i]).mps_pset, MACH_PORT_NULL);
		EXPECT(mach_port_move_member(self, ports[i], pset),
		       KERN_SUCCESS);
		CHECK_EQ(ipc_status(ports[i]).mps_pset, pset);
	}
	check_members(pset, ports, NPORTS);
	serve_through_set();
	move_out_and_in();
	other_set_and_destroy();
	blocked_receivers();
	TEST_SUCCESS();
}
