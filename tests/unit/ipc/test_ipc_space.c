/*
 * tests/unit/ipc/test_ipc_space.c - name spaces, rights and the mach_port
 * calls: lowest-first names and reuse, table growth, urefs limits, port
 * sets, renames, insert/extract, and the errors of each call.
 */
#include <base/kmem.h>
#include <base/lock.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/space.h>
#include <ipc/mach_port.h>
#include "ipc_test.h"

START_TEST(names_lowest_first)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t a = test_port(sp), b = test_port(sp), c;

	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	ck_assert_int_eq(mach_port_destroy(sp, a), KERN_SUCCESS);
	c = test_port(sp);
	ck_assert_uint_eq(c, 1); /* the freed name comes back first */
	ck_assert_uint_eq(test_port(sp), 3);
}
END_TEST

START_TEST(send_right_reuses_name)
{
	struct ipc_space *sp = test_space();
	struct ipc_space *other = test_space();
	mach_port_name_t r = test_port(sp), n = 0, n2 = 0;
	struct port *p;
	mach_msg_type_name_t t;

	/* MAKE_SEND into the same space merges with the receive right. */
	ck_assert_int_eq(
		mach_port_extract_right(sp, r, MACH_MSG_TYPE_MAKE_SEND, &p, &t),
		KERN_SUCCESS);
	ck_assert_uint_eq(t, MACH_MSG_TYPE_PORT_SEND);
	ck_assert_int_eq(mach_port_insert_right(sp, r, p, t), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, r), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_uint_eq(test_refs(sp, r, MACH_PORT_RIGHT_SEND), 1);
	/* Two send rights into another space: one name, two urefs. */
	n = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, other);
	n2 = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, other);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(n2, 1);
	ck_assert_uint_eq(test_refs(other, n, MACH_PORT_RIGHT_SEND), 2);
}
END_TEST

/* Is name's entry in the reverse map? */
static bool in_port_map(struct ipc_space *space, mach_port_name_t name)
{
	spl_t s = splhigh();
	bool in = ipc_space_lookup(space, name)->in_port_map;

	splx(s);
	return in;
}

/* A space names a port's send and receive rights with one name, found
 * through the port for the receive right's entry and through the
 * reverse map for a send right alone, as the receive right moves and the
 * name changes. */
