/*
 * bootstrap/tests/task/task-notify.c - register_new_task_notification
 * (gnumach.defs 4203) and the notification it brings on task_create:
 * mach_notify_new_task (task_notify.defs 4400), COMPLEX, two send rights
 * (the new task, its parent) in pointer-sized slots: 64 bytes on x86_64,
 * 40 on i386.
 *
 * Also: the unprivileged host port is refused (KERN_INVALID_HOST).
 */
#include <mach/gnumach.h>
#include <mach/mach_host.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>

#include "mach_test_util.h"

#define MACH_NOTIFY_NEW_TASK 4400

struct new_task_msg {
	mach_msg_header_t head;
	mach_msg_type_t task_type;
	mach_port_name_inlined_t task;
	mach_msg_type_t parent_type;
	mach_port_name_inlined_t parent;
};
_Static_assert(sizeof(struct new_task_msg) == MSG_WIRE(64, 40),
	       "mach_notify_new_task");

static void check_notification(mach_port_t port, mach_port_t child,
			       mach_port_t self)
{
	union {
		struct new_task_msg msg;
		char buf[256];
	} in;
	mach_msg_return_t mr;

	mr = mach_msg(&in.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
		      sizeof(in), port, 1000, MACH_PORT_NULL);
	CHECK_EQ(mr, MACH_MSG_SUCCESS);
	CHECK_EQ(in.msg.head.msgh_id, MACH_NOTIFY_NEW_TASK);
	CHECK_EQ(in.msg.head.msgh_size, sizeof(struct new_task_msg));
	CHECK(in.msg.head.msgh_bits & MACH_MSGH_BITS_COMPLEX);
	CHECK_EQ(in.msg.task_type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	CHECK_EQ(in.msg.parent_type.msgt_name, MACH_MSG_TYPE_PORT_SEND);
	/* The same ports, so the same names in this space. */
	CHECK_EQ(in.msg.task.name, child);
	CHECK_EQ(in.msg.parent.name, self);
	printf("task-notify: new task %u (parent %u)\n", in.msg.task.name,
	       in.msg.parent.name);
	EXPECT(mach_port_deallocate(self, in.msg.task.name), KERN_SUCCESS);
	EXPECT(mach_port_deallocate(self, in.msg.parent.name), KERN_SUCCESS);
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t self = mach_task_self(), host_priv = test_host_priv();
	mach_port_t port, child;

	CHECK(host_priv != MACH_PORT_NULL);
	port = port_alloc_with_send();
	EXPECT(register_new_task_notification(mach_host_self(), port,
					      MACH_MSG_TYPE_MOVE_SEND),
	       KERN_INVALID_HOST);
	/* The refused request took the send right with it. */
	EXPECT(mach_port_insert_right(self, port, port,
				      MACH_MSG_TYPE_MAKE_SEND),
	       KERN_SUCCESS);
	EXPECT(register_new_task_notification(host_priv, port,
					      MACH_MSG_TYPE_MOVE_SEND),
	       KERN_SUCCESS);

	for (int i = 0; i < 2; i++) {
		EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
		check_notification(port, child, self);
		EXPECT(task_terminate(child), KERN_SUCCESS);
		EXPECT(mach_port_deallocate(self, child), KERN_SUCCESS);
	}

	/* A new registration replaces the old: the old port hears no more. */
	EXPECT(register_new_task_notification(host_priv, port_alloc_with_send(),
					      MACH_MSG_TYPE_MOVE_SEND),
	       KERN_SUCCESS);
	EXPECT(task_create(self, FALSE, &child), KERN_SUCCESS);
	{
		mach_msg_header_t h;
		CHECK_EQ(mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
				  sizeof(h), port, 10, MACH_PORT_NULL),
			 MACH_RCV_TIMED_OUT);
	}
	EXPECT(task_terminate(child), KERN_SUCCESS);
	TEST_SUCCESS();
}
