/*
 * modules/mach3/mach_port_server.c - the mach_port subsystem (3200-3223)
 * served on task ports, decoded by hand against the current x86_64 wire
 * layout (ABI sheet §4, §5).
 *
 * Three layers, so that the stubs mig/ will generate can replace the first
 * two without touching the routines (modules/mach3/mach_port.c):
 *
 *	wire     check a request's size, COMPLEX bit and every descriptor,
 *	         then decode its items into arguments (MIG_BAD_ARGUMENTS on
 *	         any mismatch); encode reply items exactly as a current GNU
 *	         MIG server does (the user stubs compare them)
 *	table    one row per routine: id, argument kinds, handler
 *	handler  calls the mach_port_* function and encodes its out values
 *
 * Wire. A request is the 32-byte header and 16-byte items: an 8-byte
 * descriptor, then an 8-byte slot holding a 4-byte integer or PORT_NAME
 * (plus 4 pad bytes), an INTEGER_64, or one port right, which the internal
 * format (ipc/kmsg.h) holds as a referenced struct port pointer. A reply
 * is the 48-byte mig_reply_header_t and such items, an inline struct, or
 * an out-of-line array: a long-form descriptor and the vm_map_copy that
 * carries a kernel buffer (ipc_ool_alloc, ipc_ool_buffer_copy), which the
 * message path maps into the receiver.
 * Error replies are the bare 48 bytes, not COMPLEX.
 *
 * Rights (modules/module.h): when the handler returns KERN_SUCCESS every
 * right of the request body has been consumed (inserted or stored by the
 * routine, or released here for rights that only name an object); on any
 * other code the IPC layer destroys them with the request.
 *
 * Lock order: runs with the kernel lock held (modules/module.h); the
 * mach_port_* functions nest their own sections inside it.
 */
#include <stddef.h>
#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>

#include <kern/kobject.h>
#include <kern/string.h>
#include <kern/task.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/ool.h>
#include <ipc/port.h>
#include <modules/module.h>
#include <modules/mach3/mach_port.h>

#define MACH_PORT_SUBSYSTEM_BASE 3200
#define MACH_PORT_SUBSYSTEM_END	 3224 /* one past mach_port_set_ktype */
#define MP_MAX_ARGS		 4

/* ---- Wire: items, argument kinds, decoding ---- */

/* What one request item must be. */
enum mp_kind {
	MP_NAME,      /* mach_port_name_t: PORT_NAME/32 */
	MP_INT,	      /* 32-bit integer types: INTEGER_32/32 */
	MP_INT64,     /* rpc_uintptr_t: INTEGER_64/64 */
	MP_SEND_ONCE, /* mach_port_send_once_t: PORT_SEND_ONCE/64 */
	MP_POLY,      /* mach_port_poly_t: any right/64 */
	MP_SPACE,     /* ipc_space_t as an argument: PORT_SEND/64 */
};

/* One 16-byte item: descriptor and value slot. */
struct mp_item {
	mach_msg_type_t type;
	union {
		uint32_t u32;
		uint64_t u64;
		struct port *port;
		void *ool;
	};
};
_Static_assert(sizeof(struct mp_item) == 16, "mp_item");

/* A decoded argument. */
union mp_arg {
	uint32_t u32;
	uint64_t u64;
	struct {
		struct port *port;	   /* referenced, or NULL / PORT_DEAD */
		mach_msg_type_name_t type; /* carried type, 16..18 */
	} right;
};

/* A request being served. */
struct mp_call {
	struct port *target; /* the request port (not consumed here) */
	union mp_arg arg[MP_MAX_ARGS];
	mig_reply_header_t *out;
};

static const mach_msg_type_t mp_type_name = {
	.msgt_name = MACH_MSG_TYPE_PORT_NAME,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t mp_type_int = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_32,
	.msgt_size = 32,
	.msgt_inline = 1,
	.msgt_number = 1,
};
static const mach_msg_type_t mp_type_int64 = {
	.msgt_name = MACH_MSG_TYPE_INTEGER_64,
	.msgt_size = 64,
	.msgt_inline = 1,
	.msgt_number = 1,
};

static bool mp_kind_is_right(enum mp_kind kind)
{
	return kind == MP_SEND_ONCE || kind == MP_POLY || kind == MP_SPACE;
}

/* All 8 bytes of a fixed item's descriptor, as MIG compares them. */
static bool mp_type_is(const mach_msg_type_t *type, const mach_msg_type_t *want)
{
	uint64_t a, b;

	_Static_assert(sizeof(*type) == sizeof(a), "one word");
	memcpy(&a, type, sizeof(a));
	memcpy(&b, want, sizeof(b));
	return a == b;
}

