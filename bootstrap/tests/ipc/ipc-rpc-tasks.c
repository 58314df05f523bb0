/*
 * Boot test ipc-rpc-tasks: RPCs between two tasks (a Hurd client and
 * server's case), whose messages the fast path writes into the other
 * task's buffer through that task's page tables (a short one staged and
 * copied out in one go, a long one page by page: ipc/fastpath.c,
 * fast_copy). The server is a child task (task_create, inheriting this
 * task's memory) with one thread that receives on its service port and
 * replies through the send-once right in the same trap, checking every
 * body byte it gets; the rounds and their buffers are fixed before the
 * child is made. Each round's request has a body of its own size and
 * pattern, and the reply says how many body bytes the server found
 * right; the buffers: written by their task (so mapped and writable),
 * never touched (the copy finds no page there: the general path
 * delivers), and across a page boundary. The reply buffers likewise on
 * this side. Every round checks the reply (bits, size, id, the count)
 * and the seqno of both ports.
 */
#include "ipc_test.h"

#define SERVICE	 ((mach_port_t)0x11) /* the service port, in the child */
#define ID_REQ	 5000
#define ID_REPLY 5100
#define PAGE	 4096UL
#define BUF_MAX	 3000

struct round {
	uint32_t body;	   /* request body bytes */
	unsigned int rcv;  /* the server's buffer: one of BUF_* */
	unsigned int back; /* this task's reply buffer: one of BUF_* */
};

enum {
	BUF_TOUCHED,	 /* written by its task first */
	BUF_STRADDLE,	 /* written, across a page boundary */
	BUF_UNTOUCHED,	 /* a page its task never touched */
	BUF_UNTOUCHED_2, /* another one */
	BUF_KINDS
};

static const struct round rounds[] = {
	{0, BUF_TOUCHED, BUF_TOUCHED},	   {104, BUF_TOUCHED, BUF_TOUCHED},
	{480, BUF_TOUCHED, BUF_TOUCHED},   {1000, BUF_TOUCHED, BUF_TOUCHED},
	{296, BUF_STRADDLE, BUF_STRADDLE}, {2000, BUF_STRADDLE, BUF_TOUCHED},
	{104, BUF_UNTOUCHED, BUF_TOUCHED}, {0, BUF_UNTOUCHED_2, BUF_TOUCHED},
	{104, BUF_TOUCHED, BUF_UNTOUCHED}, {0, BUF_TOUCHED, BUF_UNTOUCHED_2},
	{8, BUF_TOUCHED, BUF_TOUCHED},
};
#define NROUNDS (sizeof(rounds) / sizeof(rounds[0]))

/* A request or a reply: the header, then the body (the reply's: the
 * count of right bytes, as the first word). */
typedef struct {
	mach_msg_header_t head;
	uint8_t body[BUF_MAX];
} msg_t;

/* The buffers of each kind, one set per task (the child's inherited
 * addresses: the same numbers, its own pages). */
static vm_address_t bufs[BUF_KINDS];
static vm_address_t child_stack;
/* Shared with the child (VM_INHERIT_SHARE): what the server saw. */
struct shared {
	volatile int rounds_done;
	volatile int error; /* the server's failing mach_msg code */
};
static struct shared *shared;

static uint8_t pattern(uint32_t round, uint32_t i)
{
	return (uint8_t)(i * 7 + round * 13 + 1);
}

static msg_t *buffer(unsigned int kind)
{
	return (msg_t *)bufs[kind];
}

/* The pages a task writes before it receives into them. */
static void touch_buffers(void)
{
	memset(buffer(BUF_TOUCHED), 0, sizeof(msg_t));
	memset(buffer(BUF_STRADDLE), 0, sizeof(msg_t));
}

/* Fill m as round r's reply, good the count of right body bytes. */
static void reply_fill(msg_t *m, uint32_t r, uint32_t good)
{
	m->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0);
	m->head.msgh_size = sizeof(m->head) + 8;
	m->head.msgh_local_port = MACH_PORT_NULL;
	m->head.msgh_id = ID_REPLY + (mach_msg_id_t)r;
	memcpy(m->body, &good, sizeof(good));
	memset(m->body + 4, 0, 4);
}

/* The child's thread: the server. It replies and receives the next
 * request in one trap, from and into the next round's buffer, but for
 * an untouched one, which it must not write first: then the reply from
 * this round's buffer, and the receive apart. */
