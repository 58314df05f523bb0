/*
 * Boot test ipc-rpc-resume: an RPC's client blocked in its receive after
 * the fast path sent its request (on x86_64 the client's kernel frames
 * are dropped then: arch_thread_switch_drop, docs/ipc-fastpath.md), and
 * every way it can run again other than by a fast reply straight into
 * user mode. Each case starts a client thread that makes one RPC
 * (mach_msg_trap, MACH_SEND_MSG | MACH_RCV_MSG, COPY_SEND on the service
 * port and MAKE_SEND_ONCE of its reply port) to the main thread, which
 * waits in a receive on the service port first; the main thread, with
 * the request, then:
 *  - complex: replies with a send right in the body (the general path
 *    queues it; the client's receive resumes and takes it);
 *  - abort: thread_abort()s the client (MACH_RCV_INTERRUPTED; the reply
 *    sent afterwards waits on the reply port);
 *  - destroy: destroys the client's reply port (MACH_RCV_PORT_DIED);
 *  - terminate: thread_terminate()s the client (the task's thread count
 *    back, the reply right still usable);
 *  - fpu: uses the FPU before its reply (the switch to the client is not
 *    the plain handoff), and both threads find their own MXCSR (x86_64);
 *  - general: waited in the general path's receive (its send complex), so
 *    the client's switch resumes the main thread's kernel frames;
 *  - set-state: thread_set_state()s the client's registers before the
 *    reply (rax as set is the trap's return value: the registers were
 *    replaced; the reply is still received).
 * First, on x86_64, round trips between two threads with fs bases of
 * their own (as glibc's threads have): each reads its own %fs:0 after
 * every trap (the handoff loads the other's bases).
 * Every case checks what the client got and prints it; fastpath-diff.sh
 * compares the lines with the fast path off.
 */
#include "ipc_test.h"

#define ID_REQ	   3000
#define ID_REPLY   3100
#define ID_DONE	   3200
#define STATE_MARK 0x5a5a

static mach_port_t service, extra, sink;

/* The client's RPC, its result and reply. */
static mach_port_t client_reply;
static volatile int client_done;
static volatile mach_msg_return_t client_mr;
static ipc_buf_t client_buf;
static volatile uint32_t client_mxcsr_before, client_mxcsr_after;
static volatile int client_use_fpu, client_then_done;

/* The SSE control register: FPU state that compiled code leaves alone
 * (0 where there is no SSE to test). */
static uint32_t mxcsr_get(void)
{
	uint32_t v = 0;

#ifdef __x86_64__
	__asm__ volatile("stmxcsr %0" : "=m"(v));
#endif
	return v;
}

static void mxcsr_set(uint32_t v)
{
#ifdef __x86_64__
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
#else
	(void)v;
#endif
}

#define MXCSR_DEFAULT 0x1f80
#define MXCSR_DOWN    0x3f80 /* rounding down */
#define MXCSR_ZERO    0x7f80 /* rounding toward zero */
#define MXCSR_HAS(v)  (sizeof(void *) == 8 ? (v) : 0)

