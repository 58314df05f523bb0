/*
 * tests/unit/ipc/test_ipc_kobject.c - kernel-object dispatch and the
 * mach_port server (modules/mach3/mach_port_server.c).
 *
 * Dispatch: a test module registered with MODULE_SUBSYSTEM for ids
 * 9000-9009 on KOBJ_TEST ports: replies and their delivery, MIG_BAD_ID
 * for unknown ids (in a module's range or in none), the consumption rules
 * of ipc/module.h (rights kept on success, destroyed on failure,
 * MIG_NO_REPLY keeps the reply right), simpleroutines, dead objects, the
 * no-senders hook a module registers for its type.
 *
 * mach_port server: hand-built requests in the current x86_64 layout to a
 * task port (ABI §4, §5.3), replies compared byte for byte with what the
 * MIG user stubs check; malformed requests (MIG_BAD_ARGUMENTS, rights
 * destroyed) and unknown ids (MIG_BAD_ID).
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <mach/mig_errors.h>
#include <mach/notify.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <base/vm_page.h>
#include <ipc/module.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

#define REPLY_BITS 0x1200u

static const uint8_t retcode_type[8] = {0x02, 0x20, 0x00, 0x20,
					0x01, 0x00, 0x00, 0x00};

/* ---- The test module ---- */

static int test_object;
static struct port *kept_right; /* 9001: the body right it keeps */
static mach_msg_type_name_t kept_type;
static struct port *kept_reply; /* 9003: the reply right it keeps */
static int served;

static const mach_msg_type_t int32_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* 9004, 9006: a reply of 1024 32-bit integers. */
#define BIG_REPLY_SIZE (56 + 4096)
static const mach_msg_type_t int32_array_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1024,
};

static bool test_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	struct ipc_kmsg_header *h = (struct ipc_kmsg_header *)in;
	mig_reply_header_t *reply = (mig_reply_header_t *)out;
	uint8_t *body = (uint8_t *)(in + 1);
	uint32_t v;

	served++;
	switch (in->msgh_id) {
	case 9000: /* echo value + 1 */
		ck_assert_ptr_eq(ipc_kobject_port_object(h->remote, KOBJ_TEST),
				 &test_object);
		memcpy(&v, body + 8, sizeof(v));
		v++;
		memcpy((uint8_t *)out + 48, &int32_type, 8);
		memcpy((uint8_t *)out + 56, &v, sizeof(v));
		out->msgh_size = 64;
		reply->RetCode = KERN_SUCCESS;
		return true;
	case 9001: /* keep the right of the body */
		kept_right = *(struct port **)(body + 8);
		kept_type = ((mach_msg_type_t *)body)->msgt_name;
		reply->RetCode = KERN_SUCCESS;
		return true;
	case 9002:
		reply->RetCode = KERN_FAILURE;
		return true;
	case 9004: /* a big reply, scribbling past its size as well */
		memset((uint8_t *)out + 48, 0xa5, MODULE_REPLY_MAX - 48);
		memcpy((uint8_t *)out + 48, &int32_array_type, 8);
		out->msgh_size = BIG_REPLY_SIZE;
		reply->RetCode = KERN_SUCCESS;
		return true;
	case 9006: /* the same size, its data left unwritten */
		memcpy((uint8_t *)out + 48, &int32_array_type, 8);
		out->msgh_size = BIG_REPLY_SIZE;
		reply->RetCode = KERN_SUCCESS;
		return true;
	case 9007: /* a stub's bound (ipc/mig_kernel.h), written up to it */
		ipc_kmsg_reply_bound(out, 256); /* mig_kernel_reply_bound */
		memset((uint8_t *)out + 48, 0xa5, 256 - 48);
		memcpy((uint8_t *)out + 48, &int32_type, 8);
		out->msgh_size = 64;
		reply->RetCode = KERN_SUCCESS;
		return true;
	case 9003: /* answer later: keep the reply right */
		kept_reply = ((struct ipc_kmsg_header *)out)->remote;
		reply->RetCode = MIG_NO_REPLY;
		return true;
	default:
		return false;
	}
}

MODULE_SUBSYSTEM(test_subsystem, "test", 9000, 9010, test_demux);

/* Receive the reply on name and check its header (§5.1, §5.2): bits,
 * size, id; returns RetCode. */
