/*
 * modules/mach3/thread_server.c - the thread routines of the mach
 * subsystem (2000...): the S_* functions the generated stubs
 * (modules/gen/machServer.c) call.
 *
 * A thread_t argument is NULL when the port is not a live thread's port:
 * KERN_INVALID_ARGUMENT. Kernel threads (no task) can be inspected with
 * thread_info only.
 *
 * Run time: the clock ticks a thread was running when the tick came
 * (base/sched.c sched_tick), all reported as user time (a tick does not
 * tell user from kernel mode); cpu usage is not accounted.
 *
 * Lock order: the stubs run with the kernel lock held (ipc/module.h);
 * base/thread.c functions nest their own sections.
 */
#include <mach/thread_info.h>
#include <mach/thread_special_ports.h>

#include <ipc/mig_kernel.h>
#include <base/arch.h>
#include <base/clock.h>
#include <base/lock.h>
#include <base/sched.h>
#include <kern/special_ports.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <ipc/port.h>
#include <modules/gen/machServer.h>

/* A thread of a user task, alive. */
static bool thread_is_user(thread_t thread)
{
	return thread != NULL && thread->task != NULL &&
	       thread->state != THREAD_DEAD;
}

static kern_return_t user_thread_check(thread_t thread)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	return thread_is_user(thread) ? KERN_SUCCESS : KERN_FAILURE;
}

/* ---- Life cycle ------------------------------------------------------- */

/* The new thread is suspended, with a clean register set to be filled
 * with thread_set_state before thread_resume. */
kern_return_t S_thread_create(task_t task, thread_t *child_thread)
{
	struct thread *t;

	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!task->active || task == kernel_task())
		return KERN_FAILURE;
	t = thread_create_user_state(task);
	if (t == NULL)
		return KERN_RESOURCE_SHORTAGE;
	t->max_priority = task->max_priority;
	sched_set_priority(t, task->priority); /* task_priority's */
	*child_thread = thread_ref(t);	       /* outtran consumes it */
	return KERN_SUCCESS;
}

kern_return_t S_thread_terminate(thread_t thread)
{
	kern_return_t kr = user_thread_check(thread);

	if (kr == KERN_SUCCESS)
		thread_terminate_wait(thread);
	return kr;
}

kern_return_t S_thread_suspend(thread_t thread)
{
	kern_return_t kr = user_thread_check(thread);

	if (kr == KERN_SUCCESS) {
		thread_suspend(thread);
		thread_wait_stopped(thread); /* no more user instructions */
	}
	return kr;
}

kern_return_t S_thread_resume(thread_t thread)
{
	kern_return_t kr = user_thread_check(thread);

	if (kr == KERN_SUCCESS && !thread_resume(thread))
		kr = KERN_FAILURE;
	return kr;
}

/*
 * A thread waiting in the kernel (mach_msg, an exception reply) stops
 * waiting: its call returns MACH_SEND_INTERRUPTED / MACH_RCV_INTERRUPTED.
 */
kern_return_t S_thread_abort(thread_t thread)
{
	kern_return_t kr = user_thread_check(thread);

	if (kr == KERN_SUCCESS && thread->state == THREAD_WAITING)
		waitq_wakeup_thread(thread, WAIT_INTERRUPTED);
	return kr;
}

/* ---- State ------------------------------------------------------------- */

/* A thread running user code on another processor has its registers
 * there, not in its frame: hold it (suspend and wait until it stops), as
 * GNU Mach does, for the state calls. True if held. */
static bool thread_hold_stopped(thread_t thread)
{
	spl_t s = splhigh();
	bool hold =
		thread != current_thread() && thread->state == THREAD_RUNNING;

	if (hold) {
		thread_suspend(thread);
		thread_wait_stopped(thread);
	}
	splx(s);
	return hold;
}

static void thread_hold_release(thread_t thread, bool held)
{
	if (held)
		thread_resume(thread);
}

kern_return_t S_thread_get_state(thread_t thread, int flavor,
				 thread_state_t old_state,
				 mach_msg_type_number_t *count)
{
	kern_return_t kr = user_thread_check(thread);

	bool held;

	if (kr != KERN_SUCCESS)
		return kr;
	held = thread_hold_stopped(thread);
	kr = arch_thread_get_state(thread, flavor, old_state, count);
	thread_hold_release(thread, held);
	return kr;
}

