/*
 * kern/thread.h - threads.
 *
 * A thread runs in the kernel on its own kernel stack and, if it belongs to
 * a user task, in user mode. States:
 *
 *	READY -> RUNNING       picked by the scheduler
 *	RUNNING -> READY       preempted or yielded
 *	RUNNING -> WAITING     waitq_wait
 *	WAITING -> READY       woken, timed out, or interrupted
 *	RUNNING -> DEAD        thread_exit; the stack is freed by the next
 *	                       thread to run (the reaper), never by itself
 *
 * A thread with suspend_count > 0 is not put on a run queue when it
 * becomes runnable; thread_resume makes it so.
 *
 * Links: task (strong: a thread holds a reference on its task); wq (weak:
 * the queue it waits on, valid while WAITING).
 */
#ifndef KERN_THREAD_H
#define KERN_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <mach/policy.h>

#include <base/arch.h>
#include <base/list.h>
#include <base/ref.h>
#include <base/waitq.h>

struct task;
struct port;
struct pc_sample;
struct ipc_kmsg;

enum thread_state {
	THREAD_READY,
	THREAD_RUNNING,
	THREAD_WAITING,
	THREAD_SUSPENDED, /* runnable but suspend_count > 0 */
	THREAD_DEAD,
};

/*
 * Priorities are Mach priorities: 0 is the most urgent, NR_PRIORITIES - 1
 * the least, GNU Mach's NRQS (50) levels. Every level is open to threads,
 * the last one too. The idle thread reports PRIO_IDLE, the least urgent
 * level, but is never on a run queue: it runs only when no thread is
 * READY, so a thread at PRIO_IDLE still always runs before it.
 */
#define NR_PRIORITIES 50
#define PRIO_KERNEL   4
#define PRIO_USER     12
#define PRIO_IDLE     (NR_PRIORITIES - 1)

/* Timesharing quantum in clock ticks. */
#define THREAD_QUANTUM 5

struct ipc_thread;

struct thread {
	struct arch_thread arch; /* machine state; see <machine/arch.h> */
	struct ref ref;
	char name[32];
	uint64_t serial; /* unique for the kernel's life (pc sample ids) */
	enum thread_state state;
	int priority; /* current, 0 = highest */
	int base_priority;
	int max_priority;   /* most urgent priority allowed (thread_priority) */
	uint64_t run_ticks; /* clock ticks spent running (sched_tick) */
	unsigned int quantum; /* ticks left */
	/*
	 * Policy (kern/sched.c sched_set_policy): POLICY_TIMESHARE with a
	 * quantum of THREAD_QUANTUM ticks, or POLICY_FIXEDPRI with the
	 * quantum thread_policy gave. No policy ages the priority.
	 */
	int policy;
	unsigned int quantum_ticks; /* a full quantum, >= 1 */
	void *kstack;		    /* KSTACK_SIZE bytes */

	struct list run_node; /* run queue, while READY */
	unsigned int
		runq_cpu; /* whose run queue (base/sched.c), while on one */

	/* Waiting (kern/waitq.c). */
	struct waitq *wq;	   /* queue waited on, while WAITING */
	struct list wait_node;	   /* on wq->waiters */
	uint64_t deadline;	   /* absolute ns, WAITQ_FOREVER for none */
	struct list deadline_node; /* on the clock's deadline list */
	enum wait_result wait_result;

	int suspend_count;
	struct task *task;     /* NULL for pure kernel threads */
	struct list task_node; /* on task->threads */
	struct list all_node;  /* on the global thread list */

	bool should_exit;	/* terminate at the next user return */
	struct waitq exit_wq;	/* thread_terminate_wait: woken when it dies */
	struct ipc_thread *ipc; /* per-thread IPC state (ipc/ipc_kernel.h) */
	/*
	 * ipc/kobject.c: the buffer its kernel calls build their replies
	 * in (NULL before the first; freed with the thread;
	 * ipc/kobject_scratch.h).
	 */
	struct ipc_kmsg *kobject_reply;
	/*
	 * ipc/fastpath.c: while the thread waits in mach_msg's receive on
	 * one port (armed), a sender may write the message straight into
	 * its buffer msg of size bytes and set done instead of queueing it.
	 * msg is 0 when the receive allows no such delivery.
	 */
	struct {
		uintptr_t msg;
		uint32_t size;
		union {
			struct {
				bool armed;
				bool done;
			};
			/* Both at once (the fast path's writes: one store,
			 * thread_rcv_state). */
			uint32_t state;
		};
		/* The fast receive's (its wait, not the general one's): the
		 * port it waits on, with a reference that a fast sender
		 * completing the receive drops for it (NULL otherwise). */
		struct port *port;
		/* The options of the RPC whose receive it is, when the
		 * thread waits in it without its kernel frames
		 * (arch_thread_switch_drop: ipc_fast_rpc_resume). */
		int32_t option;
	} ipc_rcv;
	/*
	 * Its wait was completed for it, with nothing left to do in the
	 * kernel but return resume_value from its trap (ipc/fastpath.c's
	 * receive): the arch may switch to it straight into user mode
	 * (arch_thread_switch), dropping the kernel frames it waited in. It
	 * clears the flag itself if it resumes through them.
	 */
	bool resume_user;
	uint32_t resume_value;
	/*
	 * Queued on a wait queue by a processor holding the kernel lock
	 * shared (base/lock.h) and still running there until its switch has
	 * saved its context: another processor holding it shared may find it
	 * meanwhile and must wait for the flag to clear before it switches to
	 * it (arch_thread_switch_shared, whose switch clears it).
	 */
	uint32_t switching_out;
	struct port *exc_port; /* THREAD_EXCEPTION_PORT: send right or NULL */
	struct pc_sample *pc_sample; /* kern/pc_sample.h: NULL when off */

