/*
 * modules/mach3/host_server.c - the mach_host subsystem (2600...): the
 * S_* functions the generated stubs (modules/gen/mach_hostServer.c) call.
 *
 * Ports: host_t arguments accept the host port or the privileged one;
 * host_priv_t arguments only the privileged one, and NULL (any other
 * port) gives KERN_INVALID_HOST, except in host_processor_set_priv and
 * thread_wire, which answer KERN_INVALID_ARGUMENT as GNU Mach does.
 * Processors and processor sets are the processors and the default set
 * of kern/processor.h: host_info's max_cpus and host_processors count
 * every processor found, avail_cpus and the set only those that run
 * threads (every one started); one that did not start answers
 * processor_info as off line (not running) and is in no set.
 * processor_exit stops a processor other than the master, which then is
 * off line too, until processor_start (kern/processor.h).
 *
 * What is not served (processor set creation, assignment, processor
 * control) answers KERN_FAILURE, as a one-set kernel does; calls
 * that only record a wish (wiring) succeed without effect. Priorities and
 * policies: see "Priorities" and "Policies".
 *
 * Lock order: the stubs run with the kernel lock held (ipc/module.h).
 */
#include <mach/host_info.h>
#include <mach/machine.h>
#include <mach/policy.h>
#include <mach/processor_info.h>

#include <ipc/mig_kernel.h>
#include <kern/vm_user.h>
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <kern/host.h>
#include <kern/processor.h>
#include <base/sched.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/ool.h>
#include <base/vm_page.h>
#include <modules/gen/mach_hostServer.h>

/* host_reboot options (sys/reboot.h). */
#define RB_AUTOBOOT 0x0
#define RB_HALT	    0x8
#define RB_DEBUGGER 0x1000

#define NSEC_PER_SEC  1000000000LL
#define NSEC_PER_USEC 1000LL
#define MS_PER_TICK   (1000 / CLOCK_HZ)

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "?"
#endif
static const char kernel_version[] =
	"Mach5 " PACKAGE_VERSION " (x86_64), GNU Mach x86_64 ABI\n";

/* ---- Information ------------------------------------------------------ */

static kern_return_t host_basic_info(host_info_t out,
				     mach_msg_type_number_t *count)
{
	struct host_basic_info *info = (struct host_basic_info *)out;

	if (*count < HOST_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	info->max_cpus = (int)processor_count();
	info->avail_cpus = (int)processor_running_count();
	info->memory_size = vm_page_count_total() * PAGE_SIZE;
	info->cpu_type = CPU_TYPE_X86_64;
	info->cpu_subtype = CPU_SUBTYPE_AT386;
	*count = HOST_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

static kern_return_t host_sched_info(host_info_t out,
				     mach_msg_type_number_t *count)
{
	struct host_sched_info *info = (struct host_sched_info *)out;

	if (*count < HOST_SCHED_INFO_COUNT)
		return KERN_FAILURE;
	info->min_timeout = MS_PER_TICK;
	info->min_quantum = MS_PER_TICK; /* a POLICY_FIXEDPRI quantum */
	*count = HOST_SCHED_INFO_COUNT;
	return KERN_SUCCESS;
}

/* No load average is kept yet: an idle machine. */
static kern_return_t host_load_info(host_info_t out,
				    mach_msg_type_number_t *count)
{
	struct host_load_info *info = (struct host_load_info *)out;

	if (*count < HOST_LOAD_INFO_COUNT)
		return KERN_FAILURE;
	for (int i = 0; i < 3; i++) {
		info->avenrun[i] = 0;
		info->mach_factor[i] = LOAD_SCALE;
	}
	*count = HOST_LOAD_INFO_COUNT;
	return KERN_SUCCESS;
}

/* The slot of every processor found. */
static kern_return_t host_processor_slots(host_info_t out,
					  mach_msg_type_number_t *count)
{
	unsigned int n = processor_count();

	if (*count < n)
		return KERN_FAILURE;
	for (unsigned int i = 0; i < n; i++)
		out[i] = processor_at(i)->slot;
	*count = n;
	return KERN_SUCCESS;
}

kern_return_t S_host_info(host_t host, int flavor, host_info_t out,
			  mach_msg_type_number_t *count)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	switch (flavor) {
	case HOST_BASIC_INFO:
		return host_basic_info(out, count);
	case HOST_PROCESSOR_SLOTS:
		return host_processor_slots(out, count);
	case HOST_SCHED_INFO:
		return host_sched_info(out, count);
	case HOST_LOAD_INFO:
		return host_load_info(out, count);
	default:
		return KERN_INVALID_ARGUMENT;
	}
}

kern_return_t S_host_get_kernel_version(host_t host,
					kernel_version_t kernel_version_out)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	strncpy(kernel_version_out, kernel_version, KERNEL_VERSION_MAX - 1);
	kernel_version_out[KERNEL_VERSION_MAX - 1] = '\0';
	return KERN_SUCCESS;
}