static void client(void)
{
	ipc_int_msg_t *m = (ipc_int_msg_t *)&client_buf;

	if (client_use_fpu)
		mxcsr_set(client_mxcsr_before);
	ipc_int_msg(m,
		    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				   MACH_MSG_TYPE_MAKE_SEND_ONCE),
		    service, client_reply, ID_REQ, 7);
	client_mr = mach_msg_trap(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof(*m), sizeof(client_buf), client_reply,
				  0, MACH_PORT_NULL);
	if (client_use_fpu) {
		client_mxcsr_after = mxcsr_get();
		mxcsr_set(MXCSR_DEFAULT);
	}
	client_done = 1;
	if (client_then_done) { /* a last message: the main thread waits */
		ipc_int_msg_t d;

		ipc_int_msg(&d, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			    service, MACH_PORT_NULL, ID_DONE, 0);
		mach_msg_trap(&d.head, MACH_SEND_MSG, sizeof(d), 0,
			      MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
	idle_forever();
}

/* Start a client and take its request (the main thread waits first:
 * option adds to MACH_RCV_MSG, send the message sent with it, if any);
 * returns the client's thread and *so, the reply right. */
static mach_port_t take_request(ipc_buf_t *req, mach_msg_option_t option,
				mach_msg_size_t send_size, mach_port_t *so)
{
	ipc_int_msg_t *m = (ipc_int_msg_t *)req;
	mach_port_t thread;

	client_reply = ipc_new_port();
	client_done = 0;
	thread = start_thread(client);
	EXPECT(mach_msg_trap(&req->head, MACH_RCV_MSG | option, send_size,
			     sizeof(*req), service, 0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	CHECK_EQ(req->head.msgh_id, ID_REQ);
	CHECK_EQ(req->head.msgh_size, sizeof(ipc_int_msg_t));
	CHECK_EQ(m->value, 7);
	CHECK_EQ(req->head.msgh_bits,
		 MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND_ONCE,
				MACH_MSG_TYPE_PORT_SEND));
	*so = req->head.msgh_remote_port;
	CHECK(MACH_PORT_VALID(*so));
	return thread;
}

/* A simple reply through the send-once right so, in buf (option adds
 * to MACH_SEND_MSG: with MACH_RCV_MSG, the next message on the service
 * port is received there). */
static mach_msg_return_t reply_simple(mach_port_t so, mach_msg_option_t option,
				      ipc_buf_t *buf)
{
	ipc_int_msg_t *m = (ipc_int_msg_t *)buf;

	ipc_int_msg(m, MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so,
		    MACH_PORT_NULL, ID_REPLY, 8);
	return mach_msg_trap(&m->head, MACH_SEND_MSG | option, sizeof(*m),
			     sizeof(*buf), service, 0, MACH_PORT_NULL);
}

/* The client's reply as received: the simple one. */
static void check_simple_reply(const ipc_buf_t *buf)
{
	const ipc_int_msg_t *m = (const ipc_int_msg_t *)buf;

	CHECK_EQ(buf->head.msgh_id, ID_REPLY);
	CHECK_EQ(buf->head.msgh_size, sizeof(ipc_int_msg_t));
	CHECK_EQ(buf->head.msgh_bits,
		 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	CHECK_EQ(buf->head.msgh_local_port, client_reply);
	CHECK_EQ(m->value, 8);
}

/* The end of a case: the client thread and its reply port gone. */
static void end_case(mach_port_t thread, unsigned int threads)
{
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	if (client_reply != MACH_PORT_NULL)
		EXPECT(mach_port_destroy(mach_task_self(), client_reply),
		       KERN_SUCCESS);
	client_reply = MACH_PORT_NULL;
	CHECK_EQ(task_thread_count(), threads);
}

static void case_complex(unsigned int threads)
{
	ipc_buf_t req, buf;
	struct ipc_builder b;
	mach_port_t so, t = take_request(&req, 0, 0, &so);
	size_t off;

	ipc_b_init(&b, &buf, so, MACH_MSG_TYPE_MOVE_SEND_ONCE, ID_REPLY);
	ipc_b_type(&b, ipc_inline(MACH_MSG_TYPE_COPY_SEND, IPC_PORT_BITS, 1));
	ipc_b_slot(&b, extra);
	buf.head.msgh_size = b.off;
	EXPECT(ipc_b_send(&b), MACH_MSG_SUCCESS);
	wait_flag(&client_done, "the client's complex reply");
	CHECK_EQ(client_mr, MACH_MSG_SUCCESS);
	CHECK_EQ(client_buf.head.msgh_id, ID_REPLY);
	CHECK_EQ(client_buf.head.msgh_bits,
		 MACH_MSGH_BITS_COMPLEX |
			 MACH_MSGH_BITS(0, MACH_MSG_TYPE_PORT_SEND_ONCE));
	off = ipc_check_type(
		&client_buf, IPC_BODY,
		ipc_inline(MACH_MSG_TYPE_PORT_SEND, IPC_PORT_BITS, 1));
	CHECK_EQ(ipc_slot(&client_buf, off), extra); /* the same name */
	CHECK_EQ(ipc_refs(extra, MACH_PORT_RIGHT_SEND), 2);
	EXPECT(mach_port_deallocate(mach_task_self(), extra), KERN_SUCCESS);
	end_case(t, threads);
	printf("ipc-rpc-resume: complex reply 0x%x\n", client_mr);
}

static void case_abort(unsigned int threads)
{
	ipc_buf_t req, buf;
	mach_port_t so, t = take_request(&req, 0, 0, &so);

	ipc_wait_blocked(t);
	EXPECT(thread_abort(t), KERN_SUCCESS);
	wait_flag(&client_done, "the aborted client");
	CHECK_EQ(client_mr, MACH_RCV_INTERRUPTED);
	/* The receive took nothing: the reply waits on the port. */
	EXPECT(reply_simple(so, 0, &buf), MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, client_reply, 0), MACH_MSG_SUCCESS);
	check_simple_reply(&buf);
	end_case(t, threads);
	printf("ipc-rpc-resume: aborted client 0x%x\n", client_mr);
}

static void case_destroy(unsigned int threads)
{
	ipc_buf_t req;
	mach_port_t so, t = take_request(&req, 0, 0, &so);

	EXPECT(mach_port_destroy(mach_task_self(), client_reply), KERN_SUCCESS);
	client_reply = MACH_PORT_NULL;
	wait_flag(&client_done, "the client of a destroyed port");
	CHECK_EQ(client_mr, MACH_RCV_PORT_DIED);
	CHECK_EQ(ipc_type(so), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_deallocate(mach_task_self(), so), KERN_SUCCESS);
	end_case(t, threads);
	printf("ipc-rpc-resume: destroyed reply port 0x%x\n", client_mr);
}

static void case_terminate(unsigned int threads)
{
	ipc_buf_t req, buf;
	mach_port_t so, t = take_request(&req, 0, 0, &so);

	ipc_wait_blocked(t);
	EXPECT(thread_terminate(t), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), t), KERN_SUCCESS);
	CHECK_EQ(task_thread_count(), threads);
	CHECK(!client_done);
	/* The reply port and the right to it are as they were. */
	EXPECT(reply_simple(so, 0, &buf), MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, client_reply, 0), MACH_MSG_SUCCESS);
	check_simple_reply(&buf);
	EXPECT(mach_port_destroy(mach_task_self(), client_reply), KERN_SUCCESS);
	client_reply = MACH_PORT_NULL;
	printf("ipc-rpc-resume: terminated client\n");
}