	/* What the thread runs (kern/thread.c). */
	void (*start_fn)(void *); /* kernel entry, called once */
	void *start_arg;
	uintptr_t user_pc; /* thread_create_user: first user pc, sp */
	uintptr_t user_sp;
};

/* The value of ipc_rcv.state with these armed and done. */
#define thread_rcv_state(a, d)                                                 \
	(((union {                                                             \
		 struct {                                                      \
			 bool armed;                                           \
			 bool done;                                            \
		 };                                                            \
		 uint32_t state;                                               \
	 }){.armed = (a), .done = (d)})                                        \
		 .state)

void thread_destroy(struct thread *t);
REF_DEFINE(thread, ref, thread_destroy)

/* Boot: turn the boot flow into the first thread, set up the reaper. */
void thread_bootstrap(void);
/* A processor's idle thread: thread name at PRIO_IDLE, RUNNING, with no
 * stack of its own (the processor's start-up flow becomes it). Lock
 * held. */
struct thread *thread_bootstrap_cpu(const char *name);
/*
 * Wait until t (not the current thread, suspended by the caller) runs no
 * user instruction: it is not RUNNING on another processor. Ends early
 * if the caller is interrupted. Lock held (the wait resumes the section).
 */
void thread_wait_stopped(struct thread *t);

/* The running thread: its processor's (base/cpu.h), read in one
 * instruction, so right in any interrupt state. */
static inline struct thread *current_thread(void)
{
	return arch_cpu_current();
}

/* The current thread's task (NULL for a kernel thread outside tasks). */
static inline struct task *current_task(void)
{
	struct thread *t = current_thread();

	return t != NULL ? t->task : NULL;
}

/*
 * Create a kernel thread running fn(arg) at priority prio, in task (NULL
 * for a pure kernel thread; else the task gains a reference and the thread
 * joins task->threads). The thread starts READY unless start_suspended,
 * in which case suspend_count is 1. Returns NULL when memory is short.
 * The caller gets no reference: the thread holds one on itself until it
 * dies.
 */
struct thread *thread_create(struct task *task, const char *name,
			     void (*fn)(void *), void *arg, int prio,
			     bool start_suspended);
/*
 * Create a user thread in task that enters user mode at pc with stack sp.
 * Starts suspended (suspend_count 1), as Mach threads do.
 */
struct thread *thread_create_user(struct task *task, uintptr_t pc,
				  uintptr_t sp);

/*
 * Create a user thread in task whose user registers are a clean set (all
 * zero but the user selectors and rflags 0x202), to be filled with
 * thread_set_state before it is resumed (thread_create). Starts suspended
 * (suspend_count 1). NULL when memory is short.
 */
struct thread *thread_create_user_state(struct task *task);

/* End the current thread. Never returns. */
noreturn void thread_exit(void);

/* Suspend / resume (counted). Lock taken inside. */
void thread_suspend(struct thread *t);
/* Returns false if the count was already 0. */
bool thread_resume(struct thread *t);

/*
 * Make t exit: set should_exit, interrupt its wait (WAIT_INTERRUPTED), and
 * clear its suspension so that it runs to thread_user_return, where it
 * exits. Does not wait. Lock taken inside. (For task_terminate.)
 */
void thread_terminate(struct thread *t);
/*
 * thread_terminate, then, unless t is the current thread, wait until t is
 * dead: it will never run again and is gone from its task's thread list.
 * The wait ends early only if the caller is interrupted (thread_abort, or
 * its own termination). The caller holds a reference on t. Lock taken
 * inside (may be held: the wait resumes the section).
 */
void thread_terminate_wait(struct thread *t);

/* Number of live threads (for leak checks): every thread struct not yet
 * destroyed, the boot and idle threads included. */
unsigned long thread_count(void);

/*
 * Scheduler internal: free the stacks of DEAD threads (other than the
 * current one) and drop their self reference. Called by every thread
 * right after it is switched to. Lock held.
 */
void thread_reap(void);
/* Dead threads waiting for thread_reap. */
extern unsigned int thread_dead_count;
static inline void thread_reap_pending(void)
{
	if (thread_dead_count != 0)
		thread_reap();
}

/*
 * Called by the arch code just before it returns to user mode, with
 * interrupts disabled: runs pending work (reschedule, suspension, exit of a
 * thread whose task was terminated). May not return (thread exit).
 */
void thread_user_return(void);

#endif /* KERN_THREAD_H */
