/*
 * host_reboot (mach_host.defs, id 2635, reply 2735), written by hand until
 * MIG-generated stubs replace it. Wire format, ABI §5.1-5.2 and §7.4:
 * request 48 bytes = header (COPY_SEND host_priv, MAKE_SEND_ONCE reply) +
 * INTEGER_32 descriptor (0x20002002, number 1) + options + 4 pad; reply is
 * a 48-byte mig_reply_header_t.
 */
#include <string.h>

#include <mach5/libmach.h>

#define HOST_REBOOT_ID 2635

typedef struct {
	mach_msg_header_t Head;
	mach_msg_type_t optionsType;
	int options;
	char pad[4];
} host_reboot_request_t;

_Static_assert(sizeof(host_reboot_request_t) == 48, "host_reboot request");

static const mach_msg_type_t int32_type = {
    .msgt_name = MACH_MSG_TYPE_INTEGER_32,
    .msgt_size = 32,
    .msgt_number = 1,
    .msgt_inline = 1,
};

/* Check a received reply; returns its RetCode or a MIG_* error. */
static kern_return_t check_reply(const mig_reply_header_t *rep)
{
	if (rep->Head.msgh_id != HOST_REBOOT_ID + 100)
		return rep->Head.msgh_id == 71 ? MIG_SERVER_DIED
					       : MIG_REPLY_MISMATCH;
	if (rep->Head.msgh_size != sizeof(*rep) ||
	    (rep->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))
		return MIG_TYPE_ERROR;
	if (memcmp(&rep->RetCodeType, &int32_type, sizeof(int32_type)) != 0)
		return MIG_TYPE_ERROR;
	return rep->RetCode;
}

kern_return_t host_reboot(mach_port_t host_priv, int options)
{
	union {
		host_reboot_request_t req;
		mig_reply_header_t rep;
	} m;
	mach_port_t reply = mig_get_reply_port();
	mach_msg_return_t mr;
	kern_return_t kr;

	memset(&m, 0, sizeof(m));
	m.req.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND,
					      MACH_MSG_TYPE_MAKE_SEND_ONCE);
	m.req.Head.msgh_size = sizeof(m.req);
	m.req.Head.msgh_remote_port = host_priv;
	m.req.Head.msgh_local_port = reply;
	m.req.Head.msgh_id = HOST_REBOOT_ID;
	m.req.optionsType = int32_type;
	m.req.options = options;

	mr = mach_msg(&m.req.Head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(m.req),
		      sizeof(m.rep), reply, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	if (mr != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(reply);
		return mr;
	}
	kr = check_reply(&m.rep);
	if (kr == MIG_REPLY_MISMATCH || kr == MIG_SERVER_DIED)
		mig_dealloc_reply_port(reply);
	else
		mig_put_reply_port(reply);
	return kr;
}