static kern_return_t reply_check(struct ipc_space *sp, mach_port_name_t name,
				 mach_msg_bits_t bits, mach_msg_size_t size,
				 mach_msg_id_t id)
{
	mach_msg_header_t *m = umsg();
	kern_return_t kr;

	ck_assert_int_eq(msg_receive(sp, name, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(m->msgh_bits, bits);
	ck_assert_uint_eq(m->msgh_size, size);
	ck_assert_int_eq(m->msgh_id, id);
	ck_assert_uint_eq(m->msgh_remote_port_do_not_use, MACH_PORT_NULL);
	ck_assert_uint_eq(m->msgh_protected_payload, name);
	ck_assert_mem_eq((uint8_t *)m + 32, retcode_type, 8);
	memcpy(&kr, (uint8_t *)m + 40, sizeof(kr));
	return kr;
}

/* ---- Dispatch ---- */

START_TEST(kobject_reply_delivered)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	mach_msg_size_t size;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 41);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9100),
			 KERN_SUCCESS);
	ck_assert_uint_eq(((uint32_t *)umsg())[12], 0x20002002);
	ck_assert_uint_eq(((uint32_t *)umsg())[14], 42);
	/* COPY_SEND left the right; MOVE_SEND takes it. */
	ck_assert_uint_eq(test_refs(sp, s, MACH_PORT_RIGHT_SEND), 1);
	umsg()->msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0);
	umsg()->msgh_local_port = 0;
	umsg()->msgh_remote_port = s;
	umsg()->msgh_id = 9000;
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS); /* no reply */
	ck_assert_uint_eq(test_type(sp, s), 0);
	ck_assert_uint_eq(obj->srights, 0);
	test_no_message(sp, reply);
	ipc_kernel_port_destroy(obj);
}
END_TEST

/* No memory for the reply buffer: the call is refused with
 * MACH_SEND_NO_BUFFER, never served; as for any failed send the sender
 * keeps its rights (no reply right was made, no notification), nothing
 * leaked. */
START_TEST(kobject_no_reply_buffer)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	mach_msg_size_t size;
	int before;

	/* One call first: the request's kmsg cache has a slab. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 1);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9100),
			 KERN_SUCCESS);
	/* No memory for the reply's own kmsg: the reply travels in the
	 * thread's reply buffer, which the next call replaces. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 2);
	/* (A request of 176 bytes: its kmsg is not of the reply's cache.) */
	for (int i = 0; i < 8; i++)
		size = msg_add_int(size, 0);
	ck_assert_ptr_ne(test_kmsg_cache(size), test_kmsg_cache(64));
	ck_assert_ptr_nonnull(current_thread()->kobject_reply);
	test_kmsg_cache(64)->fail_next = 1;
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	test_kmsg_cache(64)->fail_next = 0;
	ck_assert_ptr_null(current_thread()->kobject_reply);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9100),
			 KERN_SUCCESS);
	ck_assert_uint_eq(((uint32_t *)umsg())[14], 3);
	/* The thread has no reply buffer (as at its first call) and none
	 * can be made. */
	before = served;
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 1);
	vm_page_fail_next = 1000000;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_NO_BUFFER);
	vm_page_fail_next = 0;
	ck_assert_int_eq(served, before);
	test_no_message(sp, reply);
	ck_assert_uint_eq(test_type(sp, reply), MACH_PORT_TYPE_RECEIVE);
	ck_assert_uint_eq(test_refs(sp, s, MACH_PORT_RIGHT_SEND), 1);
	/* With memory back, the call is served. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 1);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9100),
			 KERN_SUCCESS);
	ck_assert_ptr_nonnull(current_thread()->kobject_reply);
	ipc_kernel_port_destroy(obj);
}
END_TEST

/* The reply buffer is reused (ipc/kobject.c): a reply's bytes that its
 * demux did not write are zero, even after a bigger reply on the same
 * thread whose demux also wrote past the size it gave. */
