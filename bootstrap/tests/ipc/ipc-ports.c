/*
 * Boot test ipc-ports: the name-space routines of mach_port.defs that
 * other boot tests leave out, through the MIG user stubs of libmach:
 *
 *   mach_port_names (3200)     every name with its type, in this task and
 *                              in a new (empty) child task;
 *   mach_port_type (3201)      receive, send+receive, send-once, port set,
 *                              dead name, the dead-name request bit;
 *   mach_port_rename (3202)    the right moves to the new name: messages
 *                              carry it, the set lists it, a dead-name
 *                              notification names it;
 *   mach_port_allocate_name (3203)  receive right, port set, dead name at
 *                              a name chosen here;
 *   mach_port_set_mscount (3211)    read back by get_receive_status and
 *                              carried by the no-senders notification;
 *   mach_port_set_ktype (3223) privileged (host_priv request port); the
 *                              tagged port stays an ordinary queued port.
 *
 * Bad input: a thread port as the task is KERN_INVALID_TASK, an unused
 * name KERN_INVALID_NAME, a reserved new name or unknown right
 * KERN_INVALID_VALUE, a used name KERN_NAME_EXISTS, the wrong kind of
 * right KERN_INVALID_RIGHT, the unprivileged host KERN_INVALID_HOST, and
 * a null destination MACH_SEND_INVALID_DEST (GNU Mach's codes).
 */
#include <stdbool.h>

#include <mach/mach_host.h>

#include "../ipc/ipc_test.h"

/* mach_port_set_ktype's ktypes (ABI sheet §6.1). */
#define KTYPE_NONE	  0
#define KTYPE_USER_DEVICE 28

/* Names chosen by this test (well above what mach_port_allocate uses). */
#define NAME_A 0x51000u
#define NAME_B 0x51001u
#define NAME_C 0x51002u
#define NAME_D 0x51003u
#define NAME_E 0x7ffffff0u

static mach_port_t self, thread_self, notify_port;

/* ---- Helpers ------------------------------------------------------------ */

/* A child task holding a receive right; *send gets a send right to it. */
static mach_port_t child_with_port(mach_port_t *send, mach_port_t *child_name)
{
	mach_port_t child;
	mach_msg_type_name_t type;

	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	EXPECT(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, child_name),
	       KERN_SUCCESS);
	EXPECT(mach_port_extract_right(child, *child_name,
				       MACH_MSG_TYPE_MAKE_SEND, send, &type),
	       KERN_SUCCESS);
	CHECK_EQ(type, MACH_MSG_TYPE_PORT_SEND);
	return child;
}