static void server(void)
{
	msg_t *m = buffer(rounds[0].rcv);
	mach_msg_return_t mr;

	touch_buffers(); /* its own copies, written */
	mr = mach_msg_trap(&m->head, MACH_RCV_MSG, 0, sizeof(msg_t), SERVICE, 0,
			   MACH_PORT_NULL);
	for (uint32_t r = 0; r < NROUNDS && mr == MACH_MSG_SUCCESS; r++) {
		uint32_t good = 0;
		msg_t *next;

		if (m->head.msgh_id == (mach_msg_id_t)(ID_REQ + r) &&
		    m->head.msgh_size == sizeof(m->head) + rounds[r].body &&
		    m->head.msgh_local_port == SERVICE)
			for (uint32_t i = 0; i < rounds[r].body; i++)
				good += m->body[i] == pattern(r, i);
		shared->rounds_done = (int)r + 1;
		if (r + 1 == NROUNDS || rounds[r + 1].rcv >= BUF_UNTOUCHED) {
			reply_fill(m, r, good);
			mr = mach_msg_trap(&m->head, MACH_SEND_MSG,
					   m->head.msgh_size, 0, MACH_PORT_NULL,
					   0, MACH_PORT_NULL);
			if (mr != MACH_MSG_SUCCESS || r + 1 == NROUNDS)
				break;
			m = buffer(rounds[r + 1].rcv);
			mr = mach_msg_trap(&m->head, MACH_RCV_MSG, 0,
					   sizeof(msg_t), SERVICE, 0,
					   MACH_PORT_NULL);
			continue;
		}
		next = buffer(rounds[r + 1].rcv);
		if (next != m)
			memcpy(next, m, sizeof(m->head));
		m = next;
		reply_fill(m, r, good);
		mr = mach_msg_trap(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
				   m->head.msgh_size, sizeof(msg_t), SERVICE, 0,
				   MACH_PORT_NULL);
	}
	shared->error = mr != MACH_MSG_SUCCESS ? (int)mr : -1;
	idle_forever();
}

/* Round r from this side. */
static void rpc(mach_port_t service, mach_port_t reply, uint32_t r)
{
	msg_t *req = buffer(BUF_TOUCHED), *back = buffer(rounds[r].back);
	mach_msg_return_t mr;
	uint32_t good;

	req->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					     MACH_MSG_TYPE_MAKE_SEND_ONCE);
	req->head.msgh_size = sizeof(req->head) + rounds[r].body;
	req->head.msgh_remote_port = service;
	req->head.msgh_local_port = reply;
	req->head.msgh_id = ID_REQ + (mach_msg_id_t)r;
	for (uint32_t i = 0; i < rounds[r].body; i++)
		req->body[i] = pattern(r, i);
	if (back != req) { /* send from one buffer, receive into another */
		mr = mach_msg_trap(&req->head, MACH_SEND_MSG,
				   req->head.msgh_size, 0, MACH_PORT_NULL, 0,
				   MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS)
			mr = mach_msg_trap(&back->head, MACH_RCV_MSG, 0,
					   sizeof(msg_t), reply, 0,
					   MACH_PORT_NULL);
	} else {
		mr = mach_msg_trap(&req->head, MACH_SEND_MSG | MACH_RCV_MSG,
				   req->head.msgh_size, sizeof(msg_t), reply, 0,
				   MACH_PORT_NULL);
	}
	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("round %u: mach_msg returned 0x%x (server 0x%x)", r,
			  mr, shared->error);
	CHECK_EQ(back->head.msgh_id, ID_REPLY + (mach_msg_id_t)r);
	CHECK_EQ(back->head.msgh_size, sizeof(back->head) + 8);
	CHECK_EQ(back->head.msgh_bits,
		 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(back->head.msgh_local_port, reply);
	CHECK_EQ(back->head.msgh_seqno, r);
	memcpy(&good, back->body, sizeof(good));
	CHECK_EQ(good, rounds[r].body);
	CHECK_EQ(shared->rounds_done, (int)r + 1);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), service, reply, child, thread;
	vm_address_t page = 0, a = 0;

	EXPECT(vm_allocate(self, &page, PAGE, TRUE), KERN_SUCCESS);
	EXPECT(vm_inherit(self, page, PAGE, VM_INHERIT_SHARE), KERN_SUCCESS);
	shared = (struct shared *)page;
	EXPECT(vm_allocate(self, &child_stack, TEST_STACK_SIZE, TRUE),
	       KERN_SUCCESS);
	/* Each buffer on pages of its own: touched ones at a page's start
	 * and across a boundary (its header 100 bytes before it). */
	EXPECT(vm_allocate(self, &a, 12 * PAGE, TRUE), KERN_SUCCESS);
	bufs[BUF_TOUCHED] = a;
	bufs[BUF_STRADDLE] = a + 2 * PAGE - 100;
	bufs[BUF_UNTOUCHED] = a + 4 * PAGE + 200;
	bufs[BUF_UNTOUCHED_2] = a + 8 * PAGE;
	service = ipc_new_port();
	reply = ipc_new_port();

	EXPECT(task_create(self, TRUE, &child), KERN_SUCCESS);
	EXPECT(mach_port_insert_right(child, SERVICE, service,
				      MACH_MSG_TYPE_MOVE_RECEIVE),
	       KERN_SUCCESS);
	/* service now names nothing here: a send right under that name. */
	EXPECT(mach_port_extract_right(child, SERVICE, MACH_MSG_TYPE_MAKE_SEND,
				       &service, &(mach_msg_type_name_t){0}),
	       KERN_SUCCESS);
	touch_buffers(); /* writable here again after the inheritance */
	thread = task_thread_start(child, server, child_stack);

	for (uint32_t r = 0; r < NROUNDS; r++)
		rpc(service, reply, r);
	wait_flag(&shared->error, "the server's last reply");
	CHECK_EQ(shared->error, -1);
	printf("ipc-rpc-tasks: %u rounds between two tasks ok\n",
	       (unsigned int)NROUNDS);
	CHECK_EQ(ipc_status(reply).mps_seqno, NROUNDS);
	CHECK_EQ(ipc_status(reply).mps_sorights, 0);
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, service), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, reply), KERN_SUCCESS);
	TEST_SUCCESS();
}