/* ---- Time ------------------------------------------------------------- */

/* Wall clock = uptime + offset (base/clock.h: it also feeds the mapped
 * time page); host_set_time moves the offset. */
static int64_t time_now_ns(void)
{
	return clock_wall_ns();
}

static time_value64_t ns_to_tv64(int64_t ns)
{
	time_value64_t tv = {ns / NSEC_PER_SEC, ns % NSEC_PER_SEC};

	if (tv.nanoseconds < 0) {
		tv.seconds--;
		tv.nanoseconds += NSEC_PER_SEC;
	}
	return tv;
}

static time_value_t ns_to_tv(int64_t ns)
{
	time_value64_t tv64 = ns_to_tv64(ns);
	time_value_t tv = {.seconds = tv64.seconds,
			   .microseconds = tv64.nanoseconds / NSEC_PER_USEC};

	return tv;
}

static int64_t tv64_to_ns(time_value64_t tv)
{
	return tv.seconds * NSEC_PER_SEC + tv.nanoseconds;
}

static int64_t tv_to_ns(time_value_t tv)
{
	return tv.seconds * NSEC_PER_SEC + tv.microseconds * NSEC_PER_USEC;
}

kern_return_t S_host_get_time(host_t host, time_value_t *current_time)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	*current_time = ns_to_tv(time_now_ns());
	return KERN_SUCCESS;
}

kern_return_t S_host_get_time64(host_t host, time_value64_t *current_time)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	*current_time = ns_to_tv64(time_now_ns());
	return KERN_SUCCESS;
}

kern_return_t S_host_get_uptime64(host_t host, time_value64_t *uptime)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	*uptime = ns_to_tv64((int64_t)arch_clock_ns());
	return KERN_SUCCESS;
}

static bool tv64_valid(time_value64_t tv)
{
	return tv.nanoseconds >= 0 && tv.nanoseconds < NSEC_PER_SEC;
}

kern_return_t S_host_set_time64(host_t host_priv, time_value64_t new_time)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (!tv64_valid(new_time))
		return KERN_INVALID_ARGUMENT;
	clock_wall_set(tv64_to_ns(new_time));
	return KERN_SUCCESS;
}

kern_return_t S_host_set_time(host_t host_priv, time_value_t new_time)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (new_time.microseconds < 0 || new_time.microseconds >= 1000000)
		return KERN_INVALID_ARGUMENT;
	return S_host_set_time64(host_priv, ns_to_tv64(tv_to_ns(new_time)));
}

/*
 * The adjustment is applied at once (no gradual skew), so none is ever
 * pending: the old adjustment reads as zero. A nanoseconds field of 10^9
 * only queries (ABI sheet §6.1).
 */