static void end_child(mach_port_t child)
{
	EXPECT(task_terminate(child), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
}

/* Request notification id on name, sent to notify_port. */
static void request(mach_port_t name, mach_msg_id_t id,
		    mach_port_mscount_t sync)
{
	mach_port_t previous = 0x5555;

	EXPECT(mach_port_request_notification(
		       self, name, id, sync, ipc_make_send_once(notify_port),
		       MACH_MSG_TYPE_MOVE_SEND_ONCE, &previous),
	       KERN_SUCCESS);
	CHECK_EQ(previous, MACH_PORT_NULL);
}

/* The next notification: id and its 32-bit item (one-item message). */
static uint32_t recv_notification(mach_msg_id_t id)
{
	ipc_buf_t buf;
	mach_msg_return_t mr = ipc_receive(&buf, notify_port, 1000);

	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("no notification %d: receive returned 0x%x", id, mr);
	CHECK_EQ(buf.head.msgh_id, id);
	CHECK_EQ(buf.head.msgh_size, IPC_ONE_ITEM_MSG);
	return ipc_word(&buf, IPC_FIRST_SLOT);
}

/* Send one message to name (a send right) and receive it on rcv: the
 * receiver sees rcv as the local port. */
static void check_roundtrip(mach_port_t name, mach_port_t rcv,
			    mach_port_t expect_local, uint32_t value)
{
	ipc_buf_t buf;

	EXPECT(ipc_send_int(name, MACH_MSG_TYPE_COPY_SEND, 1234, value, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(ipc_receive(&buf, rcv, 1000), MACH_MSG_SUCCESS);
	CHECK_EQ(buf.head.msgh_id, 1234);
	CHECK_EQ(buf.head.msgh_local_port, expect_local);
	CHECK_EQ(((ipc_int_msg_t *)&buf)->value, value);
}

/* The single member of port set set. */
static mach_port_t only_member(mach_port_t set)
{
	mach_port_name_t *members;
	mach_msg_type_number_t n;
	mach_port_t m;

	EXPECT(mach_port_get_set_status(self, set, &members, &n), KERN_SUCCESS);
	CHECK_EQ(n, 1);
	m = members[0];
	EXPECT(vm_deallocate(self, (vm_address_t)members, n * sizeof(*members)),
	       KERN_SUCCESS);
	return m;
}

/* ---- mach_port_names ---------------------------------------------------- */

struct name_list {
	mach_port_name_t *names;
	mach_port_type_t *types;
	mach_msg_type_number_t n;
};

static void names_get(mach_port_t task, struct name_list *l)
{
	mach_msg_type_number_t ntypes = 0;

	EXPECT(mach_port_names(task, &l->names, &l->n, &l->types, &ntypes),
	       KERN_SUCCESS);
	CHECK_EQ(ntypes, l->n);
}

static void names_free(struct name_list *l)
{
	if (l->n == 0)
		return;
	EXPECT(vm_deallocate(self, (vm_address_t)l->names,
			     l->n * sizeof(*l->names)),
	       KERN_SUCCESS);
	EXPECT(vm_deallocate(self, (vm_address_t)l->types,
			     l->n * sizeof(*l->types)),
	       KERN_SUCCESS);
}

/* The type listed for name, or 0 when it is absent; fails on a name
 * listed twice or an invalid name in the list. */
static mach_port_type_t names_type_of(const struct name_list *l,
				      mach_port_t name)
{
	mach_port_type_t type = 0;
	int seen = 0;

	for (mach_msg_type_number_t i = 0; i < l->n; i++) {
		CHECK(MACH_PORT_VALID(l->names[i]));
		if (l->names[i] == name) {
			type = l->types[i];
			seen++;
		}
	}
	CHECK(seen <= 1);
	return type;
}

static void test_names(void)
{
	struct name_list before, during, after, child_list;
	mach_port_t r = ipc_new_port_send(), set, dead, child, child_name, so;
	mach_port_name_t *names;
	mach_port_type_t *types;
	mach_msg_type_number_t n, nt;

	names_get(self, &before);
	CHECK_EQ(names_type_of(&before, self), MACH_PORT_TYPE_SEND);
	CHECK_EQ(names_type_of(&before, r), MACH_PORT_TYPE_SEND_RECEIVE);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &dead),
	       KERN_SUCCESS);
	so = ipc_make_send_once(r);
	names_get(self, &during);
	CHECK_EQ(during.n, before.n + 3);
	CHECK_EQ(names_type_of(&during, set), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(names_type_of(&during, dead), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(names_type_of(&during, so), MACH_PORT_TYPE_SEND_ONCE);
	CHECK_EQ(names_type_of(&during, r), MACH_PORT_TYPE_SEND_RECEIVE);
	/* Every name listed has the type mach_port_type gives. */
	for (mach_msg_type_number_t i = 0; i < during.n; i++)
		CHECK_EQ(ipc_type(during.names[i]), during.types[i]);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, dead), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, so), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	names_get(self, &after);
	CHECK_EQ(after.n, before.n - 1);
	CHECK_EQ(names_type_of(&after, r), 0);
	CHECK_EQ(names_type_of(&after, set), 0);

	/* A new task's space is empty; then it holds what it was given. */
	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	names_get(child, &child_list);
	CHECK_EQ(child_list.n, 0);
	EXPECT(mach_port_allocate(child, MACH_PORT_RIGHT_RECEIVE, &child_name),
	       KERN_SUCCESS);
	names_get(child, &child_list);
	CHECK_EQ(child_list.n, 1);
	CHECK_EQ(child_list.names[0], child_name);
	CHECK_EQ(child_list.types[0], MACH_PORT_TYPE_RECEIVE);
	names_free(&child_list);
	end_child(child);

	/* Not a task port; no port at all. */
	EXPECT(mach_port_names(thread_self, &names, &n, &types, &nt),
	       KERN_INVALID_TASK);
	EXPECT(mach_port_names(MACH_PORT_NULL, &names, &n, &types, &nt),
	       MACH_SEND_INVALID_DEST);
	names_free(&before);
	names_free(&during);
	names_free(&after);
	printf("ipc-ports: mach_port_names ok\n");
}

/* ---- mach_port_type ----------------------------------------------------- */

static void test_type(void)
{
	mach_port_t r = ipc_new_port(), set, dead, so, send, child, child_name;
	mach_port_type_t type = 0x5555;

	EXPECT(mach_port_type(self, r, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_RECEIVE);
	EXPECT(mach_port_insert_right(self, r, r, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(mach_port_type(self, r, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND_RECEIVE);
	so = ipc_make_send_once(r);
	EXPECT(mach_port_type(self, so, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND_ONCE);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_type(self, set, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_PORT_SET);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_DEAD_NAME, &dead),
	       KERN_SUCCESS);
	EXPECT(mach_port_type(self, dead, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);

	/* A dead-name request shows as MACH_PORT_TYPE_DNREQUEST. */
	child = child_with_port(&send, &child_name);
	EXPECT(mach_port_type(self, send, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND);
	request(send, MACH_NOTIFY_DEAD_NAME, 0);
	EXPECT(mach_port_type(self, send, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	end_child(child);
	CHECK_EQ(recv_notification(MACH_NOTIFY_DEAD_NAME), send);
	EXPECT(mach_port_type(self, send, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_mod_refs(self, send, MACH_PORT_RIGHT_DEAD_NAME, -2),
	       KERN_SUCCESS);

	/* The receive right dies under a send right: a dead name. The
	 * send-once right made from it dies too. */
	EXPECT(mach_port_mod_refs(self, r, MACH_PORT_RIGHT_RECEIVE, -1),
	       KERN_SUCCESS);
	EXPECT(mach_port_type(self, r, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_type(self, so, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_DEAD_NAME);

	/* Bad input leaves *type alone. */
	type = 0x5555;
	EXPECT(mach_port_type(self, NAME_A, &type), KERN_INVALID_NAME);
	EXPECT(mach_port_type(self, MACH_PORT_NULL, &type), KERN_INVALID_NAME);
	EXPECT(mach_port_type(self, MACH_PORT_DEAD, &type), KERN_INVALID_NAME);
	EXPECT(mach_port_type(thread_self, r, &type), KERN_INVALID_TASK);
	EXPECT(mach_port_type(MACH_PORT_NULL, r, &type),
	       MACH_SEND_INVALID_DEST);
	EXPECT(mach_port_type(dead, r, &type), MACH_SEND_INVALID_DEST);
	CHECK_EQ(type, 0x5555);

	EXPECT(mach_port_destroy(self, r), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, so), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, dead), KERN_SUCCESS);
	EXPECT(mach_port_type(self, r, &type), KERN_INVALID_NAME);
	printf("ipc-ports: mach_port_type ok\n");
}

/* ---- mach_port_rename --------------------------------------------------- */

static void test_rename(void)
{
	mach_port_t r = ipc_new_port_send(), set, send, child, child_name;
	mach_port_status_t st;

	CHECK_EQ(ipc_type(NAME_A), 0);
	EXPECT(mach_port_set_qlimit(self, r, 3), KERN_SUCCESS);
	EXPECT(mach_port_rename(self, r, NAME_A), KERN_SUCCESS);
	CHECK_EQ(ipc_type(r), 0);
	CHECK_EQ(ipc_type(NAME_A), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(ipc_refs(NAME_A, MACH_PORT_RIGHT_SEND), 1);
	/* The same port: its attributes moved with it. */
	EXPECT(mach_port_get_receive_status(self, NAME_A, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_qlimit, 3);
	/* The receiver sees the new name. */
	check_roundtrip(NAME_A, NAME_A, NAME_A, 1);

	/* A member of a set: the set lists the new name; the set renamed
	 * receives under its new name. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_move_member(self, NAME_A, set), KERN_SUCCESS);
	CHECK_EQ(only_member(set), NAME_A);
	EXPECT(mach_port_rename(self, NAME_A, NAME_B), KERN_SUCCESS);
	CHECK_EQ(only_member(set), NAME_B);
	EXPECT(mach_port_rename(self, set, NAME_C), KERN_SUCCESS);
	CHECK_EQ(ipc_type(set), 0);
	CHECK_EQ(ipc_type(NAME_C), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(only_member(NAME_C), NAME_B);
	check_roundtrip(NAME_B, NAME_C, NAME_B, 2);

	/* Bad input changes nothing. */
	EXPECT(mach_port_rename(self, NAME_B, NAME_C), KERN_NAME_EXISTS);
	EXPECT(mach_port_rename(self, NAME_B, MACH_PORT_NULL),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_rename(self, NAME_B, MACH_PORT_DEAD),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_rename(self, NAME_D, NAME_E), KERN_INVALID_NAME);
	EXPECT(mach_port_rename(self, MACH_PORT_NULL, NAME_E),
	       KERN_INVALID_NAME);
	EXPECT(mach_port_rename(thread_self, NAME_B, NAME_E),
	       KERN_INVALID_TASK);
	EXPECT(mach_port_rename(MACH_PORT_NULL, NAME_B, NAME_E),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(ipc_type(NAME_B), MACH_PORT_TYPE_SEND_RECEIVE);
	CHECK_EQ(ipc_type(NAME_C), MACH_PORT_TYPE_PORT_SET);
	CHECK_EQ(ipc_type(NAME_E), 0);
	CHECK_EQ(ipc_type(NAME_D), 0);
	EXPECT(mach_port_destroy(self, NAME_B), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, NAME_C), KERN_SUCCESS);

	/* A send right with a dead-name request: the notification names
	 * the right by its new name. */
	child = child_with_port(&send, &child_name);
	request(send, MACH_NOTIFY_DEAD_NAME, 0);
	EXPECT(mach_port_rename(self, send, NAME_D), KERN_SUCCESS);
	CHECK_EQ(ipc_type(NAME_D),
		 MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_DNREQUEST);
	EXPECT(mach_port_destroy(child, child_name), KERN_SUCCESS);
	CHECK_EQ(recv_notification(MACH_NOTIFY_DEAD_NAME), NAME_D);
	CHECK_EQ(ipc_type(NAME_D), MACH_PORT_TYPE_DEAD_NAME);
	EXPECT(mach_port_destroy(self, NAME_D), KERN_SUCCESS);
	end_child(child);
	ipc_check_empty(notify_port);
	printf("ipc-ports: mach_port_rename ok\n");
}

/* ---- mach_port_allocate_name -------------------------------------------- */

static void test_allocate_name(void)
{
	mach_port_t other;
	mach_port_status_t st;

	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, NAME_A),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(NAME_A), MACH_PORT_TYPE_RECEIVE);
	EXPECT(mach_port_get_receive_status(self, NAME_A, &st), KERN_SUCCESS);
	CHECK_EQ(st.mps_msgcount, 0);
	CHECK_EQ(st.mps_srights, 0);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_PORT_SET, NAME_B),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(NAME_B), MACH_PORT_TYPE_PORT_SET);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_DEAD_NAME, NAME_C),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(NAME_C), MACH_PORT_TYPE_DEAD_NAME);
	CHECK_EQ(ipc_refs(NAME_C, MACH_PORT_RIGHT_DEAD_NAME), 1);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, NAME_E),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_type(NAME_E), MACH_PORT_TYPE_RECEIVE);

	/* The ports work under their names. */
	EXPECT(mach_port_insert_right(self, NAME_A, NAME_A,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(mach_port_move_member(self, NAME_A, NAME_B), KERN_SUCCESS);
	check_roundtrip(NAME_A, NAME_B, NAME_A, 3);
	/* mach_port_allocate does not hand out a chosen name. */
	other = ipc_new_port();
	CHECK(other != NAME_A && other != NAME_B && other != NAME_C &&
	      other != NAME_E);

	/* Bad input: nothing is allocated. */
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE, NAME_A),
	       KERN_NAME_EXISTS);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_DEAD_NAME, other),
	       KERN_NAME_EXISTS);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE,
				       MACH_PORT_NULL),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_RECEIVE,
				       MACH_PORT_DEAD),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_SEND, NAME_D),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_SEND_ONCE, NAME_D),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(self, 99, NAME_D), KERN_INVALID_VALUE);
	EXPECT(mach_port_allocate_name(thread_self, MACH_PORT_RIGHT_RECEIVE,
				       NAME_D),
	       KERN_INVALID_TASK);
	EXPECT(mach_port_allocate_name(MACH_PORT_NULL, MACH_PORT_RIGHT_RECEIVE,
				       NAME_D),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(ipc_type(NAME_D), 0);
	CHECK_EQ(ipc_type(NAME_A), MACH_PORT_TYPE_SEND_RECEIVE);

	EXPECT(mach_port_destroy(self, NAME_A), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, NAME_B), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, NAME_C), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, NAME_E), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, other), KERN_SUCCESS);
	/* A freed chosen name can be chosen again. */
	EXPECT(mach_port_allocate_name(self, MACH_PORT_RIGHT_PORT_SET, NAME_A),
	       KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, NAME_A), KERN_SUCCESS);
	printf("ipc-ports: mach_port_allocate_name ok\n");
}

