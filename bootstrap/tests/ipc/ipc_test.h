/*
 * bootstrap/tests/ipc/ipc_test.h - helpers shared by the IPC boot tests
 * (ipc-*.c): ports, rights and their counts, plain messages through
 * mach_msg_trap, and message buffers.
 *
 * libmach's MIG runtime keeps one reply port per task: only the main
 * thread makes RPCs (mach_port_*, thread_*); helper threads use traps.
 */
#ifndef IPC_TEST_H
#define IPC_TEST_H

#include <stdint.h>
#include <string.h>

#include <mach/mach_port.h>
#include <mach/notify.h>
#include <mach/thread_info.h>

#include "../mach_test_util.h"

/* A message buffer big enough for every test message. */
typedef union {
	mach_msg_header_t head;
	unsigned char bytes[1024];
	uint64_t words[128];
} ipc_buf_t;

/* A simple message: header plus one INTEGER_32 item (48 bytes). */
typedef struct {
	mach_msg_header_t head;
	mach_msg_type_t type;
	uint32_t value;
	uint32_t pad;
} ipc_int_msg_t;
_Static_assert(sizeof(ipc_int_msg_t) == 48, "ipc_int_msg_t");

static const mach_msg_type_t ipc_int32_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* A new receive right in this task. */
static inline mach_port_t ipc_new_port(void)
{
	mach_port_t name;

	EXPECT(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				  &name),
	       KERN_SUCCESS);
	return name;
}

/* A new receive right with a send right under the same name. */
static inline mach_port_t ipc_new_port_send(void)
{
	mach_port_t name = ipc_new_port();

	EXPECT(mach_port_insert_right(mach_task_self(), name, name,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	return name;
}

/* A new send-once right (fresh name) to the receive right port. */
static inline mach_port_t ipc_make_send_once(mach_port_t port)
{
	mach_port_t so = MACH_PORT_NULL;
	mach_msg_type_name_t type = 0;

	EXPECT(mach_port_extract_right(mach_task_self(), port,
				       MACH_MSG_TYPE_MAKE_SEND_ONCE, &so,
				       &type),
	       KERN_SUCCESS);
	CHECK_EQ(type, MACH_MSG_TYPE_PORT_SEND_ONCE);
	CHECK(MACH_PORT_VALID(so) && so != port);
	return so;
}

/* User references of right on name (fails the test on error). */
static inline mach_port_urefs_t ipc_refs(mach_port_t name,
					 mach_port_right_t right)
{
	mach_port_urefs_t refs = 0;

	EXPECT(mach_port_get_refs(mach_task_self(), name, right, &refs),
	       KERN_SUCCESS);
	return refs;
}

/* The type bits of name, or 0 when the name does not exist. */
static inline mach_port_type_t ipc_type(mach_port_t name)
{
	mach_port_type_t type = 0;
	kern_return_t kr = mach_port_type(mach_task_self(), name, &type);

	if (kr == KERN_INVALID_NAME)
		return 0;
	EXPECT(kr, KERN_SUCCESS);
	return type;
}

static inline mach_port_status_t ipc_status(mach_port_t name)
{
	mach_port_status_t status;

	EXPECT(mach_port_get_receive_status(mach_task_self(), name, &status),
	       KERN_SUCCESS);
	return status;
}

/* Fill an ipc_int_msg_t. */
static inline void ipc_int_msg(ipc_int_msg_t *m, mach_msg_bits_t bits,
			       mach_port_t remote, mach_port_t local,
			       mach_msg_id_t id, uint32_t value)
{
	memset(m, 0, sizeof(*m));
	m->head.msgh_bits = bits;
	m->head.msgh_size = sizeof(*m);
	m->head.msgh_remote_port = remote;
	m->head.msgh_local_port = local;
	m->head.msgh_id = id;
	m->type = ipc_int32_type;
	m->value = value;
}

/* Send an ipc_int_msg_t through remote with disposition disp. */
static inline mach_msg_return_t ipc_send_int(mach_port_t remote,
					     mach_msg_type_name_t disp,
					     mach_msg_id_t id, uint32_t value,
					     mach_msg_option_t option,
					     mach_msg_timeout_t timeout)
{
	ipc_int_msg_t m;

	ipc_int_msg(&m, MACH_MSGH_BITS(disp, 0), remote, MACH_PORT_NULL, id,
		    value);
	return mach_msg_trap(&m.head, MACH_SEND_MSG | option, sizeof(m), 0,
			     MACH_PORT_NULL, timeout, MACH_PORT_NULL);
}

/* Receive on name into buf, waiting at most timeout ms. */
static inline mach_msg_return_t ipc_receive(ipc_buf_t *buf, mach_port_t name,
					    mach_msg_timeout_t timeout)
{
	return mach_msg_trap(&buf->head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			     sizeof(*buf), name, timeout, MACH_PORT_NULL);
}

/* Nothing is queued on name (a receive with a zero timeout times out). */
static inline void ipc_check_empty(mach_port_t name)
{
	ipc_buf_t buf;

	EXPECT(ipc_receive(&buf, name, 0), MACH_RCV_TIMED_OUT);
}

/* Yield until thread is blocked in the kernel. */
static inline void ipc_wait_blocked(mach_port_t thread)
{
	wait_thread_waiting(thread, "the thread");
}

/*
 * A job: one helper thread runs fn (traps only), which blocks in the
 * kernel; ipc_job_start returns once it is blocked, ipc_job_finish waits
 * for fn's result and ends the thread. One job at a time.
 */
static mach_msg_return_t (*volatile ipc_job_fn)(void);
static volatile int ipc_job_done;
static volatile mach_msg_return_t ipc_job_result;

static inline void ipc_job_thread(void)
{
	ipc_job_result = ipc_job_fn();
	ipc_job_done = 1;
	idle_forever();
}

static inline mach_port_t ipc_job_start(mach_msg_return_t (*fn)(void))
{
	mach_port_t thread;

	ipc_job_done = 0;
	ipc_job_fn = fn;
	thread = start_thread(ipc_job_thread);
	ipc_wait_blocked(thread);
	CHECK(!ipc_job_done);
	return thread;
}

static inline mach_msg_return_t ipc_job_finish(mach_port_t thread)
{
	wait_flag(&ipc_job_done, "the job's trap to return");
	EXPECT(thread_terminate(thread), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(mach_task_self(), thread), KERN_SUCCESS);
	return ipc_job_result;
}

#endif /* IPC_TEST_H */
