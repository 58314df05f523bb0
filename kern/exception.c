/*
 * kern/exception.c - user exceptions (../shared/abi/x86_64.md §8.1).
 *
 * The faulting thread sends exception_raise (exc 2400, 112 bytes) to its
 * thread's exception port, else to its task's, and waits for the 48-byte
 * reply (id 2500). RetCode KERN_SUCCESS resumes the thread at its user
 * registers, which the handler may have changed with thread_set_state;
 * any other answer (or a malformed reply: MIG_REPLY_MISMATCH) moves on to
 * the task's port, then terminates the task. A thread aborted while it
 * waits (thread_abort) resumes at its current registers. With no handler
 * at all the task is terminated after one console line that tests match:
 *
 *   mach5: task NAME: exception E code 0xC subcode 0xS: no handler, task
 * terminated
 *
 * The request is built here in the kernel's internal format and sent by
 * kern/kernel_rpc.h.
 *
 * Lock order: the kernel lock, taken here around the port work.
 */
#include <kern/mig_kernel.h>
#include <mach/mig_errors.h>

#include <kern/debug.h>
#include <kern/exception.h>
#include <kern/kernel_rpc.h>
#include <kern/lock.h>
#include <kern/special_ports.h>
#include <kern/string.h>
#include <kern/task.h>
#include <kern/thread.h>
#include <ipc/kmsg.h>

#define EXC_RAISE_ID 2400
#define EXC_REPLY_ID (EXC_RAISE_ID + 100)

/* The body of exception_raise after the header (§8.1). */
struct exc_raise_body {
	mach_msg_type_t thread_type;
	mach_port_t thread;
	mach_msg_type_t task_type;
	mach_port_t task;
	mach_msg_type_t exception_type;
	integer_t exception;
	char pad1[4];
	mach_msg_type_t code_type;
	integer_t code;
	char pad2[4];
	mach_msg_type_t subcode_type;
	int64_t subcode;
};
_Static_assert(sizeof(mach_msg_header_t) + sizeof(struct exc_raise_body) == 112,
	       "exception_raise request");

static const mach_msg_type_t port_send_type = {
	.msgt_name = MACH_MSG_TYPE_PORT_SEND,
	.msgt_size = 64,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t int32_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t int64_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_64,
	.msgt_size = 64,
	.msgt_inline = 1,
	.msgt_number = 1,
};

/* What the faulting thread raises. */
struct exc_info {
	int exception;
	int64_t code;
	int64_t subcode;
};

/*
 * The request to handler (a send right, consumed), carrying send rights
 * for the current thread and task; NULL when memory is short (handler
 * released). Lock held.
 */
static struct ipc_kmsg *exc_request(struct port *handler,
				    const struct exc_info *e)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(112);
	struct thread *t = current_thread();
	struct exc_raise_body *body;

	if (kmsg == NULL) {
		mig_kernel_release_right(handler, MACH_MSG_TYPE_PORT_SEND);
		return NULL;
	}
	kmsg->internal = true;
	kmsg->hdr.bits = MACH_MSGH_BITS_COMPLEX |
			 MACH_MSGH_BITS(MACH_MSG_TYPE_PORT_SEND, 0);
	kmsg->hdr.size = 112;
	kmsg->hdr.remote = handler;
	kmsg->hdr.id = EXC_RAISE_ID;
	body = (struct exc_raise_body *)ipc_kmsg_body(kmsg);
	body->thread_type = port_send_type;
	body->thread = convert_thread_to_port(thread_ref(t));
	body->task_type = port_send_type;
	body->task = convert_task_to_port(task_ref(t->task));
	body->exception_type = int32_type;
	body->exception = e->exception;
	body->code_type = int32_type;
	body->code = (integer_t)e->code;
	body->subcode_type = int64_type;
	body->subcode = e->subcode;
	return kmsg;
}

/* The RetCode of a well-formed exception_raise reply, else
 * MIG_REPLY_MISMATCH (§8.1). */
static kern_return_t exc_reply_code(struct ipc_kmsg *reply)
{
	const mig_reply_header_t *r = (const mig_reply_header_t *)&reply->msg;

	if (reply->hdr.id != EXC_REPLY_ID ||
	    reply->hdr.size != sizeof(mig_reply_header_t) ||
	    (reply->hdr.bits & MACH_MSGH_BITS_COMPLEX) ||
	    memcmp(&r->RetCodeType, &int32_type, sizeof(int32_type)) != 0)
		return MIG_REPLY_MISMATCH;
	return r->RetCode;
}

/* How a handler took an exception. */
enum exc_outcome {
	EXC_RESUME,	/* KERN_SUCCESS, or the wait was aborted: resume */
	EXC_NO_HANDLER, /* the slot is empty (or memory is short) */
	EXC_REFUSED,	/* another RetCode, or a malformed reply */
};

/* Raise e on the handler in *slot and wait for its answer. */
static enum exc_outcome exc_deliver(struct port **slot,
				    const struct exc_info *e)
{
	spl_t s = splhigh();
	struct port *handler = special_port_get(slot);
	struct ipc_kmsg *request, *reply;
	mach_msg_return_t mr;
	kern_return_t kr;

	request = handler != NULL ? exc_request(handler, e) : NULL;
	splx(s);
	if (request == NULL)
		return EXC_NO_HANDLER;
	mr = kernel_rpc(request, &reply);
	if (mr == MACH_RCV_INTERRUPTED)
		return EXC_RESUME;
	if (mr != MACH_MSG_SUCCESS)
		return EXC_REFUSED;
	kr = exc_reply_code(reply);
	kernel_rpc_reply_free(reply);
	return kr == KERN_SUCCESS ? EXC_RESUME : EXC_REFUSED;
}

/* No handler took the exception: log it, end the task and the thread. */
static noreturn void exc_terminate(const struct exc_info *e, bool refused)
{
	struct task *task = current_task();
	spl_t s;

	printf("mach5: task %s: exception %d code 0x%lx subcode 0x%lx: %s, "
	       "task terminated\n",
	       task->name, e->exception, (unsigned long)e->code,
	       (unsigned long)e->subcode,
	       refused ? "handlers refused it" : "no handler");
	task_terminate(task);
	s = splhigh();
	thread_user_return(); /* should_exit is set: does not return */
	splx(s);
	panic("exception_raise_user: thread of a terminated task returned");
}

void exception_raise_user(int exception, int64_t code, int64_t subcode)
{
	struct thread *t = current_thread();
	struct exc_info e = {exception, code, subcode};
	enum exc_outcome by_thread, by_task;

	assert(t->task != NULL);
	by_thread = exc_deliver(&t->exc_port, &e);
	if (by_thread == EXC_RESUME)
		return;
	by_task = exc_deliver(&t->task->exc_port, &e);
	if (by_task == EXC_RESUME)
		return;
	exc_terminate(&e, by_thread == EXC_REFUSED || by_task == EXC_REFUSED);
}
