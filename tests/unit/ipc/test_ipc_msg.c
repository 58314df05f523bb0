/*
 * tests/unit/ipc/test_ipc_msg.c - mach_msg: simple messages and the header
 * swap (ABI §4.8), sequence numbers, queue limits and timeouts, too-large
 * receives, bad input with its exact code, complex messages (rights and
 * out-of-line memory, §4.9), port-set receive order, payloads.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <base/task.h>
#include <ipc/kmsg.h>
#include <vm/vm_map.h>
#include <mach/notify.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <vm/vm_object.h>
#include <base/vm_page.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

/* §4.8: MAKE_SEND to 11, MAKE_SEND_ONCE reply 6, two integers. */
START_TEST(simple_header_swap)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), reply = test_port(sp);
	mach_msg_header_t *m = umsg();
	mach_msg_size_t size;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   r, reply, 1000);
	size = msg_add_int(sizeof(*m), 0x11223344);
	size = msg_add_int(size, (uint32_t)-2);
	((uint8_t *)m)[44] = 0xEE; /* pad copied verbatim */
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(m->msgh_bits, 0x1112);
	ck_assert_uint_eq(m->msgh_size, 64);
	ck_assert_uint_eq(m->msgh_remote_port_do_not_use, 3); /* fresh name */
	ck_assert_uint_eq(m->msgh_protected_payload, r);
	ck_assert_uint_eq(m->msgh_seqno, 0);
	ck_assert_uint_eq(m->msgh_id, 1000);
	ck_assert_uint_eq(((uint8_t *)m)[44], 0xEE);
	ck_assert_uint_eq(test_type(sp, 3), MACH_PORT_TYPE_SEND_ONCE);
	/* Reply through the send-once right; no reply port: bits 00 12. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), 3, 0, 1100);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(sp, 3), 0);
	ck_assert_int_eq(msg_receive(sp, reply, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(m->msgh_bits, 0x1200);
	ck_assert_uint_eq(m->msgh_remote_port_do_not_use, 0);
	/* Sequence numbers count per port. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(m->msgh_seqno, 1);
	ck_assert_uint_eq(m->msgh_bits, 0x1100);
	ck_assert_int_eq(mach_port_destroy(sp, r), KERN_SUCCESS);
}
END_TEST

START_TEST(send_errors)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), d;
	mach_msg_size_t size;

	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_DEAD_NAME, &d),
			 KERN_SUCCESS);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 28), MACH_SEND_MSG_TOO_SMALL);
	ck_assert_int_eq(msg_send(sp, 36), MACH_SEND_MSG_TOO_SMALL);
	ck_assert_int_eq(msg_send(sp, 40), MACH_MSG_SUCCESS); /* 8 raw bytes */
	ck_assert_int_eq(ipc_mach_msg(sp, 0x10, MACH_SEND_MSG, 32, 0, 0, 0, 0),
			 MACH_SEND_INVALID_DATA);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_RECEIVE, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_HEADER);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 5, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_HEADER);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 3), r, 5, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_HEADER);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_DEST);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), 99, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_DEST);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), d, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_DEST);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   r, 99, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_INVALID_REPLY);
	/* Body: bad right, bad types, truncated descriptors. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_port(32, MACH_MSG_TYPE_COPY_SEND, r);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_RIGHT);
	((mach_msg_type_t *)(umsg() + 1))->msgt_size = 32;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_TYPE);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_int(32, 5);
	umsg()->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	((mach_msg_type_t *)(umsg() + 1))->msgt_unused = 1;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_TYPE);
	((mach_msg_type_t *)(umsg() + 1))->msgt_unused = 0;
	((mach_msg_type_t *)(umsg() + 1))->msgt_deallocate = 1;
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_TYPE);
	((mach_msg_type_t *)(umsg() + 1))->msgt_deallocate = 0;
	((mach_msg_type_t *)(umsg() + 1))->msgt_number = 3; /* 12 bytes */
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_MSG_TOO_SMALL);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 100, 0x10, false);
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_MEMORY);
	ck_assert_int_eq(msg_send(sp, size - 8), MACH_SEND_MSG_TOO_SMALL);
	/* Nothing was queued but the 40-byte message. */
	mach_port_status_t st;
	ck_assert_int_eq(mach_port_get_receive_status(sp, r, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_msgcount, 1);
	ck_assert_uint_eq(st.mps_mscount, 1);
	ck_assert_uint_eq(test_type(sp, r), MACH_PORT_TYPE_RECEIVE);
}
END_TEST

