/*
 * bootstrap/tests/exc_serve.h - an exception-handler loop for test tasks:
 * receive exception_raise on a port, let the program's
 * catch_exception_raise (through the MIG-generated exc_server) decide, and
 * send the reply. Include after the generated "excServer.h".
 */
#ifndef BOOTSTRAP_TESTS_EXC_SERVE_H
#define BOOTSTRAP_TESTS_EXC_SERVE_H

#include <mach/message.h>
#include <mach/thread_special_ports.h>
#include <mach5/test.h>

#include "mach_test_util.h"

/* Serve exceptions arriving on port forever; fails the test on an IPC
 * error or an id exc_server does not know. */
static inline void __attribute__((noreturn)) exc_serve_forever(mach_port_t port)
{
	union {
		mach_msg_header_t head;
		char buf[512];
	} in, out;

	for (;;) {
		if (mach_msg(&in.head, MACH_RCV_MSG, 0, sizeof(in), port, 0,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			TEST_FAIL("handler receive");
		if (!exc_server(&in.head, &out.head))
			TEST_FAIL("exc_server refused id %d", in.head.msgh_id);
		if (mach_msg(&out.head, MACH_SEND_MSG, out.head.msgh_size, 0,
			     MACH_PORT_NULL, 0,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			TEST_FAIL("handler reply");
	}
}

/* A new port (receive and send right) made thread's exception port. */
static inline mach_port_t exc_port_install(mach_port_t thread)
{
	mach_port_t port = port_alloc_with_send();

	EXPECT(thread_set_special_port(thread, THREAD_EXCEPTION_PORT, port),
	       KERN_SUCCESS);
	return port;
}

#endif /* BOOTSTRAP_TESTS_EXC_SERVE_H */
