/*
 * ipc/notify.h - kernel-generated notifications (mach/notify.defs).
 *
 * Each function builds the notification in internal format and sends it
 * through so, a send-once right it consumes (NULL is ignored). Sizes and
 * layout follow the ABI sheet §6: 65, 66, 72 carry a PORT_NAME; 69 a
 * receive right; 70 the make-send count; 71 is a bare header. Sending
 * never blocks. Kernel lock held.
 */
#ifndef IPC_NOTIFY_H
#define IPC_NOTIFY_H

#include <mach/message.h>
#include <mach/notify.h>
#include <mach/port.h>

struct port;

void ipc_notify_port_deleted(struct port *so, mach_port_name_t name);
void ipc_notify_msg_accepted(struct port *so, mach_port_name_t name);
/* Consumes the receive right of port. */
void ipc_notify_port_destroyed(struct port *so, struct port *port);
void ipc_notify_no_senders(struct port *so, mach_port_mscount_t mscount);
void ipc_notify_send_once(struct port *so);
void ipc_notify_dead_name(struct port *so, mach_port_name_t name);

#endif /* IPC_NOTIFY_H */