kern_return_t S_thread_set_state(thread_t thread, int flavor,
				 thread_state_t new_state,
				 mach_msg_type_number_t count)
{
	kern_return_t kr = user_thread_check(thread);

	bool held;

	if (kr != KERN_SUCCESS)
		return kr;
	held = thread_hold_stopped(thread);
	kr = arch_thread_set_state(thread, flavor, new_state, count);
	thread_hold_release(thread, held);
	return kr;
}

/* ---- Information -----------------------------------------------------------
 */

static integer_t thread_run_state(const struct thread *t)
{
	switch (t->state) {
	case THREAD_RUNNING:
	case THREAD_READY:
		return t->suspend_count > 0 ? TH_STATE_STOPPED
					    : TH_STATE_RUNNING;
	case THREAD_WAITING:
		return TH_STATE_WAITING;
	default:
		return TH_STATE_STOPPED;
	}
}

/* Run time of ticks clock ticks (task_server.c has the same). */
static time_value64_t ticks_to_tv64(uint64_t ticks)
{
	uint64_t us = ticks * (1000000 / CLOCK_HZ);
	time_value64_t tv = {us / 1000000, (us % 1000000) * 1000};

	return tv;
}

static time_value_t tv64_to_tv(time_value64_t tv64)
{
	time_value_t tv = {.seconds = tv64.seconds,
			   .microseconds = tv64.nanoseconds / 1000};

	return tv;
}

static kern_return_t thread_basic_info(thread_t t, thread_info_t out,
				       mach_msg_type_number_t *count)
{
	struct thread_basic_info *info = (struct thread_basic_info *)out;
	bool full = *count >= THREAD_BASIC_INFO_COUNT;

	if (*count < THREAD_BASIC_INFO_OLD_COUNT)
		return KERN_INVALID_ARGUMENT;
	memset(info, 0,
	       full ? sizeof(*info)
		    : THREAD_BASIC_INFO_OLD_COUNT * sizeof(integer_t));
	info->base_priority = t->base_priority;
	info->cur_priority = t->priority;
	info->run_state = thread_run_state(t);
	info->flags = sched_thread_is_idle(t) ? TH_FLAGS_IDLE : 0;
	info->suspend_count = t->suspend_count;
	info->user_time = tv64_to_tv(ticks_to_tv64(t->run_ticks));
	if (full)
		info->user_time64 = ticks_to_tv64(t->run_ticks);
	*count = full ? THREAD_BASIC_INFO_COUNT : THREAD_BASIC_INFO_OLD_COUNT;
	return KERN_SUCCESS;
}

static kern_return_t thread_sched_info(thread_t t, thread_info_t out,
				       mach_msg_type_number_t *count)
{
	struct thread_sched_info *info = (struct thread_sched_info *)out;

	if (*count < THREAD_SCHED_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	memset(info, 0, sizeof(*info));
	info->policy = t->policy;
	/* POLICY_FIXEDPRI: the quantum in ms, as rounded to ticks. */
	if (t->policy == POLICY_FIXEDPRI)
		info->data = sched_ticks_to_ms(t->quantum_ticks);
	info->base_priority = t->base_priority;
	info->max_priority = t->max_priority;
	info->cur_priority = t->priority;
	info->last_processor = 0;
	*count = THREAD_SCHED_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t S_thread_info(thread_t thread, int flavor, thread_info_t out,
			    mach_msg_type_number_t *count)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (flavor) {
	case THREAD_BASIC_INFO:
		return thread_basic_info(thread, out, count);
	case THREAD_SCHED_INFO:
		return thread_sched_info(thread, out, count);
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* ---- Special ports
 * ------------------------------------------------------------ */

kern_return_t S_thread_get_special_port(thread_t thread, int which,
					mach_port_t *port)
{
	struct port *self;

	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	switch (which) {
	case THREAD_KERNEL_PORT:
		self = thread_self_port(thread);
		*port = PORT_VALID(self) ? ipc_port_make_send(self) : NULL;
		return KERN_SUCCESS;
	case THREAD_EXCEPTION_PORT:
		*port = special_port_get(&thread->exc_port);
		return KERN_SUCCESS;
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

/* port (a send right) is consumed on success. */
kern_return_t S_thread_set_special_port(thread_t thread, int which,
					mach_port_t port)
{
	kern_return_t kr = user_thread_check(thread);

	if (kr != KERN_SUCCESS)
		return kr;
	if (which != THREAD_EXCEPTION_PORT)
		return KERN_INVALID_ARGUMENT;
	special_port_set(&thread->exc_port, port);
	return KERN_SUCCESS;
}