START_TEST(failed_send_keeps_rights)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), x = test_port(sp), s, so;
	mach_msg_size_t size;

	s = test_give(sp, x, MACH_MSG_TYPE_MAKE_SEND, sp);
	ck_assert_uint_eq(s, x);
	so = test_give(sp, x, MACH_MSG_TYPE_MAKE_SEND_ONCE, sp);
	/* Moves the receive right, the send right, the send-once right,
	 * then fails on the last item: nothing may have moved. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	size = msg_add_port(32, MACH_MSG_TYPE_MOVE_RECEIVE, x);
	size = msg_add_port(size, MACH_MSG_TYPE_MOVE_SEND, x);
	size = msg_add_port(size, MACH_MSG_TYPE_MOVE_SEND_ONCE, so);
	size = msg_add_port(size, MACH_MSG_TYPE_MOVE_SEND, x); /* no uref */
	ck_assert_int_eq(msg_send(sp, size), MACH_SEND_INVALID_RIGHT);
	ck_assert_uint_eq(test_type(sp, x), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(test_refs(sp, x, MACH_PORT_RIGHT_SEND), 1);
	ck_assert_uint_eq(test_type(sp, so), MACH_PORT_TYPE_SEND_ONCE);
	/* Without the last item it goes; then all rights arrive back. */
	ck_assert_int_eq(msg_send(sp, size - 16), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(test_type(sp, x), 0);
	ck_assert_uint_eq(test_type(sp, so), 0);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	mach_msg_type_t *t = (mach_msg_type_t *)(umsg() + 1);
	uint32_t *slot = (uint32_t *)(t + 1);
	ck_assert_uint_eq(umsg()->msgh_bits & MACH_MSGH_BITS_COMPLEX,
			  MACH_MSGH_BITS_COMPLEX);
	ck_assert_uint_eq(t[0].msgt_name, MACH_MSG_TYPE_PORT_RECEIVE);
	ck_assert_uint_eq(t[2].msgt_name, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(t[4].msgt_name, MACH_MSG_TYPE_PORT_SEND_ONCE);
	ck_assert_uint_eq(slot[0], slot[4]); /* receive and send: one name */
	ck_assert_uint_eq(slot[1], 0);
	ck_assert_uint_eq(test_type(sp, slot[0]), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(test_type(sp, slot[8]), MACH_PORT_TYPE_SEND_ONCE);
}
END_TEST

START_TEST(ool_memory_and_port_arrays)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), a = test_port(sp),
			 b = test_port(sp);
	uintptr_t data = test_ool_region(8192), names = UADDR(0xA000);
	mach_msg_size_t size;
	uint8_t buf[8192];

	for (int i = 0; i < 8192; i++)
		buf[i] = (uint8_t)i;
	ck_assert_int_eq(copyout(buf, (void *)data, sizeof(buf)), 0);
	((uint32_t *)uptr(names))[0] = a;
	((uint32_t *)uptr(names))[1] = b;
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 2000);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 8192, data, false);
	size = msg_add_ool(size, MACH_MSG_TYPE_MAKE_SEND, 32, 2, names, false);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	/* The message has its own copy (copy-on-write). */
	memset(buf, 0, sizeof(buf));
	ck_assert_int_eq(copyout(buf, (void *)data, sizeof(buf)), 0);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
	mach_msg_type_t *t = (mach_msg_type_t *)(umsg() + 1);
	ck_assert_uint_eq(t[0].msgt_deallocate, 1);
	ck_assert_uint_eq(t[0].msgt_number, 8192);
	uintptr_t got = *(uintptr_t *)&t[1];
	ck_assert_uint_ne(got, 0);
	ck_assert_int_eq(copyin((void *)got, buf, sizeof(buf)), 0);
	for (int i = 0; i < 8192; i++)
		ck_assert_uint_eq(buf[i], (uint8_t)i);
	ck_assert_uint_eq(t[2].msgt_name, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_uint_eq(t[2].msgt_size, 32);
	uint32_t arr[2];
	uintptr_t arr_at = *(uintptr_t *)&t[3];
	ck_assert_int_eq(copyin((void *)arr_at, arr, 8), 0);
	ck_assert_uint_eq(arr[0], a);
	ck_assert_uint_eq(arr[1], b);
	ck_assert_uint_eq(test_type(sp, a), MACH_PORT_TYPE_SEND_RECEIVE);
	test_ool_region_free(data, 8192);
	test_ool_region_free(got, 8192);
	test_ool_region_free(arr_at, 8);
}
END_TEST

