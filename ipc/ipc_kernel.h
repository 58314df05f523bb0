/*
 * ipc/ipc_kernel.h - what the rest of the kernel calls in ipc/.
 *
 * Every function here takes the kernel lock itself (it may be called with
 * or without it) unless stated otherwise.
 */
#ifndef IPC_IPC_KERNEL_H
#define IPC_IPC_KERNEL_H

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>
#include <base/lock.h>
#include <ipc/fastpath.h>
#include <ipc/kobject_types.h>

struct task;
struct thread;
struct port;
struct ipc_space;

/* Boot: set up the IPC caches. Before any task gets its port. */
void ipc_kernel_init(void);

/*
 * A task's IPC state: a new empty name space (task->space) and the task
 * port (task->self, a KOBJ_TASK kernel-object port). KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE (then nothing is left behind).
 */
kern_return_t ipc_kernel_task_init(struct task *task);
/*
 * The task dies: destroy its task port and its name space (releasing all
 * its rights, with the notifications that follow). Idempotent.
 */
void ipc_kernel_task_terminate(struct task *task);

/* A thread's IPC state (thread->ipc): its thread port. */
struct ipc_thread {
	struct port *self; /* thread port (kernel receive right) */
};
kern_return_t ipc_kernel_thread_init(struct thread *thread);
void ipc_kernel_thread_terminate(struct thread *thread);

/*
 * A kernel-object port for obj (ipc/kobject_types.h types); the kernel keeps
 * the receive right (the returned reference). NULL when memory is short.
 */
struct port *ipc_kernel_port_alloc(enum kobject_type type, void *obj);
/* Destroy such a port (consumes the reference from ipc_kernel_port_alloc). */
void ipc_kernel_port_destroy(struct port *port);

/*
 * Make a send right to port and insert it into task's space; returns its
 * name (reusing the name the space already has for the port), or
 * MACH_PORT_NULL on failure. Used by the boot script for ${host-port}.
 */
mach_port_name_t ipc_kernel_insert_send(struct task *task, struct port *port);

/* ---- Trap bodies (ABI sheet §2.2), for the current thread ---- */

/* mach_msg past the fast path (ipc/mach_msg.c). */
mach_msg_return_t
ipc_trap_mach_msg_slow(uintptr_t msg, mach_msg_option_t option,
		       mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		       mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		       mach_port_name_t notify);

/* The mach_msg trap: the fast path (ipc/fastpath.h) when it takes the
 * call, else the general path. */
static inline mach_msg_return_t
ipc_trap_mach_msg(uintptr_t msg, mach_msg_option_t option,
		  mach_msg_size_t send_size, mach_msg_size_t rcv_size,
		  mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
		  mach_port_name_t notify)
{
	uint64_t r = IPC_FAST_DECLINED;
	spl_t s = splhigh();

	if (ipc_fastpath_enabled)
		r = ipc_fast_mach_msg(msg, option, send_size, rcv_size,
				      rcv_name, timeout, s & ~SPL_LOCKED);
	splx(s);
	if (r != IPC_FAST_DECLINED)
		return (mach_msg_return_t)r;
	return ipc_trap_mach_msg_slow(msg, option, send_size, rcv_size,
				      rcv_name, timeout, notify);
}
/* mach_reply_port: kernel lock held, interrupts disabled (a trap's). */
mach_port_name_t ipc_trap_reply_port(void);
mach_port_name_t ipc_trap_task_self(void);
mach_port_name_t ipc_trap_thread_self(void);

/*
 * mach_msg on a given space (the trap uses the current task's): msg is a
 * user address read with copyin and written with copyout.
 */
mach_msg_return_t
ipc_mach_msg(struct ipc_space *space, uintptr_t msg, mach_msg_option_t option,
	     mach_msg_size_t send_size, mach_msg_size_t rcv_size,
	     mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	     mach_port_name_t notify);

/* ---- Leak checks ---- */

struct ipc_counts {
	unsigned long ports;
	unsigned long psets;
	unsigned long kmsgs; /* queued or in flight */
	unsigned long entries;
	unsigned long spaces;
};
void ipc_get_counts(struct ipc_counts *counts);

#endif /* IPC_IPC_KERNEL_H */
