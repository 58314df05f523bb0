/*
 * modules/mach3/mach_port_server.c - the mach_port subsystem (3200-3223)
 * served on task ports: the S_* routines of the KernelServer stubs mig/
 * generates from defs/mach/mach_port.defs (modules/gen/mach_portServer.c),
 * which check every request (MIG_BAD_ARGUMENTS) and encode the replies;
 * the work is done by the mach_port_* functions of ipc/mach_port.c.
 *
 * The space (ipc_space_t) is the stub's translation of the request port
 * (convert_port_to_space: NULL for any port but a task's, which the
 * mach_port_* functions answer). Out-of-line reply arrays are buffers of
 * ipc_ool_alloc handed to the reply as a vm_map_copy (ipc_ool_buffer_copy).
 *
 * Rights (ipc/mig_kernel.h): an untranslated right of the request
 * (request_notification's notify, insert_right's poly) belongs to the
 * routine when it returns KERN_SUCCESS; on any other code the IPC layer
 * destroys it with the request.
 *
 * Lock order: runs with the kernel lock held (ipc/module.h); the
 * mach_port_* functions nest their own sections inside it.
 */
#include <ipc/mig_kernel.h>
#include <modules/gen/mach_portServer.h>

#include <ipc/ool.h>
#include <ipc/module.h>
#include <ipc/mach_port.h>

#define MACH_PORT_SUBSYSTEM_BASE 3200
#define MACH_PORT_SUBSYSTEM_END	 3224 /* one past mach_port_set_ktype */

/* An array of mach_port.c (ipc_ool_alloc) as an out-of-line reply item. */
static void *ool_reply(void *buf)
{
	return ipc_ool_buffer_copy(buf);
}

kern_return_t S_mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
				mach_msg_type_number_t *namesCnt,
				mach_port_type_array_t *types,
				mach_msg_type_number_t *typesCnt)
{
	mach_port_name_t *n;
	mach_port_type_t *t;
	kern_return_t kr = mach_port_names(task, &n, namesCnt, &t, typesCnt);

	if (kr != KERN_SUCCESS)
		return kr;
	*names = ool_reply(n);
	*types = ool_reply(t);
	return KERN_SUCCESS;
}

kern_return_t S_mach_port_type(ipc_space_t task, mach_port_name_t name,
			       mach_port_type_t *ptype)
{
	return mach_port_type_locked(task, name, ptype);
}

kern_return_t S_mach_port_rename(ipc_space_t task, mach_port_name_t old_name,
				 mach_port_name_t new_name)
{
	return mach_port_rename(task, old_name, new_name);
}

kern_return_t S_mach_port_allocate_name(ipc_space_t task,
					mach_port_right_t right,
					mach_port_name_t name)
{
	return mach_port_allocate_name(task, right, name);
}

kern_return_t S_mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				   mach_port_name_t *name)
{
	return mach_port_allocate(task, right, name);
}

kern_return_t S_mach_port_destroy(ipc_space_t task, mach_port_name_t name)
{
	return mach_port_destroy(task, name);
}

kern_return_t S_mach_port_deallocate(ipc_space_t task, mach_port_name_t name)
{
	return mach_port_deallocate(task, name);
}

kern_return_t S_mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				   mach_port_right_t right,
				   mach_port_urefs_t *refs)
{
	return mach_port_get_refs(task, name, right, refs);
}

kern_return_t S_mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				   mach_port_right_t right,
				   mach_port_delta_t delta)
{
	return mach_port_mod_refs_locked(task, name, right, delta);
}

kern_return_t S_mach_port_set_qlimit(ipc_space_t task, mach_port_name_t name,
				     mach_port_msgcount_t qlimit)
{
	return mach_port_set_qlimit(task, name, qlimit);
}

kern_return_t S_mach_port_set_mscount(ipc_space_t task, mach_port_name_t name,
				      mach_port_mscount_t mscount)
{
	return mach_port_set_mscount(task, name, mscount);
}

kern_return_t S_mach_port_get_set_status(ipc_space_t task,
					 mach_port_name_t name,
					 mach_port_name_array_t *members,
					 mach_msg_type_number_t *membersCnt)
{
	mach_port_name_t *m;
	kern_return_t kr = mach_port_get_set_status(task, name, &m, membersCnt);

	if (kr == KERN_SUCCESS)
		*members = ool_reply(m);
	return kr;
}

kern_return_t S_mach_port_move_member(ipc_space_t task, mach_port_name_t member,
				      mach_port_name_t after)
{
	return mach_port_move_member(task, member, after);
}

/* The previous send-once right (or MACH_PORT_NULL) goes in the reply. */
kern_return_t
S_mach_port_request_notification(ipc_space_t task, mach_port_name_t name,
				 mach_msg_id_t id, mach_port_mscount_t sync,
				 mach_port_t notify, mach_port_t *previous,
				 mach_msg_type_name_t *previousPoly)
{
	*previous = NULL;
	*previousPoly = MACH_MSG_TYPE_PORT_SEND_ONCE;
	return mach_port_request_notification(task, name, id, sync, notify,
					      previous);
}

/* poly is any right (carried type polyPoly); the stub only checked the
 * descriptor's shape. */
kern_return_t S_mach_port_insert_right(ipc_space_t task, mach_port_name_t name,
				       mach_port_t poly,
				       mach_msg_type_name_t polyPoly)
{
	if (!MACH_MSG_TYPE_PORT_ANY_RIGHT(polyPoly))
		return MIG_BAD_ARGUMENTS;
	return mach_port_insert_right(task, name, poly, polyPoly);
}

kern_return_t S_mach_port_extract_right(ipc_space_t task, mach_port_name_t name,
					mach_msg_type_name_t msgt_name,
					mach_port_t *poly,
					mach_msg_type_name_t *polyPoly)
{
	return mach_port_extract_right(task, name, msgt_name, poly, polyPoly);
}

kern_return_t S_mach_port_get_receive_status(ipc_space_t task,
					     mach_port_name_t name,
					     mach_port_status_t *status)
{
	return mach_port_get_receive_status(task, name, status);
}

kern_return_t S_mach_port_set_seqno(ipc_space_t task, mach_port_name_t name,
				    mach_port_seqno_t seqno)
{
	return mach_port_set_seqno(task, name, seqno);
}

kern_return_t S_mach_port_set_protected_payload(ipc_space_t task,
						mach_port_name_t name,
						rpc_uintptr_t payload)
{
	return mach_port_set_protected_payload(task, name, payload);
}

kern_return_t S_mach_port_clear_protected_payload(ipc_space_t task,
						  mach_port_name_t name)
{
	return mach_port_clear_protected_payload(task, name);
}

/* The request port is host_priv; the space travels as a send right that
 * only names the task (the stub releases it once the call succeeded). */
kern_return_t S_mach_port_set_ktype(host_t host, ipc_space_t task,
				    mach_port_name_t name,
				    mach_port_right_t right,
				    mach_port_ktype_t ktype)
{
	return mach_port_set_ktype(host, task, name, right, ktype);
}

static bool mach_port_demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return mach_port_server(in, out);
}

MODULE_SUBSYSTEM_ROUTINES(mach_port_subsystem, "mach_port",
			  MACH_PORT_SUBSYSTEM_BASE, MACH_PORT_SUBSYSTEM_END,
			  mach_port_demux, mach_port_MAX_REPLY_SIZE,
			  mach_port_server_routines);