/*
 * 64 MiB out of line: no page is allocated to send or receive untouched
 * memory, and afterwards each side's writes stay its own.
 */
START_TEST(ool_large_copy_on_write)
{
	const size_t big = 64UL << 20;
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp);
	uintptr_t data = test_ool_region(big), got;
	mach_msg_size_t size;
	unsigned long free0, resident0;

	ck_assert_int_eq(copyout("sender", (void *)(data + big / 2), 7), 0);
	/* The first pass warms the caches (kmsg, copies, entries). */
	for (int pass = 0; pass < 2; pass++) {
		kmem_reap_all();
		free0 = vm_page_count_free();
		resident0 = vm_object_resident_count();
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 7);
		size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, big, data, false);
		ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
		ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
		got = *(uintptr_t *)((mach_msg_type_t *)(umsg() + 1) + 1);
		ck_assert_uint_ne(got, 0);
		if (pass == 0)
			test_ool_region_free(got, big);
	}
	/* No data page was made; at most a few slab pages (map entries). */
	ck_assert_uint_eq(vm_object_resident_count(), resident0);
	ck_assert_uint_le(free0, vm_page_count_free() + 4);

	char s[8];
	ck_assert_int_eq(copyin((void *)(got + big / 2), s, 7), 0);
	ck_assert_str_eq(s, "sender");
	ck_assert_int_eq(copyout("recv", (void *)(got + big / 2), 5), 0);
	ck_assert_int_eq(copyout("SEND", (void *)(data + big / 2), 5), 0);
	ck_assert_int_eq(copyout("tail", (void *)(got + big - 8), 5), 0);
	ck_assert_int_eq(copyin((void *)(data + big / 2), s, 5), 0);
	ck_assert_str_eq(s, "SEND");
	ck_assert_int_eq(copyin((void *)(got + big / 2), s, 5), 0);
	ck_assert_str_eq(s, "recv");
	ck_assert_int_eq(copyin((void *)(data + big - 8), s, 5), 0);
	ck_assert_uint_eq(s[0], 0);
	test_ool_region_free(data, big);
	test_ool_region_free(got, big);
}
END_TEST

START_TEST(queue_limit_and_timeouts)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), so;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	for (int i = 0; i < 5; i++)
		ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_send_opt(sp, 32, MACH_SEND_TIMEOUT, 0, 0),
			 MACH_SEND_TIMED_OUT);
	ck_assert_int_eq(msg_send_opt(sp, 32, MACH_SEND_TIMEOUT, 20, 0),
			 MACH_SEND_TIMED_OUT);
	ck_assert_int_eq(msg_send_opt(sp, 32, MACH_SEND_NOTIFY, 0, 77),
			 MACH_SEND_INVALID_NOTIFY);
	/* Send-once rights never block. */
	so = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, sp);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MOVE_SEND_ONCE, 0), so, 0, 2);
	ck_assert_int_eq(msg_send_opt(sp, 32, MACH_SEND_TIMEOUT, 0, 0),
			 MACH_MSG_SUCCESS);
	mach_port_status_t st;
	ck_assert_int_eq(mach_port_get_receive_status(sp, r, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_msgcount, 6);
	for (int i = 0; i < 6; i++)
		ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
	ck_assert_uint_eq(umsg()->msgh_id, 2);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_RCV_TIMED_OUT);
	ck_assert_int_eq(
		msg_receive_opt(sp, r, UMSG_SIZE, MACH_RCV_TIMEOUT, 30),
		MACH_RCV_TIMED_OUT);
	ck_assert_int_eq(msg_receive(sp, 99, UMSG_SIZE), MACH_RCV_INVALID_NAME);
}
END_TEST

START_TEST(too_large)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp), reply = test_port(sp);
	mach_msg_size_t size;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   r, reply, 5);
	size = msg_add_int(32, 1);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive_opt(sp, r, 40,
					 MACH_RCV_LARGE | MACH_RCV_TIMEOUT, 0),
			 MACH_RCV_TOO_LARGE);
	ck_assert_uint_eq(umsg()->msgh_size, 48);
	ck_assert_int_eq(msg_receive(sp, r, 40), MACH_RCV_TOO_LARGE);
	ck_assert_uint_eq(umsg()->msgh_remote_port_do_not_use, 0);
	ck_assert_uint_eq(umsg()->msgh_local_port, r);
	/* The reply right was destroyed: a send-once notification. */
	ck_assert_int_eq(msg_receive(sp, reply, UMSG_SIZE), MACH_MSG_SUCCESS);
	ck_assert_int_eq(umsg()->msgh_id, MACH_NOTIFY_SEND_ONCE);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_RCV_TIMED_OUT);
}
END_TEST