static void case_fpu(unsigned int threads)
{
	ipc_buf_t req, buf;
	mach_port_t so, t;

	client_use_fpu = 1;
	client_then_done = 1;
	client_mxcsr_before = MXCSR_DOWN;
	t = take_request(&req, 0, 0, &so);
	mxcsr_set(MXCSR_ZERO);
	/* The reply, then the client's last message. */
	EXPECT(reply_simple(so, MACH_RCV_MSG, &buf), MACH_MSG_SUCCESS);
	CHECK_EQ(mxcsr_get(), MXCSR_HAS(MXCSR_ZERO));
	mxcsr_set(MXCSR_DEFAULT);
	CHECK_EQ(buf.head.msgh_id, ID_DONE);
	CHECK(client_done);
	CHECK_EQ(client_mr, MACH_MSG_SUCCESS);
	check_simple_reply(&client_buf);
	CHECK_EQ(client_mxcsr_after, MXCSR_HAS(MXCSR_DOWN));
	client_use_fpu = 0;
	client_then_done = 0;
	end_case(t, threads);
	printf("ipc-rpc-resume: fpu 0x%x\n", client_mr);
}

static void case_general(unsigned int threads)
{
	ipc_buf_t req;
	struct ipc_builder b;
	mach_port_t so, t;
	ipc_buf_t *sent = &req;

	/* A complex send in the same trap: the general path does it all. */
	ipc_b_init(&b, sent, sink, MACH_MSG_TYPE_COPY_SEND, ID_DONE);
	ipc_b_type(&b, ipc_inline(MACH_MSG_TYPE_COPY_SEND, IPC_PORT_BITS, 1));
	ipc_b_slot(&b, extra);
	sent->head.msgh_size = b.off;
	t = take_request(&req, MACH_SEND_MSG, b.off, &so);
	EXPECT(reply_simple(so, 0, &req), MACH_MSG_SUCCESS);
	wait_flag(&client_done, "the client");
	CHECK_EQ(client_mr, MACH_MSG_SUCCESS);
	check_simple_reply(&client_buf);
	end_case(t, threads);
	printf("ipc-rpc-resume: general receive 0x%x\n", client_mr);
}

static void case_set_state(unsigned int threads)
{
	ipc_buf_t req;
	struct i386_thread_state st;
	mach_msg_type_number_t n = i386_THREAD_STATE_COUNT;
	mach_port_t so, t;

	client_then_done = 1;
	t = take_request(&req, 0, 0, &so);
	ipc_wait_blocked(t);
	EXPECT(thread_get_state(t, i386_THREAD_STATE, (thread_state_t)&st, &n),
	       KERN_SUCCESS);
	CHECK_EQ(st.TS_RET, (unsigned long)(long)-25); /* blocked in mach_msg */
	st.TS_RET = STATE_MARK;
	EXPECT(thread_set_state(t, i386_THREAD_STATE, (thread_state_t)&st,
				i386_THREAD_STATE_COUNT),
	       KERN_SUCCESS);
	/* The reply, then the client's last message. */
	EXPECT(reply_simple(so, MACH_RCV_MSG, &req), MACH_MSG_SUCCESS);
	CHECK_EQ(req.head.msgh_id, ID_DONE);
	CHECK(client_done);
	CHECK_EQ(client_mr, STATE_MARK);
	check_simple_reply(&client_buf);
	client_then_done = 0;
	end_case(t, threads);
	printf("ipc-rpc-resume: replaced registers 0x%x\n", client_mr);
}