START_TEST(one_name_as_rights_move)
{
	struct ipc_space *a = test_space(), *b = test_space();
	mach_port_name_t r = test_port(a), rb;

	ck_assert_uint_eq(test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	ck_assert_uint_eq(test_type(a, r), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert(!in_port_map(a, r)); /* found through the port */
	/* The receive right leaves: a keeps the send right, same name. */
	rb = test_give(a, r, MACH_MSG_TYPE_MOVE_RECEIVE, b);
	ck_assert_uint_eq(test_type(a, r), MACH_PORT_TYPE_SEND);
	ck_assert(in_port_map(a, r));
	ck_assert_uint_eq(test_type(b, rb), MACH_PORT_TYPE_RECEIVE);
	ck_assert(!in_port_map(b, rb));
	ck_assert_uint_eq(test_give(b, rb, MACH_MSG_TYPE_MAKE_SEND, a), r);
	ck_assert_uint_eq(test_refs(a, r, MACH_PORT_RIGHT_SEND), 2);
	ck_assert_uint_eq(test_give(b, rb, MACH_MSG_TYPE_MAKE_SEND, b), rb);
	/* And comes back: it joins the send right's name. */
	ck_assert_uint_eq(test_give(b, rb, MACH_MSG_TYPE_MOVE_RECEIVE, a), r);
	ck_assert_uint_eq(test_type(a, r), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert(!in_port_map(a, r));
	ck_assert_uint_eq(test_type(b, rb), MACH_PORT_TYPE_SEND);
	ck_assert(in_port_map(b, rb));
	ck_assert_uint_eq(test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, b), rb);
	ck_assert_uint_eq(test_refs(b, rb, MACH_PORT_RIGHT_SEND), 2);
	ck_assert_uint_eq(test_give(a, r, MACH_MSG_TYPE_MAKE_SEND, a), r);
	ck_assert_uint_eq(test_refs(a, r, MACH_PORT_RIGHT_SEND), 3);
	/* Renamed past the small names, and back below them. */
	ck_assert_int_eq(mach_port_rename(a, r, 77), KERN_SUCCESS);
	ck_assert_uint_eq(test_give(a, 77, MACH_MSG_TYPE_MAKE_SEND, a), 77);
	ck_assert_uint_eq(test_give(b, rb, MACH_MSG_TYPE_COPY_SEND, a), 77);
	ck_assert_int_eq(mach_port_rename(a, 77, 5), KERN_SUCCESS);
	ck_assert_uint_eq(test_give(a, 5, MACH_MSG_TYPE_MAKE_SEND, a), 5);
	ck_assert_uint_eq(test_refs(a, 5, MACH_PORT_RIGHT_SEND), 6);
	/* The receive right dies: the send rights become dead names. */
	ck_assert_int_eq(mach_port_mod_refs(a, 5, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(a, 5), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_type(b, rb), MACH_PORT_TYPE_DEAD_NAME);
}
END_TEST

START_TEST(table_growth_and_reuse)
{
	struct ipc_space *sp = test_space();
	enum { N = 1000 };

	for (unsigned int i = 1; i <= N; i++)
		ck_assert_uint_eq(test_port(sp), i);
	for (unsigned int i = 2; i <= N; i += 2)
		ck_assert_int_eq(mach_port_destroy(sp, i), KERN_SUCCESS);
	for (unsigned int i = 2; i <= N; i += 2)
		ck_assert_uint_eq(test_port(sp), i);
	ck_assert_uint_eq(test_port(sp), N + 1);
	mach_port_name_t *names;
	mach_port_type_t *types;
	mach_msg_type_number_t nn, nt;
	ck_assert_int_eq(mach_port_names(sp, &names, &nn, &types, &nt),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nn, N + 1);
	ck_assert_uint_eq(nt, N + 1);
	for (unsigned int i = 0; i < nn; i++)
		ck_assert_uint_eq(types[i], MACH_PORT_TYPE_RECEIVE);
	spl_t s = splhigh();
	ipc_ool_free(names, nn * sizeof(*names)); /* ipc/ool.h buffers */
	ipc_ool_free(types, nt * sizeof(*types));
	splx(s);
}
END_TEST

START_TEST(allocate_kinds_and_errors)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t n;

	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, n), MACH_PORT_TYPE_PORT_SET);
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_DEAD_NAME, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, n), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_SEND, &n),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_allocate(sp, 99, &n), KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_allocate_name(sp, MACH_PORT_RIGHT_RECEIVE, 0x1234),
		KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_allocate_name(sp, MACH_PORT_RIGHT_RECEIVE, 0x1234),
		KERN_NAME_EXISTS);
	ck_assert_int_eq(mach_port_allocate_name(sp, MACH_PORT_RIGHT_RECEIVE,
						 MACH_PORT_DEAD),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_allocate_name(sp, MACH_PORT_RIGHT_RECEIVE,
						 MACH_PORT_NULL),
			 KERN_INVALID_VALUE);
	ck_assert_uint_eq(test_port(sp), 3);
	ck_assert_int_eq(mach_port_type(sp, 77, &n), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_destroy(sp, 77), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_deallocate(sp, 77), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_deallocate(sp, 3), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_deallocate(sp, MACH_PORT_NULL),
			 KERN_SUCCESS);
}
END_TEST

