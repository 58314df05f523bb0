/*
 * bootstrap/stress/rpc.c - the RPC storm: STRESS_RPC_THREADS client
 * threads, each with its own reply port, make RPCs to the
 * STRESS_NR_SERVICES service ports of stress-server (another task, served
 * by STRESS_SERVER_THREADS threads). A third of the requests carry a
 * send-once right and a third a send right to a port of the client's,
 * which come back in the reply and are then consumed by a message to
 * that port. Every round ends with the threads' ports destroyed and the
 * threads terminated.
 */
#include <string.h>

#include "stress.h"
#include "stress_proto.h"

#define STRESS_RPC_THREADS 4
#define RPCS_PER_ROUND	   300
#define ROUNDS		   4

static mach_port_t services[STRESS_NR_SERVICES];

struct rpc_client {
	struct stress_thread thread;
	int id;
	unsigned long rpcs;
	mach_port_t reply;   /* receive right (mach_reply_port) */
	mach_port_t payload; /* receive + send: the right that travels */
	struct stress_buffer buf;
};

static struct rpc_client clients[STRESS_RPC_THREADS];

/* Send rights to the service ports (the server may not have made them
 * yet: retry for a while). */
void stress_connect(void)
{
	for (int i = 0; i < STRESS_NR_SERVICES; i++) {
		mach_msg_type_name_t type;
		kern_return_t kr = KERN_FAILURE;

		if (services[i] != MACH_PORT_NULL)
			continue;
		TEST_WAIT_UNTIL(
			(kr = mach_port_extract_right(
				 stress_server, STRESS_SERVICE_FIRST + i,
				 MACH_MSG_TYPE_MAKE_SEND, &services[i],
				 &type)) == KERN_SUCCESS,
			30, "no service port %d from the server in 30 s: 0x%x",
			i, kr);
	}
}

mach_port_t stress_service(unsigned int i)
{
	return services[i % STRESS_NR_SERVICES];
}

/* Build request k of client c in c->buf; returns its size. */
static mach_msg_size_t rpc_build(struct rpc_client *c, unsigned long k)
{
	struct stress_rpc_msg *m = &c->buf.rpc;
	unsigned int len = (k * 37 + c->id * 11) % STRESS_MAX_INLINE;
	mach_msg_size_t size;

	m->head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m->head.msgh_remote_port = stress_service(k * 5 + c->id);
	m->head.msgh_local_port = c->reply;
	m->head.msgh_id = STRESS_ID_RPC;
	m->data_type = (mach_msg_type_t){.msgt_name = MACH_MSG_TYPE_BYTE,
					 .msgt_size = 8,
					 .msgt_number = len,
					 .msgt_inline = 1};
	memset(m->data, (int)(k + c->id), len);
	size = sizeof(m->head) + sizeof(m->data_type) + msg_align(len);
	if (k % 3 != 0) {
		mach_msg_type_t *t = (mach_msg_type_t *)((char *)m + size);
		mach_port_name_inlined_t *p = (void *)(t + 1);

		*t = (mach_msg_type_t){
			.msgt_name = k % 3 == 1 ? MACH_MSG_TYPE_MAKE_SEND_ONCE
						: MACH_MSG_TYPE_MAKE_SEND,
			.msgt_size = MSG_PORT_BITS,
			.msgt_number = 1,
			.msgt_inline = 1};
		memset(p, 0, sizeof(*p));
		p->name = c->payload;
		m->head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
		size += sizeof(*t) + sizeof(*p);
	}
	return size;
}

/* Consume the right that came back (name, of type) with a message to
 * the payload port, then receive that message. */
static void rpc_consume(struct rpc_client *c, mach_port_t name,
			mach_msg_type_name_t type)
{
	mach_msg_header_t h = {
		.msgh_bits = MACH_MSGH_BITS(type, 0),
		.msgh_size = sizeof(h),
		.msgh_remote_port = name,
		.msgh_id = 1,
	};
	mach_msg_return_t mr =
		mach_msg(&h, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(h), sizeof(h),
			 c->payload, 0, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("rpc: consuming a returned right: %#x", mr);
}

static void rpc_check_reply(struct rpc_client *c, unsigned long k)
{
	struct stress_rpc_msg *m = &c->buf.rpc;
	unsigned int len = m->data_type.msgt_number;

	if (m->head.msgh_id != STRESS_ID_RPC + 100 ||
	    len != (k * 37 + c->id * 11) % STRESS_MAX_INLINE)
		TEST_FAIL("rpc: bad reply id %d len %u", m->head.msgh_id, len);
	for (unsigned int i = 0; i < len; i++)
		if (m->data[i] != (char)(k + c->id))
			TEST_FAIL("rpc: reply data differs at %u", i);
	if (k % 3 != 0) {
		mach_msg_size_t off =
			sizeof(m->head) + sizeof(m->data_type) + msg_align(len);
		mach_msg_type_t *t = (mach_msg_type_t *)((char *)m + off);
		mach_port_name_inlined_t *p = (void *)(t + 1);
		mach_msg_type_name_t want =
			k % 3 == 1 ? MACH_MSG_TYPE_PORT_SEND_ONCE
				   : MACH_MSG_TYPE_PORT_SEND;

		if (t->msgt_name != want)
			TEST_FAIL("rpc: right of type %u, expected %u",
				  t->msgt_name, want);
		rpc_consume(c, p->name, want);
	}
}

static void rpc_client_run(void *arg)
{
	struct rpc_client *c = arg;

	for (unsigned long k = 0; k < RPCS_PER_ROUND * stress_scale; k++) {
		mach_msg_size_t size = rpc_build(c, k);
		mach_msg_return_t mr = mach_msg(
			&c->buf.head, MACH_SEND_MSG | MACH_RCV_MSG, size,
			sizeof(c->buf), c->reply, 0, MACH_PORT_NULL);
		if (mr != MACH_MSG_SUCCESS)
			TEST_FAIL("rpc: mach_msg %lu: %#x", k, mr);
		rpc_check_reply(c, k);
		c->rpcs++;
	}
}

static unsigned long rpc_round(void)
{
	unsigned long rpcs = 0;

	for (int i = 0; i < STRESS_RPC_THREADS; i++) {
		struct rpc_client *c = &clients[i];
		c->id = i;
		c->rpcs = 0;
		c->reply = mach_reply_port();
		c->payload = stress_port_alloc();
		stress_thread_start(&c->thread, rpc_client_run, c);
	}
	for (int i = 0; i < STRESS_RPC_THREADS; i++) {
		struct rpc_client *c = &clients[i];
		stress_thread_join(&c->thread);
		stress_port_destroy(c->reply);
		stress_port_destroy(c->payload);
		rpcs += c->rpcs;
	}
	return rpcs;
}

void stress_rpc(void)
{
	unsigned long rpcs = 0;

	if (stress_server == MACH_PORT_NULL)
		TEST_FAIL("rpc: no ${server} argument");
	stress_connect();
	rpc_round(); /* warm-up */
	stress_baseline("rpc");
	for (int r = 0; r < ROUNDS; r++)
		rpcs += rpc_round();
	stress_check("rpc", rpcs);
}
