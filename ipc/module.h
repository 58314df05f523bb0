/*
 * ipc/module.h - the registry of kernel interface modules.
 *
 * A module serving a MIG subsystem (a msgh_id range) registers itself at
 * link time:
 *
 *	MODULE_SUBSYSTEM(mach_port_subsystem, "mach_port", 3200, 3224,
 *			 mach_port_demux);
 *
 * which places a struct mig_subsystem in the "mach5_subsys" section; the
 * linker gives the section's bounds as __start_mach5_subsys and
 * __stop_mach5_subsys (in the kernel link and in hosted test programs
 * alike). The IPC layer looks a message's id up here when it is sent to a
 * kernel-object port (ipc/kobject.c).
 *
 * Demux contract. in and out are messages in internal format (ipc/kmsg.h:
 * rights are referenced struct port pointers). On entry out holds a
 * 48-byte mig_reply_header_t reply: bits MACH_MSGH_BITS(request's local
 * type, 0), remote = the request's reply right (already moved out of in),
 * id = in id + 100, RetCode MIG_BAD_ID; out has room for
 * MODULE_REPLY_MAX bytes. demux returns false if it does not know the id.
 * If the RetCode it leaves is KERN_SUCCESS or MIG_NO_REPLY it has consumed
 * every right in the body of in (the IPC layer frees in without releasing
 * them); otherwise the IPC layer destroys in with its rights. The
 * destination right of in is released by the IPC layer. With MIG_NO_REPLY
 * (or a reply whose remote port is NULL) no reply is sent; the server
 * then owns the reply right it took from out->remote.
 *
 * Reply extent. out is a buffer the IPC layer reuses (ipc/kobject.c): it
 * is zero on entry, and afterwards the IPC layer clears what the demux may
 * have written: reply_extent bytes, or when reply_extent is 0 (a demux
 * that never writes past the msgh_size it leaves in out) msgh_size bytes.
 * MODULE_SUBSYSTEM gives MODULE_REPLY_MAX, always right;
 * MODULE_SUBSYSTEM_EXTENT states a smaller bound (a MIG server's
 * <subsystem>_MAX_REPLY_SIZE).
 *
 * Routines. A demux that only calls a KernelServer's server function may
 * give its routine table too (MODULE_SUBSYSTEM_ROUTINES: the generated
 * <server>_routines, indexed by msgh_id - base, NULL for an id it does not
 * know): a routine there, called as the demux would call it, is the
 * demux for its id (the kernel-call fast path dispatches to it directly).
 * A routine leaves the header of in as it found it (its destination right
 * is the IPC layer's to release). A routine gets out not cleared past
 * its mig_reply_header_t: as every
 * KernelServer stub, it states how far it writes before it writes past
 * the header (mig_kernel_reply_bound, ipc/mig_kernel.h), which clears
 * that much.
 */
#ifndef MODULES_MODULE_H
#define MODULES_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <mach/message.h>

#define MODULE_REPLY_MAX 8192

struct mig_subsystem {
	const char *name;
	int base; /* first msgh_id */
	int end;  /* one past the last msgh_id */
	bool (*demux)(mach_msg_header_t *in, mach_msg_header_t *out);
	unsigned int reply_extent; /* see above; <= MODULE_REPLY_MAX */
	/* See above (Routines); NULL: only the demux. */
	void (*const *routines)(mach_msg_header_t *in, mach_msg_header_t *out);
} __attribute__((aligned(8))); /* the linker set's stride */

/* The registry entry var, with its routine table (or NULL). */
#define MODULE_SUBSYSTEM_DEFINE(var, name_, base_, end_, demux_, extent_,      \
				routines_)                                     \
	static const struct mig_subsystem var                                  \
		__attribute__((used, section("mach5_subsys"), aligned(8))) = { \
			.name = (name_),                                       \
			.base = (base_),                                       \
			.end = (end_),                                         \
			.demux = (demux_),                                     \
			.reply_extent = (extent_),                             \
			.routines = (routines_),                               \
	};                                                                     \
	_Static_assert((extent_) <= MODULE_REPLY_MAX, "reply extent")

#define MODULE_SUBSYSTEM_EXTENT(var, name_, base_, end_, demux_, extent_)      \
	MODULE_SUBSYSTEM_DEFINE(var, name_, base_, end_, demux_, extent_, NULL)

#define MODULE_SUBSYSTEM_ROUTINES(var, name_, base_, end_, demux_, extent_,    \
				  routines_)                                   \
	MODULE_SUBSYSTEM_DEFINE(var, name_, base_, end_, demux_, extent_,      \
				routines_);                                    \
	_Static_assert((end_) - (base_) <=                                     \
			       sizeof(routines_) / sizeof((routines_)[0]),     \
		       "routine table")

#define MODULE_SUBSYSTEM(var, name_, base_, end_, demux_)                      \
	MODULE_SUBSYSTEM_EXTENT(var, name_, base_, end_, demux_,               \
				MODULE_REPLY_MAX)

/* The module serving id, or NULL. */
const struct mig_subsystem *module_find_subsystem_slow(mach_msg_id_t id);
/* The subsystem found last (calls come in runs). */
extern const struct mig_subsystem *module_subsystem_last;

/* The subsystem serving id, or NULL. */
static inline const struct mig_subsystem *
module_find_subsystem(mach_msg_id_t id)
{
	const struct mig_subsystem *s = module_subsystem_last;

	if (s != NULL && id >= s->base && id < s->end)
		return s;
	return module_find_subsystem_slow(id);
}

#endif /* MODULES_MODULE_H */
