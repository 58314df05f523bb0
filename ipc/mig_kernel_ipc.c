/*
 * ipc/mig_kernel_ipc.c - the part of the kernel MIG stubs' runtime
 * (ipc/mig_kernel.h) that needs only ipc/: rights, out-of-line items,
 * the space and host_priv translations, and the client stubs' runtime
 * (KernelUser subsystems; mig_kernel_rpc is in kern/kernel_rpc.c). Also
 * built into the hosted IPC unit tests; the other translations are in
 * kern/mig_kernel.c.
 *
 * Lock order: the kernel lock, held by every caller; nothing here blocks.
 */
#include <ipc/mig_kernel.h>

#include <base/task.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/mqueue.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <ipc/space.h>

mach_msg_header_t *mig_kernel_request_alloc(mach_msg_size_t size)
{
	struct ipc_kmsg *kmsg = ipc_kmsg_alloc(size);

	if (kmsg == NULL)
		return NULL;
	kmsg->internal = true;
	return &kmsg->msg;
}

void mig_kernel_request_free(mach_msg_header_t *request)
{
	ipc_kmsg_free(ipc_kmsg_of_msg(request));
}

void mig_kernel_request_destroy(mach_msg_header_t *request)
{
	ipc_kmsg_destroy(ipc_kmsg_of_msg(request));
}

mach_port_t mig_kernel_copyin_right(mach_port_t port, mach_msg_type_name_t disp)
{
	if (!PORT_VALID(port))
		return port;
	switch (disp) {
	case MACH_MSG_TYPE_COPY_SEND:
		return ipc_port_copy_send(port);
	case MACH_MSG_TYPE_MAKE_SEND:
		return ipc_port_make_send(port);
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return ipc_port_make_send_once(port);
	default: /* MOVE_*: the caller's right */
		return port;
	}
}

void mig_kernel_consume_right(mach_port_t port, mach_msg_type_name_t disp)
{
	if (disp >= MACH_MSG_TYPE_MOVE_RECEIVE &&
	    disp <= MACH_MSG_TYPE_MOVE_SEND_ONCE)
		ipc_port_release_right(port, disp);
}

/* An out-of-line item: a struct vm_map_copy * (ipc/ool.h); size unused.
 * (Also what the server stubs free a request's item with.) */
void mig_kernel_ool_free(void *data, vm_size_t size)
{
	(void)size;
	ipc_ool_discard(data);
}

kern_return_t mig_kernel_send(mach_msg_header_t *request)
{
	ipc_kmsg_deliver(ipc_kmsg_of_msg(request));
	return KERN_SUCCESS;
}

void mig_kernel_release_right(mach_port_t port, mach_msg_type_name_t type)
{
	ipc_port_release_right(port, type);
}

void mig_kernel_ool_ports_free(void *slots, mach_msg_type_number_t count)
{
	ipc_ool_free(slots, count * sizeof(mach_port_t));
}

host_t convert_port_to_host_priv(mach_port_t port)
{
	return ipc_kobject_port_object(port, KOBJ_HOST_PRIV);
}