START_TEST(port_set_order_and_payload)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t a = test_port(sp), b = test_port(sp), set;

	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &set),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(sp, a, set), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(sp, b, set), KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_set_protected_payload(sp, b, 0x1122334455667788ULL),
		KERN_SUCCESS);
	mach_port_name_t order[] = {b, a, b, a, a};
	for (int i = 0; i < 5; i++) {
		msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), order[i],
			   0, 10 + i);
		ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	}
	ck_assert_int_eq(msg_receive(sp, a, UMSG_SIZE), MACH_RCV_IN_SET);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(msg_receive(sp, set, UMSG_SIZE),
				 MACH_MSG_SUCCESS);
		ck_assert_int_eq(umsg()->msgh_id, 10 + i);
		if (order[i] == b) {
			ck_assert_uint_eq(
				MACH_MSGH_BITS_LOCAL(umsg()->msgh_bits),
				MACH_MSG_TYPE_PROTECTED_PAYLOAD);
			ck_assert_uint_eq(umsg()->msgh_protected_payload,
					  0x1122334455667788ULL);
		} else {
			ck_assert_uint_eq(umsg()->msgh_protected_payload, a);
		}
	}
	ck_assert_int_eq(msg_receive(sp, set, UMSG_SIZE), MACH_RCV_TIMED_OUT);
}
END_TEST

/*
 * MACH_SEND_NO_BUFFER: a readable message above IPC_KMSG_MAX_SIZE, or no
 * memory for its kmsg; above IPC_KMSG_MAX_SIZE and not all readable:
 * MACH_SEND_INVALID_DATA, as GNU Mach answers. Nothing changes in the
 * sender's space.
 */
START_TEST(send_no_buffer)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp);
	struct kmem_cache *kc = test_kmsg_cache(32);
	const size_t big_size = IPC_KMSG_MAX_SIZE + 8;
	uintptr_t big = test_ool_region(big_size);

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(copyout(umsg(), (void *)big, sizeof(*umsg())), 0);
	ck_assert_int_eq(ipc_mach_msg(sp, big, MACH_SEND_MSG, big_size, 0,
				      MACH_PORT_NULL, 0, MACH_PORT_NULL),
			 MACH_SEND_NO_BUFFER);
	ck_assert_int_eq(ipc_mach_msg(sp, big, MACH_SEND_MSG, 1U << 31, 0,
				      MACH_PORT_NULL, 0, MACH_PORT_NULL),
			 MACH_SEND_INVALID_DATA);
	ck_assert_int_eq(ipc_mach_msg(sp, big + PAGE_SIZE, MACH_SEND_MSG,
				      big_size, 0, MACH_PORT_NULL, 0,
				      MACH_PORT_NULL),
			 MACH_SEND_INVALID_DATA);
	test_ool_region_free(big, big_size);
	ck_assert_ptr_nonnull(kc);
	kc->fail_next = 1;
	ck_assert_int_eq(msg_send(sp, 32), MACH_SEND_NO_BUFFER);
	ck_assert_uint_eq(kc->fail_next, 0);
	ck_assert_uint_eq(test_type(sp, r), MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_RCV_TIMED_OUT);
	/* Memory back: the same send goes through. */
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 1);
	ck_assert_int_eq(msg_send(sp, 32), MACH_MSG_SUCCESS);
	ck_assert_int_eq(msg_receive(sp, r, UMSG_SIZE), MACH_MSG_SUCCESS);
}
END_TEST

/*
 * MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE: the reply right cannot get a
 * name in the receiver's space (no memory for the entry). The message is
 * delivered with the reply name MACH_PORT_DEAD; the right is destroyed
 * (its port's holder gets a send-once notification).
 */
