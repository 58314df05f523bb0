/*
 * kern/exception.c - user exceptions (../shared/abi/x86_64.md §8.1).
 *
 * The faulting thread sends exception_raise (exc 2400: 112 bytes on
 * x86_64, 64 on i386) to its thread's exception port, else to its
 * task's, and waits for the reply (id 2500). RetCode KERN_SUCCESS resumes the
 * thread at its user registers, which the handler may have changed with
 * thread_set_state; any other answer (or a malformed reply: MIG_REPLY_MISMATCH)
 * moves on to the task's port, then terminates the task. A thread aborted while
 * it waits (thread_abort) resumes at its current registers. With no handler at
 * all the task is terminated after one console line that tests match:
 *
 *   mach5: task NAME: exception E code 0xC subcode 0xS: no handler, task
 * terminated
 *
 * The request is sent, and its reply checked, by the MIG client stub of
 * exc.defs (KernelUser, kern/gen/excUser.c), through kernel_rpc: a
 * malformed reply gives MIG_REPLY_MISMATCH or MIG_TYPE_ERROR.
 *
 * Lock order: the kernel lock, taken here around the port work.
 */
#include <ipc/mig_kernel.h>
#include <mach/mig_errors.h>
#include <kern/gen/excUser.h>

#include <base/debug.h>
#include <kern/exception.h>
#include <base/lock.h>
#include <kern/special_ports.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>

/* What the faulting thread raises. */
struct exc_info {
	int exception;
	int64_t code;
	int64_t subcode;
};

/* How a handler took an exception. */
enum exc_outcome {
	EXC_RESUME,	/* KERN_SUCCESS, or the wait was aborted: resume */
	EXC_NO_HANDLER, /* the slot is empty */
	EXC_REFUSED,	/* another RetCode, a malformed reply, no memory */
};

/*
 * Raise e on the handler in *slot and wait for its answer: exception_raise
 * (the stub of exc.defs, KernelUser) with send rights for the current
 * thread and task. Lock taken here; the stub blocks in kernel_rpc.
 */
static enum exc_outcome exc_deliver(struct port **slot,
				    const struct exc_info *e)
{
	spl_t s = splhigh();
	struct port *handler = special_port_get(slot);
	struct thread *t = current_thread();
	mach_port_t thread, task;
	kern_return_t kr;

	if (handler == NULL) {
		splx(s);
		return EXC_NO_HANDLER;
	}
	thread = convert_thread_to_port(thread_ref(t));
	task = convert_task_to_port(task_ref(t->task));
	kr = exception_raise(handler, thread, task, e->exception,
			     (integer_t)e->code, e->subcode);
	/* The message had copies of the three rights. */
	mig_kernel_release_right(thread, MACH_MSG_TYPE_PORT_SEND);
	mig_kernel_release_right(task, MACH_MSG_TYPE_PORT_SEND);
	mig_kernel_release_right(handler, MACH_MSG_TYPE_PORT_SEND);
	splx(s);
	/* Aborted while it waited: no reply will come. */
	if (kr == MACH_RCV_INTERRUPTED || kr == KERN_SUCCESS)
		return EXC_RESUME;
	return EXC_REFUSED;
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
