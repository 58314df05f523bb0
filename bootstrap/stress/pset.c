/*
 * bootstrap/stress/pset.c - port-set fan-in: STRESS_PSET_SENDERS threads
 * send to PSET_PORTS ports that sit in one port set; the main thread
 * receives everything from the set and checks each sender's sequence.
 * Every eighth message carries a send-once right to another member. Each
 * round then leaves messages queued and destroys the ports and the set
 * with them; the last round before each check starts with a kmem fault
 * injection on the port cache (mach5_test_inject).
 */
#include <string.h>

#include "stress.h"

#define PSET_SENDERS 4
#define PSET_PORTS   32
#define PSET_MSGS    200 /* per sender and round */
#define ROUNDS	     4
#define LEFT_QUEUED  3 /* messages per port left at destruction */

struct pset_msg {
	mach_msg_header_t head;
	mach_msg_type_t seq_type;
	unsigned int sender, seq;
	mach_msg_type_t port_type;
	mach_port_name_inlined_t port;
};

struct pset_sender {
	struct stress_thread thread;
	unsigned int id;
	struct pset_msg msg;
};

static mach_port_t set, ports[PSET_PORTS];
static struct pset_sender senders[PSET_SENDERS];
static union {
	struct pset_msg msg;
	char bytes[256];
} rcv;

static mach_msg_return_t pset_send(struct pset_msg *m, unsigned int sender,
				   unsigned int seq)
{
	mach_msg_size_t size = __builtin_offsetof(struct pset_msg, port_type);

	m->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m->head.msgh_remote_port = ports[(seq * 7 + sender) % PSET_PORTS];
	m->head.msgh_local_port = MACH_PORT_NULL;
	m->head.msgh_id = 9000;
	m->seq_type = (mach_msg_type_t){.msgt_name = MACH_MSG_TYPE_INTEGER_32,
					.msgt_size = 32,
					.msgt_number = 2,
					.msgt_inline = 1};
	m->sender = sender;
	m->seq = seq;
	if (seq % 8 == 7) {
		m->head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		m->port_type = (mach_msg_type_t){
			.msgt_name = MACH_MSG_TYPE_MAKE_SEND_ONCE,
			.msgt_size = MSG_PORT_BITS,
			.msgt_number = 1,
			.msgt_inline = 1};
		memset(&m->port, 0, sizeof(m->port));
		m->port.name = ports[(seq + 1) % PSET_PORTS];
		size = sizeof(*m);
	}
	return mach_msg(&m->head, MACH_SEND_MSG, size, 0, MACH_PORT_NULL, 0,
			MACH_PORT_NULL);
}

static void pset_sender_run(void *arg)
{
	struct pset_sender *s = arg;

	for (unsigned int seq = 0; seq < PSET_MSGS * stress_scale; seq++) {
		mach_msg_return_t mr = pset_send(&s->msg, s->id, seq);
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("pset: send %u: %#x", seq, mr);
	}
}

static void pset_setup(void)
{
	mach_port_t self = mach_task_self();

	EXPECT_OK(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set));
	for (int i = 0; i < PSET_PORTS; i++) {
		ports[i] = stress_port_alloc();
		EXPECT_OK(mach_port_move_member(self, ports[i], set));
	}
}

/* Destroy the ports (with the messages left on them) and the set. */
static void pset_teardown(void)
{
	mach_port_t self = mach_task_self();

	for (unsigned int seq = 0; seq < PSET_PORTS * LEFT_QUEUED; seq++)
		if (pset_send(&senders[0].msg, 0, seq) != MACH_MSG_SUCCESS)
			TEST_FAIL("pset: leaving a message queued");
	for (int i = 0; i < PSET_PORTS; i++) {
		/* Half leave the set first, half go with it. */
		if (i % 2)
			EXPECT_OK(mach_port_move_member(self, ports[i],
							MACH_PORT_NULL));
		EXPECT_OK(mach_port_destroy(self, ports[i]));
	}
	EXPECT_OK(mach_port_destroy(self, set));
}

/* One round: returns the number of messages received. */
static unsigned long pset_round(void)
{
	unsigned int next[PSET_SENDERS] = {0};
	unsigned long total =
		(unsigned long)PSET_SENDERS * PSET_MSGS * stress_scale;

	pset_setup();
	for (unsigned int i = 0; i < PSET_SENDERS; i++) {
		senders[i].id = i;
		stress_thread_start(&senders[i].thread, pset_sender_run,
				    &senders[i]);
	}
	for (unsigned long n = 0; n < total; n++) {
		mach_msg_return_t mr =
			mach_msg(&rcv.msg.head, MACH_RCV_MSG, 0, sizeof(rcv),
				 set, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("pset: receive: %#x", mr);
		if (rcv.msg.head.msgh_id == 9001)
			continue; /* sent to a send-once right, below */
		unsigned int s = rcv.msg.sender, seq = rcv.msg.seq;
		if (s >= PSET_SENDERS || seq < next[s])
			TEST_FAIL("pset: sender %u seq %u out of order", s,
				  seq);
		next[s] = seq + 1;
		if (rcv.msg.head.msgh_bits & MACH_MSGH_BITS_COMPLEX) {
			/* Use up the send-once right: a message to it. */
			mach_msg_header_t h = {
				.msgh_bits = MACH_MSGH_BITS(
					MACH_MSG_TYPE_MOVE_SEND_ONCE, 0),
				.msgh_size = sizeof(h),
				.msgh_remote_port = rcv.msg.port.name,
				.msgh_id = 9001,
			};
			if (mach_msg(&h, MACH_SEND_MSG, sizeof(h), 0,
				     MACH_PORT_NULL, 0, MACH_PORT_NULL))
				TEST_FAIL("pset: send to a send-once right");
			total++; /* that message comes back through the set */
		}
	}
	for (unsigned int i = 0; i < PSET_SENDERS; i++)
		stress_thread_join(&senders[i].thread);
	pset_teardown();
	return total;
}

/* A port allocation under injected failures fails cleanly. */
static void pset_inject(void)
{
	mach_port_t port;

	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_KMEM,
				    "port", 1));
	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &port),
	       KERN_RESOURCE_SHORTAGE);
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_KMEM,
				    "port", 0));
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_KMEM,
				    "pset", 1));
	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET,
				  &port),
	       KERN_RESOURCE_SHORTAGE);
	EXPECT_OK(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_KMEM,
				    "pset", 0));
	EXPECT(mach5_test_inject(stress_test_port, MACH5_TEST_INJECT_KMEM,
				 "no such cache", 1),
	       KERN_INVALID_ARGUMENT);
	EXPECT(mach5_test_inject(stress_test_port, 99, "", 1), KERN_FAILURE);
}

void stress_pset(void)
{
	unsigned long msgs = 0;

	pset_round(); /* warm-up */
	stress_baseline("pset");
	pset_inject();
	for (int r = 0; r < ROUNDS; r++)
		msgs += pset_round();
	stress_check("pset", msgs);
}