/* One inline right in a 64-bit slot, short form, of carried type name
 * (any right when name is 0). */
static bool mp_type_is_right(const mach_msg_type_t *type,
			     mach_msg_type_name_t name)
{
	if (!type->msgt_inline || type->msgt_longform ||
	    type->msgt_deallocate || type->msgt_unused != 0 ||
	    type->msgt_size != 64 || type->msgt_number != 1)
		return false;
	return name != 0 ? type->msgt_name == name
			 : MACH_MSG_TYPE_PORT_ANY_RIGHT(type->msgt_name);
}

static bool mp_decode_arg(const struct mp_item *item, enum mp_kind kind,
			  union mp_arg *arg)
{
	mach_msg_type_name_t right = 0;

	switch (kind) {
	case MP_NAME:
	case MP_INT:
		arg->u32 = item->u32;
		return mp_type_is(&item->type, kind == MP_NAME ? &mp_type_name
							       : &mp_type_int);
	case MP_INT64:
		arg->u64 = item->u64;
		return mp_type_is(&item->type, &mp_type_int64);
	case MP_SEND_ONCE:
		right = MACH_MSG_TYPE_PORT_SEND_ONCE;
		break;
	case MP_SPACE:
		right = MACH_MSG_TYPE_PORT_SEND;
		break;
	case MP_POLY:
		break;
	}
	arg->right.port = item->port;
	arg->right.type = item->type.msgt_name;
	return mp_type_is_right(&item->type, right);
}

/*
 * Check the request against the routine's argument kinds and decode it:
 * exact size, COMPLEX set iff a right is expected (a clear bit means the
 * slots hold untranslated names: never read them as ports), and every
 * descriptor. False on any mismatch (MIG_BAD_ARGUMENTS).
 */