START_TEST(rcv_header_error_ipc_space)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(b), reply = test_port(a), s;
	struct kmem_cache *ec = kmem_cache_find("ipc_entry");
	mach_msg_size_t size;

	s = test_give(b, r, MACH_MSG_TYPE_MAKE_SEND, a);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
				  MACH_MSG_TYPE_MAKE_SEND_ONCE),
		   s, reply, 77);
	size = msg_add_int(32, 0x1234);
	ck_assert_int_eq(msg_send(a, size), MACH_MSG_SUCCESS);
	ck_assert_ptr_nonnull(ec);
	ec->fail_next = 1;
	ck_assert_int_eq(msg_receive(b, r, UMSG_SIZE),
			 MACH_RCV_HEADER_ERROR | MACH_MSG_IPC_SPACE);
	ck_assert_uint_eq(ec->fail_next, 0);
	ck_assert_uint_eq(umsg()->msgh_remote_port_do_not_use, MACH_PORT_DEAD);
	ck_assert_uint_eq(umsg()->msgh_local_port, r);
	ck_assert_int_eq(umsg()->msgh_id, 77);
	ck_assert_uint_eq(umsg()->msgh_size, size);
	ck_assert_uint_eq(((uint32_t *)(umsg() + 1))[2], 0x1234);
	test_notification(a, reply, MACH_NOTIFY_SEND_ONCE, 32, 0x1200);
	test_no_message(a, reply);
}
END_TEST

/*
 * MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE: a right in the body cannot get
 * a name; it arrives as MACH_PORT_DEAD and is released.
 */
START_TEST(rcv_body_error_ipc_space)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(b), carried = test_port(a), s;
	struct kmem_cache *ec = kmem_cache_find("ipc_entry");
	mach_msg_size_t size;

	s = test_give(b, r, MACH_MSG_TYPE_MAKE_SEND, a);
	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), s, 0, 78);
	size = msg_add_port(32, MACH_MSG_TYPE_MAKE_SEND, carried);
	ck_assert_int_eq(msg_send(a, size), MACH_MSG_SUCCESS);
	ck_assert_ptr_nonnull(ec);
	ec->fail_next = 1;
	ck_assert_int_eq(msg_receive(b, r, UMSG_SIZE),
			 MACH_RCV_BODY_ERROR | MACH_MSG_IPC_SPACE);
	ck_assert_uint_eq(ec->fail_next, 0);
	ck_assert_uint_eq(((uint32_t *)(umsg() + 1))[2], MACH_PORT_DEAD);
	ck_assert_uint_eq(test_port_of(a, carried)->srights, 0);
}
END_TEST

/*
 * MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE: out-of-line memory that cannot
 * be mapped in the receiver (its map is at vm_set_size_limit): pointer and
 * msgt_size become 0, the rest of the message arrives.
 */
START_TEST(rcv_body_error_vm_space)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t r = test_port(sp);
	uintptr_t data = test_ool_region(8192);
	struct vm_map *map = current_task()->map;
	size_t limit = map->size_cur_limit;
	mach_msg_size_t size;
	mach_msg_return_t mr;

	msg_header(MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0), r, 0, 2000);
	size = msg_add_ool(32, MACH_MSG_TYPE_BYTE, 8, 8192, data, false);
	size = msg_add_int(size, 0x5678);
	ck_assert_int_eq(msg_send(sp, size), MACH_MSG_SUCCESS);
	map->size_cur_limit = map->size;
	mr = msg_receive(sp, r, UMSG_SIZE);
	map->size_cur_limit = limit;
	ck_assert_int_eq(mr, MACH_RCV_BODY_ERROR | MACH_MSG_VM_SPACE);
	mach_msg_type_t *t = (mach_msg_type_t *)(umsg() + 1);
	ck_assert_uint_eq(t[0].msgt_size, 0);
	ck_assert_uint_eq(t[0].msgt_deallocate, 1);
	ck_assert_uint_eq(*(uintptr_t *)&t[1], 0);
	ck_assert_uint_eq(((uint32_t *)&t[3])[0], 0x5678);
	test_ool_region_free(data, 8192);
}
END_TEST

static Suite *ipc_msg_suite(void)
{
	Suite *s = suite_create("ipc_msg");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, simple_header_swap);
	tcase_add_test(tc, send_errors);
	tcase_add_test(tc, failed_send_keeps_rights);
	tcase_add_test(tc, ool_memory_and_port_arrays);
	tcase_add_test(tc, ool_large_copy_on_write);
	tcase_add_test(tc, queue_limit_and_timeouts);
	tcase_add_test(tc, too_large);
	tcase_add_test(tc, port_set_order_and_payload);
	tcase_add_test(tc, send_no_buffer);
	tcase_add_test(tc, rcv_header_error_ipc_space);
	tcase_add_test(tc, rcv_body_error_ipc_space);
	tcase_add_test(tc, rcv_body_error_vm_space);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_msg_suite());
}
