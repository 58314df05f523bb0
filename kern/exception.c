/*
 * kern/exception.c - user exceptions.
 *
 * This first version has no exception ports yet (they need exc.defs over
 * IPC, issue 6): every exception takes the "no handler" path of the ABI
 * sheet §8.1 and terminates the task cleanly, after one console line that
 * tests match:
 *
 *   mach5: task NAME: exception E code 0xC subcode 0xS: no handler, task terminated
 */
#include <kern/debug.h>
#include <kern/exception.h>
#include <kern/lock.h>
#include <kern/task.h>
#include <kern/thread.h>

void exception_raise_user(int exception, int64_t code, int64_t subcode)
{
	struct task *task = current_task();

	assert(task != NULL);
	printf("mach5: task %s: exception %d code 0x%lx subcode 0x%lx: "
	       "no handler, task terminated\n",
	       task->name, exception, (unsigned long)code,
	       (unsigned long)subcode);
	task_terminate(task);
	spl_t s = splhigh();
	thread_user_return(); /* should_exit is set: does not return */
	splx(s);
	panic("exception_raise_user: thread of a terminated task returned");
}