START_TEST(kobject_reply_unwritten_zero)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	uint8_t *m = (uint8_t *)umsg();
	mach_msg_size_t size;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9004);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(
		reply_check(sp, reply, REPLY_BITS, BIG_REPLY_SIZE, 9104),
		KERN_SUCCESS);
	for (size_t i = 56; i < BIG_REPLY_SIZE; i++)
		ck_assert_uint_eq(m[i], 0xa5);
	memset(m, 0xee, UMSG_SIZE);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9006);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(
		reply_check(sp, reply, REPLY_BITS, BIG_REPLY_SIZE, 9106),
		KERN_SUCCESS);
	ck_assert_mem_eq(m + 48, &int32_array_type, 8);
	for (size_t i = 56; i < BIG_REPLY_SIZE; i++)
		ck_assert_uint_eq(m[i], 0);
	/* A small reply: its padding (bytes 60..63) and nothing more. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9000);
	size = msg_add_int(32, 7);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9100),
			 KERN_SUCCESS);
	ck_assert_uint_eq(((uint32_t *)m)[14], 8);
	ck_assert_uint_eq(((uint32_t *)m)[15], 0);
	ipc_kernel_port_destroy(obj);
}
END_TEST

/* A demux that states how far it writes (mig_kernel_reply_bound, as every
 * KernelServer stub does) gets that much cleared after it: the bytes it
 * wrote past its reply's size are zero in the next reply. */
START_TEST(kobject_reply_bound_zero)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	uint8_t *m = (uint8_t *)umsg();

	for (int round = 0; round < 2; round++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			   s, reply, 9007);
		ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
		ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 64, 9107),
				 KERN_SUCCESS);
		ck_assert_uint_eq(m[56], 0xa5);
		memset(m, 0xee, UMSG_SIZE);
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			   s, reply, 9006);
		ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
		ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS,
					     BIG_REPLY_SIZE, 9106),
				 KERN_SUCCESS);
		for (size_t i = 56; i < BIG_REPLY_SIZE; i++)
			ck_assert_uint_eq(m[i], 0);
	}
	ipc_kernel_port_destroy(obj);
}
END_TEST

START_TEST(kobject_bad_id)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	int ids[] = {9005, 7777, 3209, 3219};

	for (int i = 0; i < 4; i++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE),
			   s, reply, ids[i]);
		ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
		ck_assert_int_eq(
			reply_check(sp, reply, REPLY_BITS, 48, ids[i] + 100),
			MIG_BAD_ID);
	}
	/* A send-once reply right arrives as such: bits 0x1200 (§5.1). */
	ck_assert_uint_eq(test_type(sp, reply), MACH_PORT_TYPE_RECEIVE);
	ipc_kernel_port_destroy(obj);
	/* Its object gone, the name is dead: invalid destination. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, 9000);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_DEST);
	ck_assert_uint_eq(test_type(sp, s), MACH_PORT_TYPE_DEAD_NAME);
}
END_TEST

START_TEST(kobject_right_consumption)
{
	struct ipc_space *sp = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(sp, obj), reply = test_port(sp);
	mach_port_name_t q = test_port(sp), qs;
	mach_msg_size_t size;

	/* Success: the server owns the body right. */
	qs = test_give(sp, q, MACH_MSG_TYPE_MAKE_SEND, sp);
	ck_assert_uint_eq(qs, q);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9001);
	size = msg_add_port(32, MACH_MSG_TYPE_MOVE_SEND, q);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 48, 9101),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, q), MACH_PORT_TYPE_RECEIVE);
	ck_assert_ptr_eq(kept_right, test_port_of(sp, q));
	ck_assert_uint_eq(kept_type, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(kept_right->srights, 1);
	spl_t x = splhigh();
	ipc_port_release_send(kept_right);
	splx(x);
	/* Failure: the IPC layer destroys the body's rights (a send-once
	 * right dies: its notification). */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9002);
	size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND_ONCE, q);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(reply_check(sp, reply, REPLY_BITS, 48, 9102),
			 KERN_FAILURE);
	test_notification(sp, q, MACH_NOTIFY_SEND_ONCE, 32, REPLY_BITS);
	/* MIG_NO_REPLY: no reply now; the server holds the reply right. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 9003);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	test_no_message(sp, reply);
	ck_assert_ptr_eq(kept_reply, test_port_of(sp, reply));
	x = splhigh();
	ipc_port_release_send_once(kept_reply); /* the client sees it die */
	splx(x);
	test_notification(sp, reply, MACH_NOTIFY_SEND_ONCE, 32, REPLY_BITS);
	/* A simpleroutine (no reply right): served, nothing comes back. */
	served = 0;
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, 9000);
	ck_assert_int_eq(msg_send(sp, msg_add_int(32, 1)), MACH_MSG_SUCCESS);
	ck_assert_int_eq(served, 1);
	test_no_message(sp, reply);
	ipc_kernel_port_destroy(obj);
}
END_TEST