#ifdef __x86_64__
#define TLS_ROUNDS 200
static uint64_t tls_client_block[2] = {0xa1a1a1a1a1a1a1a1ULL, 0};
static uint64_t tls_main_block[2] = {0xb2b2b2b2b2b2b2b2ULL, 0};
static volatile int tls_bad_round;

static uint64_t fs_word(void)
{
	uint64_t v;

	__asm__ volatile("movq %%fs:0, %0" : "=r"(v));
	return v;
}

static void fs_base_set(mach_port_t thread, uint64_t *block)
{
	struct i386_fsgs_base_state fsgs = {.fs_base = (uintptr_t)block};

	EXPECT(thread_set_state(thread, i386_FSGS_BASE_STATE,
				(thread_state_t)&fsgs,
				i386_FSGS_BASE_STATE_COUNT),
	       KERN_SUCCESS);
}

static void tls_client(void)
{
	ipc_buf_t buf;
	ipc_int_msg_t *m = (ipc_int_msg_t *)&buf;

	for (int i = 1; i <= TLS_ROUNDS; i++) {
		ipc_int_msg(m,
			    MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					   MACH_MSG_TYPE_MAKE_SEND_ONCE),
			    service, client_reply, ID_REQ, 7);
		if (mach_msg_trap(&m->head, MACH_SEND_MSG | MACH_RCV_MSG,
				  sizeof(*m), sizeof(buf), client_reply, 0,
				  MACH_PORT_NULL) != MACH_MSG_SUCCESS ||
		    buf.head.msgh_id != ID_REPLY ||
		    fs_word() != tls_client_block[0]) {
			tls_bad_round = i;
			break;
		}
	}
	client_done = 1;
	idle_forever();
}

static void case_tls(unsigned int threads)
{
	struct i386_thread_state st;
	mach_port_t me = mach_thread_self(), so, t;
	ipc_buf_t req;

	fs_base_set(me, tls_main_block);
	client_reply = ipc_new_port();
	client_done = 0;
	t = make_thread(tls_client, &st);
	fs_base_set(t, tls_client_block);
	EXPECT(thread_resume(t), KERN_SUCCESS);
	EXPECT(mach_msg_trap(&req.head, MACH_RCV_MSG, 0, sizeof(req), service,
			     0, MACH_PORT_NULL),
	       MACH_MSG_SUCCESS);
	for (int i = 1; i <= TLS_ROUNDS; i++) {
		CHECK_EQ(req.head.msgh_id, ID_REQ);
		CHECK_EQ(fs_word(), tls_main_block[0]);
		so = req.head.msgh_remote_port;
		EXPECT(reply_simple(so, i < TLS_ROUNDS ? MACH_RCV_MSG : 0,
				    &req),
		       MACH_MSG_SUCCESS);
	}
	wait_flag(&client_done, "the client's round trips");
	CHECK_EQ(tls_bad_round, 0);
	CHECK_EQ(fs_word(), tls_main_block[0]);
	fs_base_set(me, NULL);
	EXPECT(mach_port_deallocate(mach_task_self(), me), KERN_SUCCESS);
	end_case(t, threads);
	printf("ipc-rpc-resume: %d round trips, fs bases kept\n", TLS_ROUNDS);
}
#endif

int main(int argc, char **argv, char **envp)
{
	unsigned int threads;

	service = ipc_new_port_send();
	extra = ipc_new_port_send();
	sink = ipc_new_port_send();
	threads = task_thread_count();
#ifdef __x86_64__
	case_tls(threads); /* first: neither thread has used the FPU (a
			    * switch to or from one that has is not the
			    * plain handoff whose loads this checks) */
#endif
	case_complex(threads);
	case_abort(threads);
	case_destroy(threads);
	case_terminate(threads);
	case_fpu(threads);
	case_general(threads);
	case_set_state(threads);
	ipc_check_empty(service);
	CHECK_EQ(ipc_status(sink).mps_msgcount, 1); /* case_general's */
	EXPECT(mach_port_destroy(mach_task_self(), sink), KERN_SUCCESS);
	CHECK_EQ(ipc_refs(extra, MACH_PORT_RIGHT_SEND), 1);
	TEST_SUCCESS();
}