/* ---- mach_port_set_mscount ---------------------------------------------- */

static void test_set_mscount(void)
{
	mach_port_t p = ipc_new_port(), set, send, child, child_name;
	mach_port_status_t st;

	CHECK_EQ(ipc_status(p).mps_mscount, 0);
	EXPECT(mach_port_set_mscount(self, p, 41), KERN_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_mscount, 41);
	/* Making a send right counts on from the value set. */
	EXPECT(mach_port_insert_right(self, p, p, MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_mscount, 42);
	/* The no-senders notification carries it. */
	request(p, MACH_NOTIFY_NO_SENDERS, 42);
	ipc_check_empty(notify_port);
	EXPECT(mach_port_deallocate(self, p), KERN_SUCCESS);
	CHECK_EQ(recv_notification(MACH_NOTIFY_NO_SENDERS), 42);
	/* And it can go down again. */
	EXPECT(mach_port_set_mscount(self, p, 0), KERN_SUCCESS);
	CHECK_EQ(ipc_status(p).mps_mscount, 0);

	/* Only a receive right has a make-send count. */
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_set_mscount(self, set, 5), KERN_INVALID_RIGHT);
	child = child_with_port(&send, &child_name);
	EXPECT(mach_port_set_mscount(self, send, 5), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_mscount(child, child_name, 5), KERN_SUCCESS);
	EXPECT(mach_port_get_receive_status(child, child_name, &st),
	       KERN_SUCCESS);
	CHECK_EQ(st.mps_mscount, 5);
	end_child(child);
	/* The child's port died: our send right is a dead name now. */
	EXPECT(mach_port_set_mscount(self, send, 5), KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_mscount(self, NAME_A, 5), KERN_INVALID_NAME);
	EXPECT(mach_port_set_mscount(self, MACH_PORT_NULL, 5),
	       KERN_INVALID_NAME);
	EXPECT(mach_port_set_mscount(thread_self, p, 5), KERN_INVALID_TASK);
	EXPECT(mach_port_set_mscount(MACH_PORT_NULL, p, 5),
	       MACH_SEND_INVALID_DEST);
	CHECK_EQ(ipc_status(p).mps_mscount, 0);
	EXPECT(mach_port_destroy(self, send), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-ports: mach_port_set_mscount ok\n");
}

/* ---- mach_port_set_ktype ------------------------------------------------ */

static void test_set_ktype(mach_port_t host, mach_port_t host_priv)
{
	mach_port_t p = ipc_new_port_send(), set, send, child, child_name;
	mach_port_status_t st;
	mach_port_type_t type;
	mach_port_urefs_t self_refs, refs;

	/* (Each mach_task_self() trap adds a reference: only self is used
	 * from here on.) */
	EXPECT(mach_port_get_refs(self, self, MACH_PORT_RIGHT_SEND, &self_refs),
	       KERN_SUCCESS);

	EXPECT(mach_port_set_ktype(host_priv, self, p, MACH_PORT_RIGHT_RECEIVE,
				   KTYPE_USER_DEVICE),
	       KERN_SUCCESS);
	/* Still an ordinary port of this task whose messages queue. */
	EXPECT(mach_port_type(self, p, &type), KERN_SUCCESS);
	CHECK_EQ(type, MACH_PORT_TYPE_SEND_RECEIVE);
	check_roundtrip(p, p, p, 4);
	EXPECT(mach_port_set_ktype(host_priv, self, p, MACH_PORT_RIGHT_RECEIVE,
				   KTYPE_NONE),
	       KERN_SUCCESS);
	check_roundtrip(p, p, p, 5);
	/* Another task's receive right. */
	child = child_with_port(&send, &child_name);
	EXPECT(mach_port_set_ktype(host_priv, child, child_name,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       KERN_SUCCESS);
	EXPECT(ipc_send_int(send, MACH_MSG_TYPE_COPY_SEND, 1, 6, 0, 0),
	       MACH_MSG_SUCCESS);
	EXPECT(mach_port_get_receive_status(child, child_name, &st),
	       KERN_SUCCESS);
	CHECK_EQ(st.mps_msgcount, 1);

	/* Privilege first, then the task, the values, the name. */
	EXPECT(mach_port_set_ktype(host, self, p, MACH_PORT_RIGHT_RECEIVE,
				   KTYPE_USER_DEVICE),
	       KERN_INVALID_HOST);
	EXPECT(mach_port_set_ktype(self, self, p, MACH_PORT_RIGHT_RECEIVE,
				   KTYPE_USER_DEVICE),
	       KERN_INVALID_HOST);
	EXPECT(mach_port_set_ktype(host_priv, thread_self, p,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       KERN_INVALID_TASK);
	EXPECT(mach_port_set_ktype(host_priv, self, p, MACH_PORT_RIGHT_SEND,
				   KTYPE_USER_DEVICE),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_set_ktype(host_priv, self, p, MACH_PORT_RIGHT_RECEIVE,
				   5),
	       KERN_INVALID_VALUE);
	EXPECT(mach_port_set_ktype(host_priv, self, NAME_A,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       KERN_INVALID_NAME);
	EXPECT(mach_port_allocate(self, MACH_PORT_RIGHT_PORT_SET, &set),
	       KERN_SUCCESS);
	EXPECT(mach_port_set_ktype(host_priv, self, set,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       KERN_INVALID_RIGHT);
	EXPECT(mach_port_set_ktype(host_priv, self, send,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       KERN_INVALID_RIGHT);
	/* The task right sent with each call was copied, never taken.
	 * (Not past a failed send: libmach's new reply port costs a
	 * mach_task_self() reference.) */
	EXPECT(mach_port_get_refs(self, self, MACH_PORT_RIGHT_SEND, &refs),
	       KERN_SUCCESS);
	CHECK_EQ(refs, self_refs);
	EXPECT(mach_port_set_ktype(MACH_PORT_NULL, self, p,
				   MACH_PORT_RIGHT_RECEIVE, KTYPE_USER_DEVICE),
	       MACH_SEND_INVALID_DEST);

	end_child(child);
	EXPECT(mach_port_destroy(self, send), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, set), KERN_SUCCESS);
	EXPECT(mach_port_destroy(self, p), KERN_SUCCESS);
	printf("ipc-ports: mach_port_set_ktype ok\n");
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t host = mach_host_self(), host_priv = test_host_priv();

	(void)argc;
	(void)argv;
	(void)envp;
	self = mach_task_self();
	thread_self = mach_thread_self();
	CHECK(MACH_PORT_VALID(host) && MACH_PORT_VALID(host_priv));
	notify_port = ipc_new_port();

	test_names();
	test_type();
	test_rename();
	test_allocate_name();
	test_set_mscount();
	test_set_ktype(host, host_priv);
	ipc_check_empty(notify_port);
	TEST_SUCCESS();
}
