/*
 * Boot test ipc-codes: the MACH_SEND_* / MACH_RCV_* codes that
 * ipc-errors does not reach, through the real traps (docs/ipc-codes.md):
 *
 *   MACH_SEND_NOTIFY_IN_PROGRESS  a second MACH_SEND_NOTIFY send by this
 *                                 task to a full port while its first
 *                                 msg-accepted request is pending
 *   MACH_SEND_NO_BUFFER           send_size above the kernel's maximum
 *                                 (the buffer readable)
 *   MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE
 *                                 out-of-line memory received while the
 *                                 task's vm_set_size_limit forbids growth:
 *                                 pointer and msgt_size arrive as 0
 */
#include <mach/mach_interface.h>
#include <mach/gnumach.h>
#include "../ipc/ipc_test.h"

static mach_port_t self;

#define EXPECT_MR(call, want)                                                  \
	do {                                                                   \
		mach_msg_return_t mr_ = (call);                                \
		if (mr_ != (mach_msg_return_t)(want))                          \
			TEST_FAIL("%s returned 0x%x, expected 0x%x (%s)",      \
				  #call, mr_, (mach_msg_return_t)(want),       \
				  #want);                                      \
	} while (0)

static mach_msg_return_t send_notify(mach_port_t dest, mach_msg_id_t id,
				     mach_port_t notify)
{
	ipc_int_msg_t m;

	ipc_int_msg(&m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), dest, 0, id,
		    id);
	return mach_msg_trap(&m.head, MACH_SEND_MSG | MACH_SEND_NOTIFY,
			     sizeof(m), 0, MACH_PORT_NULL, 0, notify);
}

static void notify_in_progress(void)
{
	mach_port_t p = ipc_new_port_send(), n1 = ipc_new_port(),
		    n2 = ipc_new_port();
	ipc_buf_t buf;

	EXPECT(mach_port_set_qlimit(self, p, 1), KERN_SUCCESS);
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 1, 1, 0, 0),
		  MACH_MSG_SUCCESS);
	EXPECT_MR(send_notify(p, 2, n1), MACH_SEND_WILL_NOTIFY);
	EXPECT_MR(send_notify(p, 3, n1), MACH_SEND_NOTIFY_IN_PROGRESS);
	EXPECT_MR(send_notify(p, 3, n2), MACH_SEND_NOTIFY_IN_PROGRESS);
	CHECK_EQ(MACH_SEND_NOTIFY_IN_PROGRESS, 0x10000006);
	CHECK_EQ(ipc_status(p).mps_msgcount, 2);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 1);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	ipc_check_empty(n1);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 2);
	EXPECT_MR(ipc_receive(&buf, n1, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_MSG_ACCEPTED);
	/* Accepted: a new request may be made. */
	EXPECT_MR(ipc_send_int(p, MACH_MSG_TYPE_COPY_SEND, 4, 4, 0, 0),
		  MACH_MSG_SUCCESS);
	EXPECT_MR(send_notify(p, 5, n2), MACH_SEND_WILL_NOTIFY);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	/* The request died unused: a send-once notification. */
	EXPECT_MR(ipc_receive(&buf, n2, 0), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, MACH_NOTIFY_SEND_ONCE);
	EXPECT(mach_port_destroy(self, n1), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, n2), KERN_SUCCESS);
	printf("ipc-codes: MACH_SEND_NOTIFY_IN_PROGRESS ok\n");
}

static void no_buffer(void)
{
	const vm_size_t size = 1024 * 1024 + 8;
	mach_port_t p = ipc_new_port_send();
	vm_address_t buf = 0;
	ipc_int_msg_t *m;

	/* 1 MiB is the largest message (ipc/kmsg.h IPC_KMSG_MAX_SIZE); a
	 * larger one that can be read is refused before anything is read
	 * (one that cannot be read is MACH_SEND_INVALID_DATA: compat-codes). */
	EXPECT(vm_allocate(self, &buf, size, TRUE), KERN_SUCCESS);
	m = (ipc_int_msg_t *)buf;
	ipc_int_msg(m, MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), p, 0, 1, 1);
	EXPECT_MR(mach_msg_trap(&m->head, MACH_SEND_MSG, size, 0,
				MACH_PORT_NULL, 0, MACH_PORT_NULL),
		  MACH_SEND_NO_BUFFER);
	EXPECT(vm_deallocate(self, buf, size), KERN_SUCCESS);
	CHECK_EQ(MACH_SEND_NO_BUFFER, 0x1000000D);
	ipc_check_empty(p);
	CHECK_EQ(ipc_refs(p, MACH_PORT_RIGHT_SEND), 1);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-codes: MACH_SEND_NO_BUFFER ok\n");
}