kern_return_t S_host_adjust_time64(host_t host_priv,
				   time_value64_t new_adjustment,
				   time_value64_t *old_adjustment)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	old_adjustment->seconds = 0;
	old_adjustment->nanoseconds = 0;
	if (new_adjustment.nanoseconds == NSEC_PER_SEC)
		return KERN_SUCCESS;
	if (new_adjustment.nanoseconds <= -NSEC_PER_SEC ||
	    new_adjustment.nanoseconds > NSEC_PER_SEC)
		return KERN_INVALID_ARGUMENT;
	clock_wall_adjust(tv64_to_ns(new_adjustment));
	return KERN_SUCCESS;
}

kern_return_t S_host_adjust_time(host_t host_priv, time_value_t new_adjustment,
				 time_value_t *old_adjustment)
{
	time_value64_t adj = {new_adjustment.seconds,
			      new_adjustment.microseconds * NSEC_PER_USEC};
	time_value64_t old;
	kern_return_t kr = S_host_adjust_time64(host_priv, adj, &old);

	if (kr == KERN_SUCCESS)
		*old_adjustment = ns_to_tv(tv64_to_ns(old));
	return kr;
}

/* ---- Reboot ------------------------------------------------------------ */

kern_return_t S_host_reboot(host_t host_priv, int options)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	if (options & RB_DEBUGGER) {
		printf("host_reboot: no kernel debugger\n");
		return KERN_FAILURE;
	}
	if (options & RB_HALT) {
		printf("Mach5: halted by host_reboot\n");
		arch_halt();
	}
	printf("Mach5: rebooting (host_reboot)\n");
	arch_reboot();
}

/* ---- Processors and processor sets --------------------------------------- */

/* An out-of-line reply array holding one send right (made by conv). */
static kern_return_t one_right_array(mach_port_t right, mach_port_t **list,
				     mach_msg_type_number_t *count)
{
	mach_port_t *slots = ipc_ool_alloc(sizeof(mach_port_t));

	if (slots == NULL) {
		mig_kernel_release_right(right, MACH_MSG_TYPE_PORT_SEND);
		return KERN_RESOURCE_SHORTAGE;
	}
	slots[0] = right;
	*list = slots;
	*count = 1;
	return KERN_SUCCESS;
}

/* An out-of-line reply array with a send right to each processor, in slot
 * order; with running_only, only those that run threads (the default
 * set's). */
static kern_return_t processor_array(bool running_only, mach_port_t **list,
				     mach_msg_type_number_t *count)
{
	unsigned int n =
		running_only ? processor_running_count() : processor_count();
	mach_port_t *slots = ipc_ool_alloc(n * sizeof(mach_port_t));
	unsigned int k = 0;

	if (slots == NULL)
		return KERN_RESOURCE_SHORTAGE;
	for (unsigned int i = 0; i < processor_count() && k < n; i++) {
		struct processor *p = processor_at(i);

		if (!running_only || p->running)
			slots[k++] = convert_processor_to_port(p);
	}
	*list = slots;
	*count = k;
	return KERN_SUCCESS;
}

kern_return_t S_host_processors(host_t host_priv, processor_array_t *list,
				mach_msg_type_number_t *count)
{
	if (host_priv == NULL)
		return KERN_INVALID_HOST;
	return processor_array(false, list, count);
}

kern_return_t S_processor_set_processors(processor_set_t set_name,
					 processor_array_t *list,
					 mach_msg_type_number_t *count)
{
	if (set_name == NULL)
		return KERN_INVALID_ARGUMENT;
	return processor_array(true, list, count);
}

kern_return_t S_host_processor_sets(host_t host,
				    processor_set_name_array_t *sets,
				    mach_msg_type_number_t *count)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	return one_right_array(convert_pset_name_to_port(default_pset()), sets,
			       count);
}

kern_return_t S_processor_set_default(host_t host, processor_set_t *set)
{
	if (host == NULL)
		return KERN_INVALID_HOST;
	*set = default_pset();
	return KERN_SUCCESS;
}