static int ns_calls;
static mach_port_mscount_t ns_mscount;
static struct port *ns_port;
static bool ns_destroy;

static void test_no_senders(struct port *port, mach_port_mscount_t mscount)
{
	ns_calls++;
	ns_mscount = mscount;
	ns_port = port;
	if (ns_destroy)
		ipc_kobject_port_destroy(port);
}

START_TEST(kobject_no_senders_hook)
{
	struct ipc_space *sp = test_space(), *b = test_space();
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s, sb;

	ns_calls = 0;
	ns_destroy = false;
	ipc_kobject_set_no_senders(KOBJ_TEST, test_no_senders);
	s = test_insert_send(sp, obj);
	sb = test_insert_send(b, obj);
	ck_assert_int_eq(mach_port_mod_refs(sp, s, MACH_PORT_RIGHT_SEND, 1),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(sp, s), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(sp, s), KERN_SUCCESS);
	ck_assert_int_eq(ns_calls, 0);
	/* The last send right goes in a message to the object itself. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND, 0), sb, 0, 9002);
	ck_assert_int_eq(msg_send(b, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(ns_calls, 1);
	ck_assert_uint_eq(ns_mscount, 2);
	ck_assert_ptr_eq(ns_port, obj);
	/* Again when new send rights come and go; the hook may destroy. */
	struct ipc_counts before, after;
	ns_destroy = true;
	s = test_insert_send(sp, obj);
	ipc_get_counts(&before);
	test_space_destroy(sp);
	ipc_get_counts(&after);
	ck_assert_int_eq(ns_calls, 2);
	ck_assert_uint_eq(ns_mscount, 3);
	ck_assert_uint_eq(after.ports, before.ports - 1); /* obj is gone */
	/* Other types, and after removal: nothing. */
	ipc_kobject_set_no_senders(KOBJ_TEST, NULL);
	obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	s = test_insert_send(b, obj);
	ck_assert_int_eq(mach_port_deallocate(b, s), KERN_SUCCESS);
	ck_assert_int_eq(ns_calls, 2);
	ipc_kernel_port_destroy(obj);
}
END_TEST

/* ---- The mach_port server ---- */

static struct ipc_space *mp_sp;
static struct task *mp_task;
static mach_port_name_t mp_tp, mp_reply;

static void mp_begin(void)
{
	mp_sp = test_space();
	mp_task = test_task(mp_sp);
	mp_tp = test_insert_send(mp_sp, mp_task->self);
	mp_reply = test_port(mp_sp);
}

static void mp_end(void)
{
	test_task_destroy(mp_task);
}

/* A request header to target from the standard reply port. */
static mach_msg_size_t rq(mach_port_name_t target, mach_msg_id_t id)
{
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   target, mp_reply, id);
	return 32;
}

static mach_msg_size_t rq_item(mach_msg_size_t size, uint32_t word0,
			       uint64_t value)
{
	uint32_t d[2] = {word0, 1};

	memcpy((uint8_t *)umsg() + size, d, 8);
	memcpy((uint8_t *)umsg() + size + 8, &value, 8);
	return size + 16;
}

static mach_msg_size_t rq_name(mach_msg_size_t size, mach_port_name_t name)
{
	return rq_item(size, 0x2000200F, name);
}

static mach_msg_size_t rq_int(mach_msg_size_t size, uint32_t v)
{
	return rq_item(size, 0x20002002, v);
}

/* Send the request of size, then receive and check the reply header. */
static kern_return_t rpc(mach_msg_size_t size, mach_msg_bits_t bits,
			 mach_msg_size_t rsize)
{
	mach_msg_id_t id = umsg()->msgh_id;

	ck_assert_int_eq(msg_send(mp_sp, size), MACH_MSG_SUCCESS);
	return reply_check(mp_sp, mp_reply, bits, rsize, id + 100);
}