START_TEST(urefs_limits)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t d, r = test_port(sp);

	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_DEAD_NAME, &d),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME, 65534),
		KERN_SUCCESS);
	ck_assert_uint_eq(test_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME), 65535);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME, 1),
		KERN_UREFS_OVERFLOW);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME, -65536),
		KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_SEND, -1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, d, MACH_PORT_RIGHT_DEAD_NAME, -65535),
		KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, d), 0); /* the name is gone */

	/* Send rights: up to 65535 urefs. */
	struct port *p;
	mach_msg_type_name_t t;
	ck_assert_int_eq(
		mach_port_extract_right(sp, r, MACH_MSG_TYPE_MAKE_SEND, &p, &t),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_insert_right(sp, r, p, t), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(sp, r, MACH_PORT_RIGHT_SEND, 65534),
			 KERN_SUCCESS);
	ck_assert_int_eq(
		mach_port_extract_right(sp, r, MACH_MSG_TYPE_MAKE_SEND, &p, &t),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_insert_right(sp, r, p, t),
			 KERN_UREFS_OVERFLOW);
	spl_t s = splhigh();
	ipc_port_release_send(p);
	splx(s);
	ck_assert_int_eq(mach_port_mod_refs(sp, r, MACH_PORT_RIGHT_SEND, 1),
			 KERN_UREFS_OVERFLOW);
	ck_assert_int_eq(mach_port_mod_refs(sp, r, MACH_PORT_RIGHT_RECEIVE, 1),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_mod_refs(sp, r, MACH_PORT_RIGHT_SEND, -65535),
		KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, r), MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(mach_port_mod_refs(sp, r, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, r), 0);
}
END_TEST