/* An OOL item (long form) and an INTEGER_32: 64 bytes on x86_64, 48 on
 * i386. */
typedef struct {
	mach_msg_header_t head;
	mach_msg_type_long_t type;
	vm_address_t addr;
	mach_msg_type_t itype;
	uint32_t value;
} ool_msg_t;
_Static_assert(sizeof(ool_msg_t) == MSG_WIRE(64, 48), "ool_msg_t");

static void body_error_vm_space(mach_port_t host_priv)
{
	mach_port_t p = ipc_new_port_send();
	vm_address_t data = 0;
	vm_size_t cur, max;
	ool_msg_t m;
	ipc_buf_t buf;
	mach_msg_return_t mr;

	EXPECT(vm_allocate(self, &data, 8192, TRUE), KERN_SUCCESS);
	memset((void *)data, 0x5a, 8192);
	memset(&m, 0, sizeof(m));
	m.head.msgh_bits = MACH_MSGH_BITS_COMPLEX |
			   MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	m.head.msgh_size = sizeof(m);
	m.head.msgh_remote_port = p;
	m.head.msgh_id = 2000;
	m.type.msgtl_header.msgt_longform = 1;
	m.type.msgtl_name = MACH_MSG_TYPE_BYTE;
	m.type.msgtl_size = 8;
	m.type.msgtl_number = 8192;
	m.addr = data;
	m.itype = ipc_int32_type;
	m.value = 0x5678;
	EXPECT_MR(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof(m), 0,
				MACH_PORT_NULL, 0, MACH_PORT_NULL),
		  MACH_MSG_SUCCESS);
	EXPECT(vm_get_size_limit(self, &cur, &max), KERN_SUCCESS);
	/* No growth allowed while receiving (nothing else may map here). */
	EXPECT(vm_set_size_limit(host_priv, self, 0, max), KERN_SUCCESS);
	mr = ipc_receive(&buf, p, 0);
	EXPECT(vm_set_size_limit(host_priv, self, cur, max), KERN_SUCCESS);
	EXPECT_MR(mr, MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE);
	CHECK_EQ(MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE, 0x1000500C);
	ool_msg_t *r = (ool_msg_t *)&buf;
	CHECK_EQ(r->head.msgh_id, 2000);
	CHECK_EQ(r->type.msgtl_size, 0);
	CHECK_EQ(r->type.msgtl_header.msgt_deallocate, 1);
	CHECK_EQ(r->addr, 0);
	CHECK_EQ(r->value, 0x5678);
	/* With the limit back the same message goes through. */
	EXPECT_MR(mach_msg_trap(&m.head, MACH_SEND_MSG, sizeof(m), 0,
				MACH_PORT_NULL, 0, MACH_PORT_NULL),
		  MACH_MSG_SUCCESS);
	EXPECT_MR(ipc_receive(&buf, p, 0), MACH_MSG_SUCCESS);
	CHECK(r->addr != 0);
	CHECK_EQ(((unsigned char *)r->addr)[8191], 0x5a);
	EXPECT(vm_deallocate(self, r->addr, 8192), KERN_SUCCESS);
	EXPECT(vm_deallocate(self, data, 8192), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-codes: MACH_RCV_BODY_ERROR|MACH_MSG_VM_SPACE ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host_priv;

	self = mach_task_self();
	host_priv = test_host_priv();
	CHECK(host_priv != MACH_PORT_NULL);
	notify_in_progress();
	no_buffer();
	body_error_vm_space(host_priv);
	TEST_SUCCESS();
}
