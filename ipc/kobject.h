/*
 * ipc/kobject.h - ports that stand for kernel objects.
 *
 * The kernel holds the receive right of such a port (port->receiver is
 * NULL, kobject_type != KOBJ_NONE); messages sent to it are served at once
 * in the sender's context by the module registered for the message id
 * (ipc/module.h), and the reply goes back through the message path.
 *
 * Kernel lock held on entry and exit.
 */
#ifndef IPC_KOBJECT_H
#define IPC_KOBJECT_H

#include <ipc/kobject_types.h>
#include <base/thread.h>
#include <ipc/module.h>
#include <ipc/port.h>
#include <mach/message.h>
#include <mach/port.h>

struct port;
struct ipc_kmsg;
struct thread;

/*
 * A new port for object obj of type; the caller gets the receive right
 * (its reference). NULL when memory is short.
 */
struct port *ipc_kobject_port_alloc(enum kobject_type type, void *obj);
/* Destroy the receive right of a kernel-object port (consumes it). */
void ipc_kobject_port_destroy(struct port *port);
/* The object of port if it is an active port of that type, else NULL. */
static inline void *ipc_kobject_port_object(struct port *port,
					    enum kobject_type type)
{
	if (!PORT_VALID(port) || !port->active || port->kobject_type != type)
		return NULL;
	return port->kobject;
}

/*
 * Serve a request (internal format) and send its reply: MACH_MSG_SUCCESS,
 * the request consumed; or MACH_SEND_NO_BUFFER when no reply buffer could
 * be had: the request is left unserved to the caller.
 */
mach_msg_return_t ipc_kobject_server(struct ipc_kmsg *request);
/*
 * Free the reply buffer a thread kept for its kernel calls, if any
 * (thread_destroy; the thread makes no more calls). Takes the lock.
 */
void ipc_kobject_thread_free(struct thread *thread);

/*
 * No-senders for kernel objects: the module owning a type registers a
 * hook (NULL removes it), called when the last send right of an active
 * port of that type goes, with the port's make-send count (a module that
 * hands out send rights concurrently compares it with the count it saw).
 * The hook runs with the kernel lock held, inside the release of a right:
 * it may destroy the port (ipc_kobject_port_destroy) but must not block.
 */
typedef void (*ipc_kobject_no_senders_fn)(struct port *port,
					  mach_port_mscount_t mscount);
void ipc_kobject_set_no_senders(enum kobject_type type,
				ipc_kobject_no_senders_fn fn);
/* Called by ipc/port.c: run the hook of port's type, if any. */
void ipc_kobject_no_senders(struct port *port);

#endif /* IPC_KOBJECT_H */
