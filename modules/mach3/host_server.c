/*
 * modules/mach3/host_server.c - the mach_host subsystem (2600...).
 *
 * Served so far: host_reboot (2635). The request is decoded by hand
 * against the ABI sheet's wire layout (§5.3, §7.4) until the generated
 * server stubs of mig/ take over this file.
 *
 * Runs with the kernel lock held (modules/module.h).
 */
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/mig_errors.h>

#include <kern/arch.h>
#include <kern/debug.h>
#include <kern/kobject.h>
#include <kern/string.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <modules/module.h>

#define HOST_SUBSYSTEM_BASE 2600
#define HOST_REBOOT_ID 2635

/* host_reboot options (sys/reboot.h). */
#define RB_AUTOBOOT 0x0
#define RB_HALT 0x8
#define RB_DEBUGGER 0x1000

struct host_reboot_request {
	mach_msg_header_t head;
	mach_msg_type_t options_type;
	int options;
	char pad[4];
};
_Static_assert(sizeof(struct host_reboot_request) == 48, "host_reboot");

static const mach_msg_type_t int32_type = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};

static bool type_equal(const mach_msg_type_t *a, const mach_msg_type_t *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* The kernel object behind the request's destination, if of type. */
static void *host_request_object(mach_msg_header_t *in,
				 enum kobject_type type)
{
	struct ipc_kmsg_header *h = (struct ipc_kmsg_header *)in;

	return ipc_kobject_port_object(h->remote, type);
}

static kern_return_t host_reboot(void *host_priv, int options)
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

static void host_reboot_server(mach_msg_header_t *in, mig_reply_header_t *out)
{
	struct host_reboot_request *req = (void *)in;

	if (in->msgh_size != sizeof(*req) ||
	    (in->msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    !type_equal(&req->options_type, &int32_type)) {
		out->RetCode = MIG_BAD_ARGUMENTS;
		return;
	}
	out->RetCode = host_reboot(host_request_object(in, KOBJ_HOST_PRIV),
				   req->options);
}

static bool host_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	mig_reply_header_t *reply = (mig_reply_header_t *)out;

	switch (in->msgh_id) {
	case HOST_REBOOT_ID:
		host_reboot_server(in, reply);
		return true;
	default:
		return false;
	}
}

MODULE_SUBSYSTEM(host_subsystem, "mach_host", HOST_SUBSYSTEM_BASE, 2650,
		 host_demux);
