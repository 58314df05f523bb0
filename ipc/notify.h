/*
 * ipc/notify.h - kernel-generated notifications (mach/notify.defs).
 *
 * Each function builds the notification in internal format (the
 * KernelUser stubs of notify.defs) and sends it through so, a send-once
 * right it consumes (NULL is ignored; when memory is short the right is
 * dropped without a notification). Sizes and layout follow the ABI sheet
 * §6: 65, 66, 72 carry a PORT_NAME; 69 a receive right; 70 the make-send
 * count; 71 is a bare header. Sending never blocks. Kernel lock held.
 */
#ifndef IPC_NOTIFY_H
#define IPC_NOTIFY_H

#include <mach/message.h>
#include <mach/notify.h>
#include <mach/port.h>

struct port;
struct ipc_kmsg;

void ipc_notify_port_deleted(struct port *so, mach_port_name_t name);
/*
 * msg-accepted: its kmsg is reserved when MACH_SEND_NOTIFY is accepted
 * (NULL when memory is short: MACH_SEND_NO_NOTIFY), so that sending it
 * later cannot fail; the reserved kmsg is consumed (or, if never sent,
 * freed with ipc_kmsg_free).
 */
struct ipc_kmsg *ipc_notify_msg_accepted_reserve(void);
void ipc_notify_msg_accepted(struct ipc_kmsg *reserved, struct port *so,
			     mach_port_name_t name);
/* Consumes the receive right of port. */
void ipc_notify_port_destroyed(struct port *so, struct port *port);
void ipc_notify_no_senders(struct port *so, mach_port_mscount_t mscount);
void ipc_notify_send_once(struct port *so);
void ipc_notify_dead_name(struct port *so, mach_port_name_t name);

#endif /* IPC_NOTIFY_H */