START_TEST(dead_port_makes_dead_names)
{
	struct ipc_space *sp = test_space();
	struct ipc_space *other = test_space();
	mach_port_name_t r = test_port(sp), n, so;
	struct port *p;
	mach_msg_type_name_t t;

	n = test_give(sp, r, MACH_MSG_TYPE_MAKE_SEND, other);
	ck_assert_int_eq(mach_port_extract_right(
				 sp, r, MACH_MSG_TYPE_MAKE_SEND_ONCE, &p, &t),
			 KERN_SUCCESS);
	so = 0;
	ck_assert_int_eq(mach_port_insert_right(other, 50, p, t), KERN_SUCCESS);
	so = 50;
	ck_assert_int_eq(mach_port_mod_refs(other, n, MACH_PORT_RIGHT_SEND, 2),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_destroy(sp, r), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(other, n), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_refs(other, n, MACH_PORT_RIGHT_DEAD_NAME), 3);
	ck_assert_uint_eq(test_type(other, so), MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_uint_eq(test_refs(other, so, MACH_PORT_RIGHT_DEAD_NAME), 1);
	ck_assert_int_eq(mach_port_deallocate(other, so), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(other, so), 0);
}
END_TEST

START_TEST(rename_and_sets)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t a = test_port(sp), b = test_port(sp), set;
	mach_port_name_t *members;
	mach_msg_type_number_t cnt;
	mach_port_status_t st;

	ck_assert_int_eq(mach_port_rename(sp, a, 100), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_rename(sp, 100, b), KERN_NAME_EXISTS);
	ck_assert_int_eq(mach_port_rename(sp, 5, 6), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_rename(sp, 100, MACH_PORT_DEAD),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_allocate(sp, MACH_PORT_RIGHT_PORT_SET, &set),
			 KERN_SUCCESS);
	ck_assert_uint_eq(set, 1);
	ck_assert_int_eq(mach_port_move_member(sp, 100, set), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(sp, b, set), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(sp, set, b), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_move_member(sp, b, 100), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_get_set_status(sp, set, &members, &cnt),
			 KERN_SUCCESS);
	ck_assert_uint_eq(cnt, 2);
	ck_assert_uint_eq(members[0], 100);
	ck_assert_uint_eq(members[1], b);
	spl_t s = splhigh();
	ipc_ool_free(members, cnt * sizeof(*members));
	splx(s);
	ck_assert_int_eq(mach_port_get_receive_status(sp, b, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_pset, set);
	ck_assert_uint_eq(st.mps_qlimit, MACH_PORT_QLIMIT_DEFAULT);
	ck_assert_int_eq(mach_port_rename(sp, set, 200), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_get_receive_status(sp, b, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_pset, 200);
	ck_assert_int_eq(mach_port_move_member(sp, b, MACH_PORT_NULL),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_move_member(sp, b, MACH_PORT_NULL),
			 KERN_NOT_IN_SET);
	ck_assert_int_eq(mach_port_get_set_status(sp, b, &members, &cnt),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_set_qlimit(sp, b, 17), KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_set_qlimit(sp, b, 16), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_set_qlimit(sp, 200, 1), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_set_seqno(sp, b, 7), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_set_mscount(sp, b, 3), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_get_receive_status(sp, b, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_seqno, 7);
	ck_assert_uint_eq(st.mps_mscount, 3);
	ck_assert_uint_eq(st.mps_qlimit, 16);
	/* Destroying the set frees its members from it. */
	ck_assert_int_eq(mach_port_destroy(sp, 200), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_get_receive_status(sp, 100, &st),
			 KERN_SUCCESS);
	ck_assert_uint_eq(st.mps_pset, MACH_PORT_NULL);
}
END_TEST

START_TEST(insert_extract_errors)
{
	struct ipc_space *sp = test_space();
	mach_port_name_t a = test_port(sp), b = test_port(sp);
	struct port *p;
	mach_msg_type_name_t t;

	ck_assert_int_eq(
		mach_port_extract_right(sp, a, MACH_MSG_TYPE_COPY_SEND, &p, &t),
		KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_extract_right(sp, a, 3, &p, &t),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(
		mach_port_extract_right(sp, 9, MACH_MSG_TYPE_MAKE_SEND, &p, &t),
		KERN_INVALID_NAME);
	ck_assert_int_eq(
		mach_port_extract_right(sp, a, MACH_MSG_TYPE_MAKE_SEND, &p, &t),
		KERN_SUCCESS);
	/* The space names the port already (a): that name or nothing. */
	ck_assert_int_eq(mach_port_insert_right(sp, b, p, t),
			 KERN_RIGHT_EXISTS);
	/* A port the space does not know, onto a name in use. */
	struct ipc_space *o = test_space();
	mach_port_name_t c = test_port(o);
	struct port *q;
	ck_assert_int_eq(
		mach_port_extract_right(o, c, MACH_MSG_TYPE_MAKE_SEND, &q, &t),
		KERN_SUCCESS);
	ck_assert_int_eq(mach_port_insert_right(sp, b, q, t), KERN_NAME_EXISTS);
	ck_assert_int_eq(mach_port_insert_right(sp, MACH_PORT_DEAD, q, t),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_insert_right(sp, 41, q, t), KERN_SUCCESS);
	/* The same name: the send right joins the receive right. */
	ck_assert_int_eq(mach_port_insert_right(sp, a, p, t), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, a), MACH_PORT_TYPE_SEND_RECEIVE);
	/* Move the receive right of the port named 41 out and back: it
	 * joins the send right already named 41. */
	ck_assert_int_eq(mach_port_extract_right(
				 o, c, MACH_MSG_TYPE_MOVE_RECEIVE, &q, &t),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(o, c), 0);
	ck_assert_int_eq(mach_port_insert_right(sp, 42, q, t),
			 KERN_RIGHT_EXISTS);
	ck_assert_int_eq(mach_port_insert_right(sp, 41, q, t), KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, 41), MACH_PORT_TYPE_SEND_RECEIVE);
	ck_assert_int_eq(mach_port_extract_right(
				 sp, 41, MACH_MSG_TYPE_MOVE_SEND, &q, &t),
			 KERN_SUCCESS);
	ck_assert_uint_eq(test_type(sp, 41), MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(mach_port_insert_right(sp, 41, q, t), KERN_SUCCESS);
}
END_TEST

static Suite *ipc_space_suite(void)
{
	Suite *s = suite_create("ipc_space");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, ipc_test_setup, ipc_test_teardown);
	tcase_add_test(tc, names_lowest_first);
	tcase_add_test(tc, send_right_reuses_name);
	tcase_add_test(tc, one_name_as_rights_move);
	tcase_add_test(tc, table_growth_and_reuse);
	tcase_add_test(tc, allocate_kinds_and_errors);
	tcase_add_test(tc, urefs_limits);
	tcase_add_test(tc, dead_port_makes_dead_names);
	tcase_add_test(tc, rename_and_sets);
	tcase_add_test(tc, insert_extract_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	ipc_test_boot();
	return unit_run(ipc_space_suite());
}
