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

#include <mach5/msg_body.h>

#include "../mach_test_util.h"

/* A message buffer big enough for every test message. */
typedef union {
	mach_msg_header_t head;
	unsigned char bytes[1024];
	uint64_t words[128];
} ipc_buf_t;

/* A simple message: header plus one INTEGER_32 item (48 bytes on
 * x86_64: the value padded to 8; 32 on i386). */
typedef struct {
	mach_msg_header_t head;
	mach_msg_type_t type;
	uint32_t value;
} ipc_int_msg_t;
_Static_assert(sizeof(ipc_int_msg_t) == MSG_WIRE(48, 32), "ipc_int_msg_t");

static const mach_msg_type_t ipc_int32_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* Where the body starts, and the slot of a body's first item when its
 * descriptor is short (40 on x86_64, 28 on i386). */
#define IPC_BODY       sizeof(mach_msg_header_t)
#define IPC_FIRST_SLOT (IPC_BODY + sizeof(mach_msg_type_t))
#define IPC_PORT_BITS  MSG_PORT_BITS
/* A message with one item of one slot (or one 32-bit value). */
#define IPC_ONE_ITEM_MSG msg_align(IPC_FIRST_SLOT + 4)

/* The header's remote and local slots as a whole (8 bytes on x86_64: the
 * upper half must be zero; protected payloads fill the local one). */
static inline msg_slot_t ipc_remote_slot(const ipc_buf_t *buf)
{
	return buf->head.msgh_remote_port_do_not_use;
}

static inline msg_slot_t ipc_local_slot(const ipc_buf_t *buf)
{
	return buf->head.msgh_protected_payload;
}

/* The slot at byte off of buf. */
static inline msg_slot_t ipc_slot(const ipc_buf_t *buf, size_t off)
{
	return msg_get_slot(buf->bytes + off);
}

/* The 32-bit word at byte off of buf. */
static inline uint32_t ipc_word(const ipc_buf_t *buf, size_t off)
{
	uint32_t v;

	memcpy(&v, buf->bytes + off, sizeof(v));
	return v;
}

/* Check the descriptor at byte off of buf against want (every field);
 * returns the offset just past it. */
static inline size_t ipc_check_type(const ipc_buf_t *buf, size_t off,
				    struct msg_item want)
{
	struct msg_item got;
	size_t n = msg_get_type(buf->bytes + off, &got);

	if (got.name != want.name || got.bits != want.bits ||
	    got.number != want.number || got.is_inline != want.is_inline ||
	    got.longform != want.longform || got.dealloc != want.dealloc)
		TEST_FAIL("descriptor at %lu: name %u bits %u number %u "
			  "inline %u long %u dealloc %u; expected %u %u %u "
			  "%u %u %u",
			  (unsigned long)off, got.name, got.bits, got.number,
			  got.is_inline, got.longform, got.dealloc, want.name,
			  want.bits, want.number, want.is_inline, want.longform,
			  want.dealloc);
	return off + n;
}

/* A short inline descriptor of number elements of bits each. */
static inline struct msg_item ipc_inline(unsigned int name, unsigned int bits,
					 unsigned int number)
{
	return (struct msg_item){
		.name = name, .bits = bits, .number = number, .is_inline = 1};
}

/* An OOL descriptor (long form, as MIG writes them, unless longform is 0). */
static inline struct msg_item ipc_ool(unsigned int name, unsigned int bits,
				      unsigned int number, int longform,
				      int dealloc)
{
	return (struct msg_item){.name = name,
				 .bits = bits,
				 .number = number,
				 .longform = longform,
				 .dealloc = dealloc};
}

/* Message builder: descriptors and slots after the header of buf. */
struct ipc_builder {
	ipc_buf_t *buf;
	size_t off;
};

static inline void ipc_b_init(struct ipc_builder *b, ipc_buf_t *buf,
			      mach_port_t dest, mach_msg_type_name_t disp,
			      mach_msg_id_t id)
{
	memset(buf, 0, sizeof(*buf));
	buf->head.msgh_bits = MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS(disp, 0);
	buf->head.msgh_remote_port = dest;
	buf->head.msgh_id = id;
	b->buf = buf;
	b->off = IPC_BODY;
}

/* Append a descriptor; returns its offset. */
static inline size_t ipc_b_type(struct ipc_builder *b, struct msg_item item)
{
	size_t at = b->off;

	b->off += msg_put_type(b->buf->bytes + at, &item);
	return at;
}

/* Append a slot (a port name or an OOL address); returns its offset. */
static inline size_t ipc_b_slot(struct ipc_builder *b, msg_slot_t v)
{
	size_t at = b->off;

	msg_put_slot(b->buf->bytes + at, v);
	b->off += sizeof(v);
	return at;
}

static inline mach_msg_return_t ipc_b_send(struct ipc_builder *b)
{
	return mach_msg_trap(&b->buf->head, MACH_SEND_MSG, b->off, 0,
			     MACH_PORT_NULL, 0, MACH_PORT_NULL);
}

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