/* 32-bit word i of the received reply. */
static uint32_t rw(int i)
{
	return ((uint32_t *)umsg())[i];
}

START_TEST(mp_allocate_wire)
{
	mach_port_name_t name;

	mp_begin();
	/* §5.3: request 48, reply 64 = 48 + PORT_NAME descriptor + name. */
	ck_assert_int_eq(rpc(rq_int(rq(mp_tp, 3204), MACH_PORT_RIGHT_RECEIVE),
			     REPLY_BITS, 64),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0x2000200F);
	ck_assert_uint_eq(rw(13), 1);
	name = rw(14);
	ck_assert_uint_eq(test_type(mp_sp, name), MACH_PORT_TYPE_RECEIVE);
	/* Errors: a bare 48-byte reply. */
	ck_assert_int_eq(rpc(rq_int(rq(mp_tp, 3204), 7), REPLY_BITS, 48),
			 KERN_INVALID_VALUE);
	/* allocate_name, type, rename, get_refs, mod_refs. */
	ck_assert_int_eq(
		rpc(rq_name(rq_int(rq(mp_tp, 3203), MACH_PORT_RIGHT_DEAD_NAME),
			    70),
		    REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(
		rpc(rq_name(rq_int(rq(mp_tp, 3203), MACH_PORT_RIGHT_DEAD_NAME),
			    70),
		    REPLY_BITS, 48),
		KERN_NAME_EXISTS);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3201), 70), REPLY_BITS, 64),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0x20002002);
	ck_assert_uint_eq(rw(14), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_int_eq(
		rpc(rq_name(rq_name(rq(mp_tp, 3202), 70), 80), REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(rpc(rq_int(rq_int(rq_name(rq(mp_tp, 3208), 80),
					   MACH_PORT_RIGHT_DEAD_NAME),
				    4),
			     REPLY_BITS, 48),
			 KERN_SUCCESS);
	ck_assert_int_eq(rpc(rq_int(rq_name(rq(mp_tp, 3207), 80),
				    MACH_PORT_RIGHT_DEAD_NAME),
			     REPLY_BITS, 64),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(14), 5);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3206), 80), REPLY_BITS, 48),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_refs(mp_sp, 80, MACH_PORT_RIGHT_DEAD_NAME), 4);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3205), 80), REPLY_BITS, 48),
			 KERN_SUCCESS);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3201), 80), REPLY_BITS, 48),
			 KERN_INVALID_NAME);
	/* Receive-right attributes and status (reply 96: 9 x INTEGER_32). */
	ck_assert_int_eq(
		rpc(rq_int(rq_name(rq(mp_tp, 3210), name), 9), REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(
		rpc(rq_int(rq_name(rq(mp_tp, 3211), name), 6), REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(
		rpc(rq_int(rq_name(rq(mp_tp, 3218), name), 33), REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3217), name), REPLY_BITS, 96),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0x20002002);
	ck_assert_uint_eq(rw(13), 9);
	ck_assert_uint_eq(rw(15), 33); /* seqno */
	ck_assert_uint_eq(rw(16), 6);  /* mscount */
	ck_assert_uint_eq(rw(17), 9);  /* qlimit */
	ck_assert_uint_eq(rw(18), 0);  /* msgcount */
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3217), mp_tp), REPLY_BITS, 48),
			 KERN_INVALID_RIGHT);
	mp_end();
}
END_TEST