static bool mp_decode(const mach_msg_header_t *in, unsigned int nargs,
		      const enum mp_kind *kinds, union mp_arg *args)
{
	const struct mp_item *items = (const void *)(in + 1);
	bool complex = (in->msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0;
	bool rights = false;

	if (in->msgh_size != sizeof(*in) + nargs * sizeof(struct mp_item))
		return false;
	for (unsigned int i = 0; i < nargs; i++)
		rights |= mp_kind_is_right(kinds[i]);
	if (rights != complex)
		return false;
	for (unsigned int i = 0; i < nargs; i++)
		if (!mp_decode_arg(&items[i], kinds[i], &args[i]))
			return false;
	return true;
}

/* ---- Wire: encoding reply items ---- */

/* Append a descriptor and len bytes of data, padded to 8 (§4.2). */
static void mp_reply_put(mig_reply_header_t *out, const mach_msg_type_t *type,
			 const void *data, size_t len)
{
	uint8_t *p = (uint8_t *)out + out->Head.msgh_size;
	size_t padded = (len + 7) & ~(size_t)7;

	memcpy(p, type, sizeof(*type));
	memset(p + sizeof(*type), 0, padded);
	memcpy(p + sizeof(*type), data, len);
	out->Head.msgh_size += sizeof(*type) + padded;
}

static void mp_reply_name(struct mp_call *c, mach_port_name_t name)
{
	mp_reply_put(c->out, &mp_type_name, &name, sizeof(name));
}

static void mp_reply_int(struct mp_call *c, uint32_t value)
{
	mp_reply_put(c->out, &mp_type_int, &value, sizeof(value));
}

/* A right of carried type (16..18) in internal format: a port slot. */
static void mp_reply_right(struct mp_call *c, struct port *port,
			   mach_msg_type_name_t type)
{
	mach_msg_type_t t = {
		.msgt_name = type,
		.msgt_size = 64,
		.msgt_inline = 1,
		.msgt_number = 1,
	};

	mp_reply_put(c->out, &t, &port, sizeof(port));
	c->out->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

/* A variable out-of-line array of 32-bit elements of type name (§4.7:
 * long form); buf (ipc_ool_alloc, count * 4 bytes) now belongs to the
 * reply. */
static void mp_reply_ool32(struct mp_call *c, mach_msg_type_name_t name,
			   void *buf, mach_msg_type_number_t count)
{
	mach_msg_type_t t = {
		.msgt_name = name,
		.msgt_size = 32,
		.msgt_longform = 1,
		.msgt_number = count,
	};

	struct vm_map_copy *copy = ipc_ool_buffer_copy(buf); /* ipc/ool.h */

	mp_reply_put(c->out, &t, &copy, sizeof(copy));
	c->out->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;
}

/* A .defs struct of 4-byte fields: INTEGER_32 x (size / 4), inline. */
static void mp_reply_struct32(struct mp_call *c, const void *data, size_t size)
{
	mach_msg_type_t t = mp_type_int;

	t.msgt_number = size / 4;
	mp_reply_put(c->out, &t, data, size);
}

/* ---- Arguments to objects ---- */

/* ipc_space_t intran: the space of a task port, or NULL. */
static struct ipc_space *mp_space_of(struct port *port)
{
	struct task *task = ipc_kobject_port_object(port, KOBJ_TASK);

	return task != NULL ? task->space : NULL;
}

/* The space the request port stands for. */
static struct ipc_space *mp_space(const struct mp_call *c)
{
	return mp_space_of(c->target);
}

/* ---- Handlers: one per routine ---- */

static kern_return_t mp_names(struct mp_call *c)
{
	mach_port_name_t *names;
	mach_port_type_t *types;
	mach_msg_type_number_t nnames, ntypes;
	kern_return_t kr =
		mach_port_names(mp_space(c), &names, &nnames, &types, &ntypes);

	if (kr != KERN_SUCCESS)
		return kr;
	mp_reply_ool32(c, MACH_MSG_TYPE_PORT_NAME, names, nnames);
	mp_reply_ool32(c, MACH_MSG_TYPE_INTEGER_32, types, ntypes);
	return KERN_SUCCESS;
}

static kern_return_t mp_type(struct mp_call *c)
{
	mach_port_type_t type;
	kern_return_t kr = mach_port_type(mp_space(c), c->arg[0].u32, &type);

	if (kr == KERN_SUCCESS)
		mp_reply_int(c, type);
	return kr;
}

static kern_return_t mp_rename(struct mp_call *c)
{
	return mach_port_rename(mp_space(c), c->arg[0].u32, c->arg[1].u32);
}

static kern_return_t mp_allocate_name(struct mp_call *c)
{
	return mach_port_allocate_name(mp_space(c), c->arg[0].u32,
				       c->arg[1].u32);
}

static kern_return_t mp_allocate(struct mp_call *c)
{
	mach_port_name_t name;
	kern_return_t kr =
		mach_port_allocate(mp_space(c), c->arg[0].u32, &name);

	if (kr == KERN_SUCCESS)
		mp_reply_name(c, name);
	return kr;
}

static kern_return_t mp_destroy(struct mp_call *c)
{
	return mach_port_destroy(mp_space(c), c->arg[0].u32);
}

static kern_return_t mp_deallocate(struct mp_call *c)
{
	return mach_port_deallocate(mp_space(c), c->arg[0].u32);
}

static kern_return_t mp_get_refs(struct mp_call *c)
{
	mach_port_urefs_t refs;
	kern_return_t kr = mach_port_get_refs(mp_space(c), c->arg[0].u32,
					      c->arg[1].u32, &refs);

	if (kr == KERN_SUCCESS)
		mp_reply_int(c, refs);
	return kr;
}

static kern_return_t mp_mod_refs(struct mp_call *c)
{
	return mach_port_mod_refs(mp_space(c), c->arg[0].u32, c->arg[1].u32,
				  (mach_port_delta_t)c->arg[2].u32);
}

static kern_return_t mp_set_qlimit(struct mp_call *c)
{
	return mach_port_set_qlimit(mp_space(c), c->arg[0].u32, c->arg[1].u32);
}

static kern_return_t mp_set_mscount(struct mp_call *c)
{
	return mach_port_set_mscount(mp_space(c), c->arg[0].u32, c->arg[1].u32);
}

static kern_return_t mp_get_set_status(struct mp_call *c)
{
	mach_port_name_t *members;
	mach_msg_type_number_t count;
	kern_return_t kr = mach_port_get_set_status(mp_space(c), c->arg[0].u32,
						    &members, &count);

	if (kr == KERN_SUCCESS)
		mp_reply_ool32(c, MACH_MSG_TYPE_PORT_NAME, members, count);
	return kr;
}

static kern_return_t mp_move_member(struct mp_call *c)
{
	return mach_port_move_member(mp_space(c), c->arg[0].u32, c->arg[1].u32);
}

static kern_return_t mp_request_notification(struct mp_call *c)
{
	struct port *previous = NULL;
	kern_return_t kr = mach_port_request_notification(
		mp_space(c), c->arg[0].u32, (mach_msg_id_t)c->arg[1].u32,
		c->arg[2].u32, c->arg[3].right.port, &previous);

	if (kr == KERN_SUCCESS)
		mp_reply_right(c, previous, MACH_MSG_TYPE_PORT_SEND_ONCE);
	return kr;
}

static kern_return_t mp_insert_right(struct mp_call *c)
{
	return mach_port_insert_right(mp_space(c), c->arg[0].u32,
				      c->arg[1].right.port,
				      c->arg[1].right.type);
}

static kern_return_t mp_extract_right(struct mp_call *c)
{
	struct port *poly;
	mach_msg_type_name_t type;
	kern_return_t kr = mach_port_extract_right(mp_space(c), c->arg[0].u32,
						   c->arg[1].u32, &poly, &type);

	if (kr == KERN_SUCCESS)
		mp_reply_right(c, poly, type);
	return kr;
}

static kern_return_t mp_get_receive_status(struct mp_call *c)
{
	mach_port_status_t status;
	kern_return_t kr = mach_port_get_receive_status(mp_space(c),
							c->arg[0].u32, &status);

	if (kr == KERN_SUCCESS)
		mp_reply_struct32(c, &status, sizeof(status));
	return kr;
}

static kern_return_t mp_set_seqno(struct mp_call *c)
{
	return mach_port_set_seqno(mp_space(c), c->arg[0].u32, c->arg[1].u32);
}

static kern_return_t mp_set_protected_payload(struct mp_call *c)
{
	return mach_port_set_protected_payload(mp_space(c), c->arg[0].u32,
					       c->arg[1].u64);
}

static kern_return_t mp_clear_protected_payload(struct mp_call *c)
{
	return mach_port_clear_protected_payload(mp_space(c), c->arg[0].u32);
}

/* The request port is host_priv; the space travels as a send right,
 * which only names the task and is released once the call succeeded. */
static kern_return_t mp_set_ktype(struct mp_call *c)
{
	struct port *task_port = c->arg[0].right.port;
	kern_return_t kr = mach_port_set_ktype(
		ipc_kobject_port_object(c->target, KOBJ_HOST_PRIV),
		mp_space_of(task_port), c->arg[1].u32, c->arg[2].u32,
		c->arg[3].u32);

	if (kr == KERN_SUCCESS)
		port_release_send(task_port);
	return kr;
}

/* ---- Table ---- */

struct mp_routine {
	mach_msg_id_t id;
	unsigned int nargs;
	enum mp_kind kinds[MP_MAX_ARGS];
	kern_return_t (*handler)(struct mp_call *c);
};

#define N MP_NAME
#define I MP_INT
static const struct mp_routine mp_routines[] = {
	{3200, 0, {0}, mp_names},
	{3201, 1, {N}, mp_type},
	{3202, 2, {N, N}, mp_rename},
	{3203, 2, {I, N}, mp_allocate_name},
	{3204, 1, {I}, mp_allocate},
	{3205, 1, {N}, mp_destroy},
	{3206, 1, {N}, mp_deallocate},
	{3207, 2, {N, I}, mp_get_refs},
	{3208, 3, {N, I, I}, mp_mod_refs},
	{3210, 2, {N, I}, mp_set_qlimit},
	{3211, 2, {N, I}, mp_set_mscount},
	{3212, 1, {N}, mp_get_set_status},
	{3213, 2, {N, N}, mp_move_member},
	{3214, 4, {N, I, I, MP_SEND_ONCE}, mp_request_notification},
	{3215, 2, {N, MP_POLY}, mp_insert_right},
	{3216, 2, {N, I}, mp_extract_right},
	{3217, 1, {N}, mp_get_receive_status},
	{3218, 2, {N, I}, mp_set_seqno},
	{3221, 2, {N, MP_INT64}, mp_set_protected_payload},
	{3222, 1, {N}, mp_clear_protected_payload},
	{3223, 4, {MP_SPACE, N, I, I}, mp_set_ktype},
};
#undef N
#undef I

static const struct mp_routine *mp_routine_find(mach_msg_id_t id)
{
	for (size_t i = 0; i < sizeof(mp_routines) / sizeof(mp_routines[0]);
	     i++)
		if (mp_routines[i].id == id)
			return &mp_routines[i];
	return NULL;
}

/* Demux (modules/module.h): decode, then call the routine. */
static bool mach_port_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	const struct mp_routine *r = mp_routine_find(in->msgh_id);
	struct mp_call c = {
		.target = ((struct ipc_kmsg_header *)in)->remote,
		.out = (mig_reply_header_t *)out,
	};

	if (r == NULL)
		return false;
	if (!mp_decode(in, r->nargs, r->kinds, c.arg)) {
		c.out->RetCode = MIG_BAD_ARGUMENTS;
		return true;
	}
	c.out->RetCode = r->handler(&c);
	return true;
}

/* Extent 0: mp_reply_put only appends, growing msgh_size as it writes. */
MODULE_SUBSYSTEM_EXTENT(mach_port_subsystem, "mach_port",
			MACH_PORT_SUBSYSTEM_BASE, MACH_PORT_SUBSYSTEM_END,
			mach_port_demux, 0);
