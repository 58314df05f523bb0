/*
 * base/task.h - tasks: an address space, a port name space and threads.
 *
 * Links: map (strong), space (strong), threads (each thread holds a
 * strong reference on its task; the task's list is weak). An active task
 * created by task_create holds a reference on itself, so that a task
 * without threads lives until task_terminate, as in Mach.
 * States: active -> terminated (task_terminate: threads told to exit,
 * rights released); the struct lives until its last reference goes.
 */
#ifndef KERN_TASK_H
#define KERN_TASK_H

#include <stdbool.h>
#include <base/list.h>
#include <base/ref.h>
#include <base/thread.h>
#include <base/waitq.h>

/* Ports mach_ports_register keeps (as GNU Mach: 3). */
#define TASK_PORT_REGISTER_MAX 3

struct vm_map;
struct ipc_space;
struct port;
struct pc_sample;

struct task {
	struct ref ref;
	char name[32];
	bool active;
	struct vm_map *map;	 /* address space */
	struct pmap *pmap;	 /* map's, for the switch (NULL: none) */
	struct ipc_space *space; /* port name space (ipc/) */
	struct port *self;	 /* task port (ipc/), NULL until set */
	struct list threads;	 /* struct thread, by task_node */
	unsigned int nr_threads;
	struct waitq threads_wq; /* woken when nr_threads drops to 0 */
	int suspend_count;
	int priority;	      /* of threads created by thread_create */
	int max_priority;     /* most urgent priority allowed (task_priority) */
	struct list all_node; /* on the global task list */
	/* Special ports (kern/special_ports.h): send rights or NULL. */
	struct port *exc_port;	     /* TASK_EXCEPTION_PORT */
	struct port *bootstrap_port; /* TASK_BOOTSTRAP_PORT */
	/* TASK_KERNEL_PORT as task_set_special_port set it: what
	 * mach_task_self and task_get_special_port answer; NULL: self, or
	 * MACH_PORT_NULL once kernel_port_null (set to MACH_PORT_NULL). */
	struct port *kernel_port;
	bool kernel_port_null;
	struct port
		*registered[TASK_PORT_REGISTER_MAX]; /* mach_ports_register */
	struct pc_sample *pc_sample; /* base/pc_sample.h: NULL when off */
};

void task_destroy(struct task *task);
REF_DEFINE(task, ref, task_destroy)

/* Boot: the kernel task. */
void task_init(void);
struct task *kernel_task(void);

/*
 * A new active task with an empty address space (or a copy of parent's
 * when inherit), no threads, one reference for the caller. NULL when out
 * of memory.
 */
struct task *task_create(struct task *parent, bool inherit, const char *name);
/*
 * Terminate: mark inactive, make every thread exit (the current thread, if
 * it belongs to task, exits at its next user return), release the name
 * space and the address space. Unless the caller is a thread of task, it
 * returns once every thread of task is dead (or when the caller's own
 * wait is interrupted). Safe to call twice. Lock: any (may block).
 */
void task_terminate(struct task *task);
/* Suspend / resume every thread (counted). */
void task_suspend(struct task *task);
bool task_resume(struct task *task);

/* Number of live tasks, including the kernel task (for leak checks). */
unsigned long task_count(void);
/* Call fn(task, arg) for every task, kernel task included. Lock held. */
void task_for_each(void (*fn)(struct task *, void *), void *arg);

/* current_task(): kern/thread.h. */

#endif /* KERN_TASK_H */