START_TEST(mp_names_and_sets_wire)
{
	mach_port_name_t set, n, m;
	uint32_t arr[8];

	mp_begin();
	m = test_port(mp_sp);
	ck_assert_int_eq(
		mach_port_allocate(mp_sp, MACH_PORT_RIGHT_PORT_SET, &set),
		KERN_SUCCESS);
	ck_assert_int_eq(
		rpc(rq_name(rq_name(rq(mp_tp, 3213), m), set), REPLY_BITS, 48),
		KERN_SUCCESS);
	/* names: 80 bytes, two OOL arrays, long form (§4.7). */
	ck_assert_int_eq(
		rpc(rq(mp_tp, 3200), MACH_MSGH_BITS_COMPLEX | REPLY_BITS, 80),
		KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0xC000200F);
	n = rw(13);
	ck_assert_uint_eq(n, 4); /* tp, reply, m, set */
	ck_assert_uint_eq(rw(16), 0xC0002002);
	ck_assert_uint_eq(rw(17), 4);
	uintptr_t names = *(uint64_t *)((uint8_t *)umsg() + 56);
	uintptr_t types = *(uint64_t *)((uint8_t *)umsg() + 72);
	ck_assert_int_eq(copyin((void *)names, arr, 16), 0);
	ck_assert_int_eq(copyin((void *)types, arr + 4, 16), 0);
	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(arr[4 + i], test_type(mp_sp, arr[i]));
		ck_assert_uint_ne(arr[4 + i], 0);
	}
	/* get_set_status: 64 bytes, one OOL array of names. */
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3212), set),
			     MACH_MSGH_BITS_COMPLEX | REPLY_BITS, 64),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0xC000200F);
	ck_assert_uint_eq(rw(13), 1);
	ck_assert_int_eq(
		copyin((void *)*(uint64_t *)((uint8_t *)umsg() + 56), arr, 4),
		0);
	ck_assert_uint_eq(arr[0], m);
	/* Out of the set, then out of no set. */
	ck_assert_int_eq(
		rpc(rq_name(rq_name(rq(mp_tp, 3213), m), 0), REPLY_BITS, 48),
		KERN_SUCCESS);
	ck_assert_int_eq(
		rpc(rq_name(rq_name(rq(mp_tp, 3213), m), 0), REPLY_BITS, 48),
		KERN_NOT_IN_SET);
	mp_end();
}
END_TEST

START_TEST(mp_rights_wire)
{
	struct ipc_space *b = test_space();
	struct task *tb = test_task(b);
	mach_port_name_t r, nr, tbn;
	mach_msg_size_t size;

	mp_begin();
	r = test_port(mp_sp);
	nr = test_port(mp_sp);
	tbn = test_insert_send(mp_sp, tb->self);
	/* insert_right (request 64): a send right made from r, as 60 in b. */
	size = msg_add_port(rq_name(rq(tbn, 3215), 60), MACH_MSG_TYPE_MAKE_SEND,
			    r);
	ck_assert_uint_eq(size, 64);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(b, 60), MACH_PORT_TYPE_SEND);
	/* Failure: the right is destroyed with the request. */
	size = msg_add_port(rq_name(rq(tbn, 3215), 60), MACH_MSG_TYPE_MAKE_SEND,
			    r);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_SUCCESS); /* merge */
	ck_assert_uint_eq(test_refs(b, 60, MACH_PORT_RIGHT_SEND), 2);
	size = msg_add_port(rq_name(rq(tbn, 3215), 61), MACH_MSG_TYPE_MAKE_SEND,
			    r);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_RIGHT_EXISTS);
	ck_assert_uint_eq(test_port_of(mp_sp, r)->srights, 1);
	/* extract_right: a port slot + its type, as received (64). */
	ck_assert_int_eq(
		rpc(rq_int(rq_name(rq(tbn, 3216), 60), MACH_MSG_TYPE_MOVE_SEND),
		    MACH_MSGH_BITS_COMPLEX | REPLY_BITS, 64),
		KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0x20004011);
	ck_assert_uint_eq(rw(13), 1);
	ck_assert_uint_eq(rw(14), r); /* merged with the receive right */
	ck_assert_uint_eq(rw(15), 0);
	ck_assert_uint_eq(test_type(mp_sp, r), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(test_refs(b, 60, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_int_eq(rpc(rq_int(rq_name(rq(tbn, 3216), 60),
				    MACH_MSG_TYPE_MOVE_RECEIVE),
			     REPLY_BITS, 48),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(
		rpc(rq_int(rq_name(rq(tbn, 3216), 60), 3), REPLY_BITS, 48),
		KERN_INVALID_VALUE);
	/* request_notification (request 96, reply 64 with the previous
	 * send-once right, §5.3). */
	size = msg_add_port(rq_int(rq_int(rq_name(rq(mp_tp, 3214), r),
					  MACH_NOTIFY_NO_SENDERS),
				   5),
			    MACH_MSG_TYPE_MAKE_SEND_ONCE, nr);
	ck_assert_uint_eq(size, 96);
	ck_assert_int_eq(rpc(size, MACH_MSGH_BITS_COMPLEX | REPLY_BITS, 64),
			 KERN_SUCCESS);
	ck_assert_uint_eq(rw(12), 0x20004012);
	ck_assert_uint_eq(rw(14), MACH_PORT_NULL);
	size = msg_add_port(rq_int(rq_int(rq_name(rq(mp_tp, 3214), r),
					  MACH_NOTIFY_NO_SENDERS),
				   5),
			    MACH_MSG_TYPE_MAKE_SEND_ONCE, nr);
	ck_assert_int_eq(rpc(size, MACH_MSGH_BITS_COMPLEX | REPLY_BITS, 64),
			 KERN_SUCCESS);
	mach_port_name_t prev = rw(14);
	ck_assert_uint_eq(test_type(mp_sp, prev), MACH_PORT_TYPE_SEND_ONCE);
	ck_assert_int_eq(mach_port_deallocate(mp_sp, prev), KERN_SUCCESS);
	test_notification(mp_sp, nr, MACH_NOTIFY_SEND_ONCE, 32, REPLY_BITS);
	/* A failed request destroys the notify right: send-once to nr. */
	size = msg_add_port(rq_int(rq_int(rq_name(rq(mp_tp, 3214), r), 99), 0),
			    MACH_MSG_TYPE_MAKE_SEND_ONCE, nr);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_VALUE);
	test_notification(mp_sp, nr, MACH_NOTIFY_SEND_ONCE, 32, REPLY_BITS);
	/* Protected payload: INTEGER_64 (§6.2), then a message shows it. */
	size = rq_item(rq_name(rq(mp_tp, 3221), r), 0x2000400B,
		       0x1122334455667788ULL);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(mp_sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(mp_sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(umsg()->msgh_protected_payload,
			  0x1122334455667788ULL);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3222), r), REPLY_BITS, 48),
			 KERN_SUCCESS);
	test_task_destroy(tb);
	mp_end();
}
END_TEST

