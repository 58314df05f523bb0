/*
 * bootstrap/stress/sonotify.c - send-once rights and notifications, each
 * iteration on fresh ports:
 *   no-senders     the last send right goes: MACH_NOTIFY_NO_SENDERS;
 *   port-destroyed the receive right is destroyed: it comes back in a
 *                  MACH_NOTIFY_PORT_DESTROYED;
 *   send-once      a send-once right is deallocated: MACH_NOTIFY_SEND_ONCE
 *                  to its port;
 *   dead-name      the port behind a send-once right dies:
 *                  MACH_NOTIFY_DEAD_NAME, then the dead name goes.
 */
#include <mach/notify.h>
#include <string.h>

#include "stress.h"

#define ITERATIONS 150

static union {
	mach_msg_header_t head;
	mach_port_destroyed_notification_t destroyed;
	mach_dead_name_notification_t dead;
	char bytes[256];
} rcv;

/* Receive one message on port (which must have one queued) and check
 * its id. */
static void expect_msg(mach_port_t port, mach_msg_id_t id)
{
	mach_msg_return_t mr =
		mach_msg(&rcv.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
			 sizeof(rcv), port, 1000, MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS)
		TEST_FAIL("sonotify: no message %d: %#x", id, mr);
	if (rcv.head.msgh_id != id)
		TEST_FAIL("sonotify: message %d, expected %d", rcv.head.msgh_id,
			  id);
}

static mach_port_t request(mach_port_t name, mach_msg_id_t which,
			   mach_port_t notify)
{
	mach_port_t previous = MACH_PORT_NULL, so;
	mach_msg_type_name_t type;

	/* The notify right goes as a send-once right (MOVE_SEND_ONCE). */
	EXPECT_OK(mach_port_extract_right(mach_task_self(), notify,
					  MACH_MSG_TYPE_MAKE_SEND_ONCE, &so,
					  &type));
	EXPECT_OK(mach_port_request_notification(
		mach_task_self(), name, which, 0, so,
		MACH_MSG_TYPE_MOVE_SEND_ONCE, &previous));
	return previous;
}

static void sonotify_once(mach_port_t notify)
{
	mach_port_t self = mach_task_self(), p, so;
	mach_msg_type_name_t type;

	/* No-senders. */
	p = stress_port_alloc();
	CHECK_EQ(request(p, MACH_NOTIFY_NO_SENDERS, notify), MACH_PORT_NULL);
	EXPECT_OK(mach_port_deallocate(self, p));
	expect_msg(notify, MACH_NOTIFY_NO_SENDERS);
	EXPECT_OK(mach_port_destroy(self, p));

	/* Port-destroyed: the right comes back, then really goes. */
	p = stress_port_alloc();
	CHECK_EQ(request(p, MACH_NOTIFY_PORT_DESTROYED, notify),
		 MACH_PORT_NULL);
	EXPECT_OK(mach_port_destroy(self, p));
	expect_msg(notify, MACH_NOTIFY_PORT_DESTROYED);
	EXPECT_OK(mach_port_destroy(self, rcv.destroyed.not_port));

	/* Send-once notification. */
	p = stress_port_alloc();
	EXPECT_OK(mach_port_extract_right(self, p, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					  &so, &type));
	CHECK_EQ(type, MACH_MSG_TYPE_PORT_SEND_ONCE);
	EXPECT_OK(mach_port_deallocate(self, so));
	expect_msg(p, MACH_NOTIFY_SEND_ONCE);

	/* Dead-name: a send-once right to p, p dies. */
	EXPECT_OK(mach_port_extract_right(self, p, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					  &so, &type));
	CHECK_EQ(request(so, MACH_NOTIFY_DEAD_NAME, notify), MACH_PORT_NULL);
	EXPECT_OK(mach_port_destroy(self, p));
	expect_msg(notify, MACH_NOTIFY_DEAD_NAME);
	CHECK_EQ(rcv.dead.not_port, so);
	EXPECT_OK(mach_port_destroy(self, so));
}

void stress_sonotify(void)
{
	mach_port_t self = mach_task_self(), notify;
	unsigned long n = ITERATIONS * stress_scale;

	EXPECT_OK(mach_port_allocate(self, MACH_PORT_RIGHT_RECEIVE, &notify));
	for (int k = 0; k < 4; k++) /* warm-up */
		sonotify_once(notify);
	stress_baseline("sonotify");
	for (unsigned long k = 0; k < n; k++)
		sonotify_once(notify);
	stress_check("sonotify", n);
	EXPECT_OK(mach_port_destroy(self, notify));
}