kern_return_t S_host_processor_set_priv(host_t host_priv,
					processor_set_t set_name,
					processor_set_t *set)
{
	if (host_priv == NULL || set_name == NULL)
		return KERN_INVALID_ARGUMENT; /* GNU Mach's code for both */
	*set = set_name;
	return KERN_SUCCESS;
}

kern_return_t S_processor_info(processor_t processor, int flavor, host_t *host,
			       processor_info_t out,
			       mach_msg_type_number_t *count)
{
	struct processor_basic_info *info = (void *)out;

	if (processor == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor != PROCESSOR_BASIC_INFO)
		return KERN_INVALID_ARGUMENT;
	if (*count < PROCESSOR_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	info->cpu_type = CPU_TYPE_X86_64;
	info->cpu_subtype = CPU_SUBTYPE_AT386;
	info->running = processor->running;
	info->slot_num = processor->slot;
	info->is_master = processor == master_processor();
	*count = PROCESSOR_BASIC_INFO_COUNT;
	*host = host_self();
	return KERN_SUCCESS;
}

static kern_return_t pset_basic_info(processor_set_info_t out,
				     mach_msg_type_number_t *count)
{
	struct processor_set_basic_info *info = (void *)out;

	if (*count < PROCESSOR_SET_BASIC_INFO_COUNT)
		return KERN_FAILURE;
	info->processor_count = (int)processor_running_count();
	info->task_count = task_count() - 1; /* not the kernel task */
	info->thread_count = thread_count();
	info->load_average = 0;
	info->mach_factor = LOAD_SCALE;
	*count = PROCESSOR_SET_BASIC_INFO_COUNT;
	return KERN_SUCCESS;
}

static kern_return_t pset_sched_info(processor_set_info_t out,
				     mach_msg_type_number_t *count)
{
	struct processor_set_sched_info *info = (void *)out;

	if (*count < PROCESSOR_SET_SCHED_INFO_COUNT)
		return KERN_FAILURE;
	info->policies = default_pset()->policies;
	info->max_priority = default_pset()->max_priority;
	*count = PROCESSOR_SET_SCHED_INFO_COUNT;
	return KERN_SUCCESS;
}

kern_return_t S_processor_set_info(processor_set_t set_name, int flavor,
				   host_t *host, processor_set_info_t out,
				   mach_msg_type_number_t *count)
{
	kern_return_t kr;

	if (set_name == NULL)
		return KERN_INVALID_ARGUMENT;
	if (flavor == PROCESSOR_SET_BASIC_INFO)
		kr = pset_basic_info(out, count);
	else if (flavor == PROCESSOR_SET_SCHED_INFO)
		kr = pset_sched_info(out, count);
	else
		kr = KERN_INVALID_ARGUMENT;
	if (kr == KERN_SUCCESS)
		*host = host_self();
	return kr;
}

kern_return_t S_processor_start(processor_t processor)
{
	return processor == NULL ? KERN_INVALID_ARGUMENT
				 : processor_restart(processor);
}

kern_return_t S_processor_exit(processor_t processor)
{
	return processor == NULL ? KERN_INVALID_ARGUMENT
				 : processor_shutdown(processor);
}

/* ---- Not served on a one-set kernel ------------------------------------- */

kern_return_t S_processor_control(processor_t processor, processor_info_t cmd,
				  mach_msg_type_number_t count)
{
	return KERN_FAILURE;
}

kern_return_t S_processor_set_create(host_t host, processor_set_t *new_set,
				     processor_set_t *new_name)
{
	return host == NULL ? KERN_INVALID_HOST : KERN_FAILURE;
}

kern_return_t S_processor_set_destroy(processor_set_t set)
{
	return KERN_FAILURE;
}

kern_return_t S_processor_assign(processor_t processor, processor_set_t new_set,
				 boolean_t wait)
{
	return KERN_FAILURE;
}

kern_return_t S_processor_get_assignment(processor_t processor,
					 processor_set_t *assigned_set)
{
	if (processor == NULL)
		return KERN_INVALID_ARGUMENT;
	if (!processor->running)
		return KERN_FAILURE; /* off line: in no set */
	*assigned_set = default_pset();
	return KERN_SUCCESS;
}

kern_return_t S_thread_assign(thread_t thread, processor_set_t new_set)
{
	return thread == NULL || new_set == NULL ? KERN_INVALID_ARGUMENT
						 : KERN_SUCCESS;
}

kern_return_t S_thread_assign_default(thread_t thread)
{
	return thread == NULL ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
}

kern_return_t S_thread_get_assignment(thread_t thread,
				      processor_set_t *assigned_set)
{
	if (thread == NULL)
		return KERN_INVALID_ARGUMENT;
	*assigned_set = default_pset();
	return KERN_SUCCESS;
}

kern_return_t S_task_assign(task_t task, processor_set_t new_set,
			    boolean_t assign_threads)
{
	return task == NULL || new_set == NULL ? KERN_INVALID_ARGUMENT
					       : KERN_SUCCESS;
}

kern_return_t S_task_assign_default(task_t task, boolean_t assign_threads)
{
	return task == NULL ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
}

kern_return_t S_task_get_assignment(task_t task, processor_set_t *assigned_set)
{
	if (task == NULL)
		return KERN_INVALID_ARGUMENT;
	*assigned_set = default_pset();
	return KERN_SUCCESS;
}

/* ---- Priorities ------------------------------------------------------------
 * A Mach priority is the scheduler's (base/thread.h): 0 is the most
 * urgent .. NR_PRIORITIES - 1 = 49, GNU Mach's NRQS of 50 levels, all of
 * them accepted (the idle thread, never queued, loses to every level).
 * A thread, a task and the set each have a maximum, the most urgent
 * priority allowed (PRIO_USER at start): asking for a more urgent
 * priority is KERN_FAILURE; moving a maximum needs the privileged set
 * (thread_max_priority, processor_set_max_priority) or host port
 * (task_max_priority).
 */

static bool priority_valid(int prio)
{
	return prio >= 0 && prio < NR_PRIORITIES;
}

/* A thread whose priority may change: a live thread of a user task. */
static bool thread_priority_settable(thread_t thread)
{
	return thread != NULL && thread->task != NULL &&
	       thread->state != THREAD_DEAD;
}

/* Set t's priority (and with set_max its maximum): KERN_FAILURE when prio
 * is more urgent than the maximum. */
static kern_return_t thread_priority_set(struct thread *t, int prio,
					 bool set_max)
{
	if (prio < t->max_priority)
		return KERN_FAILURE;
	if (set_max)
		t->max_priority = prio;
	sched_set_priority(t, prio);
	return KERN_SUCCESS;
}

/* Move t's maximum to max; a more urgent priority follows it. */
static void thread_max_set(struct thread *t, int max)
{
	t->max_priority = max;
	if (t->base_priority < max)
		sched_set_priority(t, max);
}

kern_return_t S_thread_priority(thread_t thread, int priority,
				boolean_t set_max)
{
	if (!thread_priority_settable(thread) || !priority_valid(priority))
		return KERN_INVALID_ARGUMENT;
	return thread_priority_set(thread, priority, set_max);
}

kern_return_t S_thread_max_priority(thread_t thread,
				    processor_set_t processor_set,
				    int max_priority)
{
	if (!thread_priority_settable(thread) || processor_set == NULL ||
	    !priority_valid(max_priority))
		return KERN_INVALID_ARGUMENT;
	thread_max_set(thread, max_priority);
	return KERN_SUCCESS;
}

/* task_priority: a thread more urgent than allowed answers KERN_FAILURE
 * and keeps its priority; the others change. */
kern_return_t S_task_priority(task_t task, int priority,
			      boolean_t change_threads)
{
	kern_return_t kr = KERN_SUCCESS;
	struct list *node;

	if (task == NULL || task == kernel_task() || !priority_valid(priority))
		return KERN_INVALID_ARGUMENT;
	if (priority < task->max_priority)
		return KERN_FAILURE;
	task->priority = priority;
	if (!change_threads)
		return KERN_SUCCESS;
	list_for_each (&task->threads, node) {
		struct thread *t = list_entry(node, struct thread, task_node);

		if (thread_priority_set(t, priority, false) != KERN_SUCCESS)
			kr = KERN_FAILURE;
	}
	return kr;
}

/* host is the request's destination: the IPC layer releases it. */
kern_return_t S_task_max_priority(mach_port_t host, task_t task,
				  int max_priority, boolean_t set_priority,
				  boolean_t change_threads)
{
	struct list *node;

	if (convert_port_to_host_priv(host) == NULL)
		return KERN_INVALID_HOST;
	if (task == NULL || task == kernel_task() ||
	    !priority_valid(max_priority))
		return KERN_INVALID_ARGUMENT;
	task->max_priority = max_priority;
	if (set_priority || task->priority < max_priority)
		task->priority = max_priority;
	if (!change_threads)
		return KERN_SUCCESS;
	list_for_each (&task->threads, node) {
		struct thread *t = list_entry(node, struct thread, task_node);

		thread_max_set(t, max_priority);
		if (set_priority)
			sched_set_priority(t, max_priority);
	}
	return KERN_SUCCESS;
}

static void task_threads_max_set(struct task *task, void *arg)
{
	struct list *node;

	if (task == kernel_task())
		return;
	list_for_each (&task->threads, node)
		thread_max_set(list_entry(node, struct thread, task_node),
			       *(int *)arg);
}

kern_return_t S_processor_set_max_priority(processor_set_t processor_set,
					   int max_priority,
					   boolean_t change_threads)
{
	if (processor_set == NULL || !priority_valid(max_priority))
		return KERN_INVALID_ARGUMENT;
	processor_set->max_priority = max_priority;
	if (change_threads)
		task_for_each(task_threads_max_set, &max_priority);
	return KERN_SUCCESS;
}

/* ---- Policies --------------------------------------------------------------
 * <mach/policy.h>: POLICY_TIMESHARE (always enabled on the set) and
 * POLICY_FIXEDPRI (data: the quantum in ms, rounded up to clock ticks, at
 * least one), which the set must enable first. Neither changes the
 * priority. Errors: not a live user thread, not a set control port (the
 * name port too) or not a policy: KERN_INVALID_ARGUMENT; a policy the set
 * has not enabled: KERN_FAILURE; disabling POLICY_TIMESHARE:
 * KERN_INVALID_ARGUMENT.
 */

kern_return_t S_thread_policy(thread_t thread, int policy, int data)
{
	if (!thread_priority_settable(thread) || invalid_policy(policy))
		return KERN_INVALID_ARGUMENT;
	if (!pset_policy_enabled(default_pset(), policy))
		return KERN_FAILURE;
	sched_set_policy(thread, policy, sched_ms_to_ticks(data));
	return KERN_SUCCESS;
}

kern_return_t S_processor_set_policy_enable(processor_set_t processor_set,
					    int policy)
{
	if (processor_set == NULL || invalid_policy(policy))
		return KERN_INVALID_ARGUMENT;
	pset_policy_enable(processor_set, policy);
	return KERN_SUCCESS;
}

/* Back to timesharing: the task's threads that run under *arg. */
static void task_threads_timeshare(struct task *task, void *arg)
{
	struct list *node;

	if (task == kernel_task())
		return;
	list_for_each (&task->threads, node) {
		struct thread *t = list_entry(node, struct thread, task_node);

		if (t->policy == *(int *)arg)
			sched_set_policy(t, POLICY_TIMESHARE, THREAD_QUANTUM);
	}
}

/* change_threads: the threads under policy go back to timesharing; else
 * they keep it (but cannot take it again while it is disabled). */
kern_return_t S_processor_set_policy_disable(processor_set_t processor_set,
					     int policy,
					     boolean_t change_threads)
{
	if (processor_set == NULL || invalid_policy(policy) ||
	    policy == POLICY_TIMESHARE)
		return KERN_INVALID_ARGUMENT;
	pset_policy_disable(processor_set, policy);
	if (change_threads)
		task_for_each(task_threads_timeshare, &policy);
	return KERN_SUCCESS;
}

/* ---- Tasks and threads of the set (privileged set port) --------------------
 */

/* Two passes over the active tasks under the kernel lock: count, then
 * fill an out-of-line array of send rights. */
struct pset_collect {
	bool threads;	    /* threads of the tasks, not the tasks */
	mach_port_t *slots; /* NULL while counting */
	unsigned int n;
};

static void pset_collect_task(struct task *task, void *arg)
{
	struct pset_collect *c = arg;
	struct list *node;

	if (!task->active)
		return;
	if (!c->threads) {
		if (c->slots != NULL)
			c->slots[c->n] = convert_task_to_port(task_ref(task));
		c->n++;
		return;
	}
	list_for_each (&task->threads, node) {
		struct thread *t = list_entry(node, struct thread, task_node);

		if (c->slots != NULL)
			c->slots[c->n] = convert_thread_to_port(thread_ref(t));
		c->n++;
	}
}

static kern_return_t pset_collect(bool threads, mach_port_t **list,
				  mach_msg_type_number_t *count)
{
	struct pset_collect c = {.threads = threads};

	task_for_each(pset_collect_task, &c);
	c.slots = ipc_ool_alloc(c.n * sizeof(mach_port_t));
	if (c.slots == NULL && c.n > 0)
		return KERN_RESOURCE_SHORTAGE;
	c.n = 0;
	task_for_each(pset_collect_task, &c);
	*list = c.slots;
	*count = c.n;
	return KERN_SUCCESS;
}

kern_return_t S_processor_set_tasks(processor_set_t processor_set,
				    task_array_t *task_list,
				    mach_msg_type_number_t *task_listCnt)
{
	if (processor_set == NULL)
		return KERN_INVALID_ARGUMENT;
	return pset_collect(false, task_list, task_listCnt);
}

kern_return_t S_processor_set_threads(processor_set_t processor_set,
				      thread_array_t *thread_list,
				      mach_msg_type_number_t *thread_listCnt)
{
	if (processor_set == NULL)
		return KERN_INVALID_ARGUMENT;
	return pset_collect(true, thread_list, thread_listCnt);
}

/* No priority depression is implemented: nothing to abort. */
kern_return_t S_thread_depress_abort(thread_t thread)
{
	return thread == NULL ? KERN_INVALID_ARGUMENT : KERN_SUCCESS;
}

/* host is the request's destination: the IPC layer releases it. The
 * unprivileged host port may wire up to a limit (kern/vm_user.h), as in
 * GNU Mach. */
kern_return_t S_vm_wire(mach_port_t host, vm_task_t task, vm_address_t address,
			vm_size_t size, vm_prot_t access)
{
	if (convert_port_to_host(host) == NULL)
		return KERN_INVALID_HOST;
	if (task == NULL || !task->active)
		return KERN_INVALID_TASK;
	return vm_wire(host, task->map, address, size, access);
}

kern_return_t S_thread_wire(host_t host_priv, thread_t thread, boolean_t wired)
{
	/* GNU Mach's code for both a port that is not the privileged host
	 * port and one that is not a thread. */
	return host_priv == NULL || thread == NULL ? KERN_INVALID_ARGUMENT
						   : KERN_SUCCESS;
}