START_TEST(mp_malformed)
{
	mach_port_name_t r;
	mach_msg_size_t size;

	mp_begin();
	r = test_port(mp_sp);
	/* Too long, too short, wrong descriptors: MIG_BAD_ARGUMENTS. */
	size = rq_int(rq(mp_tp, 3204), MACH_PORT_RIGHT_RECEIVE);
	ck_assert_int_eq(rpc(size + 8, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(rpc(rq(mp_tp, 3204), REPLY_BITS, 48),
			 MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(
		rpc(rq_item(rq(mp_tp, 3204), 0x2000400B, 1), REPLY_BITS, 48),
		MIG_BAD_ARGUMENTS);
	ck_assert_int_eq(rpc(rq_name(rq(mp_tp, 3204), 1), REPLY_BITS, 48),
			 MIG_BAD_ARGUMENTS);
	/* number 2, longform, unused bits: the whole descriptor counts. */
	size = rq_int(rq(mp_tp, 3204), MACH_PORT_RIGHT_RECEIVE);
	((uint32_t *)umsg())[9] = 2;
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	size = rq_item(rq(mp_tp, 3204), 0x60002002, MACH_PORT_RIGHT_RECEIVE);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	/* A right where a name is expected: destroyed with the request. */
	size = msg_add_port(rq(mp_tp, 3206), MACH_MSG_TYPE_MAKE_SEND, r);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	ck_assert_uint_eq(test_port_of(mp_sp, r)->srights, 0);
	/* A name where a right is expected, with COMPLEX forced: the slot
	 * holds a name, never read as a port. */
	size = rq_name(rq_name(rq(mp_tp, 3215), 60), r);
	umsg()->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	size = rq_item(rq_name(rq(mp_tp, 3215), 60), 0x20004014, r);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), MIG_BAD_ARGUMENTS);
	ck_assert_uint_eq(test_type(mp_sp, 60), 0);
	/* Not a task port: KERN_INVALID_TASK; a dead task: the same. */
	struct port *obj = ipc_kernel_port_alloc(KOBJ_TEST, &test_object);
	mach_port_name_t s = test_insert_send(mp_sp, obj);
	ck_assert_int_eq(rpc(rq_int(rq(s, 3204), 1), REPLY_BITS, 48),
			 KERN_INVALID_TASK);
	ipc_kernel_port_destroy(obj);
	mp_task->space = NULL;
	ck_assert_int_eq(rpc(rq_int(rq(mp_tp, 3204), 1), REPLY_BITS, 48),
			 KERN_INVALID_TASK);
	mp_end();
}
END_TEST

/* mach_port_set_ktype's request (96 bytes) to target. */
static mach_msg_size_t rq_ktype(mach_port_name_t target, mach_port_name_t task,
				mach_port_name_t name, mach_port_right_t right,
				mach_port_ktype_t ktype)
{
	mach_msg_size_t size =
		msg_add_port(rq(target, 3223), MACH_MSG_TYPE_COPY_SEND, task);

	return rq_int(rq_int(rq_name(size, name), right), ktype);
}

START_TEST(mp_set_ktype_privileged)
{
	static int fake_host;
	struct port *priv = ipc_kernel_port_alloc(KOBJ_HOST_PRIV, &fake_host);
	struct port *host = ipc_kernel_port_alloc(KOBJ_HOST, &fake_host);
	mach_port_name_t hp, hu, r;
	mach_msg_size_t size;

	mp_begin();
	hp = test_insert_send(mp_sp, priv);
	hu = test_insert_send(mp_sp, host);
	r = test_port(mp_sp);
	/* Request 96: task right, name, right, ktype. */
	size = rq_ktype(hp, mp_tp, r, MACH_PORT_RIGHT_RECEIVE,
			MACH_PORT_KTYPE_USER_DEVICE);
	ck_assert_uint_eq(size, 96);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_SUCCESS);
	ck_assert_uint_eq(test_port_of(mp_sp, r)->user_ktype, 28);
	ck_assert_uint_eq(mp_task->self->srights, 1); /* copy released */
	/* Unprivileged host, or a task port as the request port. */
	size = rq_ktype(hu, mp_tp, r, MACH_PORT_RIGHT_RECEIVE, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_HOST);
	size = rq_ktype(mp_tp, mp_tp, r, MACH_PORT_RIGHT_RECEIVE, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_HOST);
	ck_assert_uint_eq(mp_task->self->srights, 1);
	ck_assert_uint_eq(test_port_of(mp_sp, r)->user_ktype, 28);
	/* Bad right kind, bad ktype, not a receive right, not a task. */
	size = rq_ktype(hp, mp_tp, r, MACH_PORT_RIGHT_SEND, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_VALUE);
	size = rq_ktype(hp, mp_tp, r, MACH_PORT_RIGHT_RECEIVE, 5);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_VALUE);
	size = rq_ktype(hp, mp_tp, hp, MACH_PORT_RIGHT_RECEIVE, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_RIGHT);
	size = rq_ktype(hp, hu, r, MACH_PORT_RIGHT_RECEIVE, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_INVALID_TASK);
	ck_assert_uint_eq(mp_task->self->srights, 1);
	ck_assert_uint_eq(host->srights, 1);
	size = rq_ktype(hp, mp_tp, r, MACH_PORT_RIGHT_RECEIVE, 0);
	ck_assert_int_eq(rpc(size, REPLY_BITS, 48), KERN_SUCCESS);
	ck_assert_uint_eq(test_port_of(mp_sp, r)->user_ktype, 0);
	ipc_kernel_port_destroy(priv);
	ipc_kernel_port_destroy(host);
	mp_end();
}
END_TEST

static Suite *ipc_kobject_suite(void)
{
	Suite *s = suite_create("ipc_kobject");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, kobject_reply_delivered);
	tcase_add_test(tc, kobject_no_reply_buffer);
	tcase_add_test(tc, kobject_reply_unwritten_zero);
	tcase_add_test(tc, kobject_reply_bound_zero);
	tcase_add_test(tc, kobject_bad_id);
	tcase_add_test(tc, kobject_right_consumption);
	tcase_add_test(tc, kobject_no_senders_hook);
	tcase_add_test(tc, mp_allocate_wire);
	tcase_add_test(tc, mp_names_and_sets_wire);
	tcase_add_test(tc, mp_rights_wire);
	tcase_add_test(tc, mp_malformed);
	tcase_add_test(tc, mp_set_ktype_privileged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_kobject_suite());
}
