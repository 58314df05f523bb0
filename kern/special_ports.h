/*
 * kern/special_ports.h - the ports a task or thread keeps for user space:
 * its exception port, a task's bootstrap port and registered ports
 * (mach_ports_register), and the thread's own port.
 *
 * Each slot holds one send right (a struct port reference, ipc/port.h) or
 * NULL; the right is released when the slot is set again and when the
 * task or thread goes (task_terminate, thread_exit).
 *
 * Lock: the kernel lock, held by the caller of every function here.
 */
#ifndef KERN_SPECIAL_PORTS_H
#define KERN_SPECIAL_PORTS_H

struct port;
struct task;
struct thread;

/* A new send right copied from *slot (NULL if the slot is empty or its
 * port died). */
struct port *special_port_get(struct port *const *slot);
/* Store the send right right (consumed; may be NULL), releasing the old. */
void special_port_set(struct port **slot, struct port *right);

/* Release every special port of task / thread (at their end). */
void task_special_ports_release(struct task *task);
void thread_special_ports_release(struct thread *thread);

/*
 * The thread's own port (the kernel holds its receive right; no new
 * reference), made on first use as mach_thread_self does; NULL when
 * memory is short or the thread has exited.
 */
struct port *thread_self_port(struct thread *thread);

#endif /* KERN_SPECIAL_PORTS_H */
