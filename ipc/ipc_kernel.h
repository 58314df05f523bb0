/*
 * ipc/ipc_kernel.h - what the rest of the kernel (kern/task.c,
 * kern/bootstrap.c, kern/syscall.c, kern/host.c) needs from IPC.
 *
 * (Written by the lead as the contract between kern/ and ipc/; the IPC
 * implementation provides these functions.)
 */
#ifndef IPC_IPC_KERNEL_H
#define IPC_IPC_KERNEL_H

#include <stdint.h>
#include <mach/message.h>

struct task;
struct thread;
struct port;

/* Boot: caches, the kernel-object registry. */
void ipc_kernel_init(void);

/* Create task's name space and task port (task->space, task->self). */
int ipc_kernel_task_init(struct task *task);
/* Release every right of task's space (notifications follow) and
 * disable its task port. Safe to call twice. */
void ipc_kernel_task_terminate(struct task *task);

/* Per-thread IPC state (t->ipc) and the thread port. */
int ipc_kernel_thread_init(struct thread *t);
void ipc_kernel_thread_terminate(struct thread *t);

/* A new port representing kernel object obj of type kotype (one
 * reference for the caller); NULL when memory is short. */
struct port *ipc_kernel_port_alloc(int kotype, void *obj);

/*
 * Insert a send right to port into task's name space (reusing the name of
 * an existing send or receive right to it). Returns the name, or
 * MACH_PORT_NULL on failure.
 */
mach_port_name_t ipc_kernel_insert_send(struct task *task, struct port *port);

/* The traps (ABI sheet §2.2); user memory through copyin/copyout. */
mach_msg_return_t ipc_trap_mach_msg(uintptr_t msg, mach_msg_option_t option,
				    mach_msg_size_t send_size,
				    mach_msg_size_t rcv_size,
				    mach_port_name_t rcv_name,
				    mach_msg_timeout_t timeout,
				    mach_port_name_t notify);
mach_port_name_t ipc_trap_reply_port(void);
mach_port_name_t ipc_trap_task_self(void);
mach_port_name_t ipc_trap_thread_self(void);
mach_port_name_t ipc_trap_host_self(void);

#endif /* IPC_IPC_KERNEL_H */
