/*
 * ipc/mach_port.h - the mach_port interface (mach_port.defs,
 * subsystem 3200) as kernel functions on a name space.
 *
 * The argument lists follow mach_port.defs, with ipc_space_t as struct
 * ipc_space *, port rights (mach_port_send_once_t, mach_port_poly_t) as
 * referenced struct port * (with their carried type for poly), and
 * out-of-line arrays as kernel buffers from ipc_ool_alloc (freed by the
 * message path when the reply is delivered). Rights passed in are
 * consumed only on KERN_SUCCESS. Error codes are GNU Mach's.
 *
 * Each function takes the kernel lock itself (enters a critical section,
 * base/lock.h), but those named _locked, for the KernelServer routines.
 */
#ifndef MODULES_MACH3_MACH_PORT_H
#define MODULES_MACH3_MACH_PORT_H

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/port.h>

struct ipc_space;
struct port;
struct host;

/* mach_port_set_ktype's ktype values (ABI sheet §6.1). */
#ifndef MACH_PORT_KTYPE_NONE
#define MACH_PORT_KTYPE_NONE ((mach_port_ktype_t)0)
#endif
#ifndef MACH_PORT_KTYPE_USER_DEVICE
#define MACH_PORT_KTYPE_USER_DEVICE ((mach_port_ktype_t)28)
#endif

kern_return_t mach_port_names(struct ipc_space *space, mach_port_name_t **names,
			      mach_msg_type_number_t *namesCnt,
			      mach_port_type_t **types,
			      mach_msg_type_number_t *typesCnt);
kern_return_t mach_port_type(struct ipc_space *space, mach_port_name_t name,
			     mach_port_type_t *ptype);
/* The same inside the caller's critical section (splhigh, base/lock.h:
 * a KernelServer routine's, ipc/module.h), without a nested one. */
kern_return_t mach_port_type_locked(struct ipc_space *space,
				    mach_port_name_t name,
				    mach_port_type_t *ptype);
kern_return_t mach_port_rename(struct ipc_space *space,
			       mach_port_name_t old_name,
			       mach_port_name_t new_name);
kern_return_t mach_port_allocate_name(struct ipc_space *space,
				      mach_port_right_t right,
				      mach_port_name_t name);
kern_return_t mach_port_allocate(struct ipc_space *space,
				 mach_port_right_t right,
				 mach_port_name_t *name);
kern_return_t mach_port_destroy(struct ipc_space *space, mach_port_name_t name);
kern_return_t mach_port_deallocate(struct ipc_space *space,
				   mach_port_name_t name);
kern_return_t mach_port_get_refs(struct ipc_space *space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_urefs_t *refs);
kern_return_t mach_port_mod_refs(struct ipc_space *space, mach_port_name_t name,
				 mach_port_right_t right,
				 mach_port_delta_t delta);
/* The same inside the caller's critical section (as
 * mach_port_type_locked). */
kern_return_t mach_port_mod_refs_locked(struct ipc_space *space,
					mach_port_name_t name,
					mach_port_right_t right,
					mach_port_delta_t delta);
kern_return_t mach_port_set_qlimit(struct ipc_space *space,
				   mach_port_name_t name,
				   mach_port_msgcount_t qlimit);
kern_return_t mach_port_set_mscount(struct ipc_space *space,
				    mach_port_name_t name,
				    mach_port_mscount_t mscount);
kern_return_t mach_port_get_set_status(struct ipc_space *space,
				       mach_port_name_t name,
				       mach_port_name_t **members,
				       mach_msg_type_number_t *membersCnt);
kern_return_t mach_port_move_member(struct ipc_space *space,
				    mach_port_name_t member,
				    mach_port_name_t after);
kern_return_t
mach_port_request_notification(struct ipc_space *space, mach_port_name_t name,
			       mach_msg_id_t id, mach_port_mscount_t sync,
			       struct port *notify, struct port **previous);
kern_return_t mach_port_insert_right(struct ipc_space *space,
				     mach_port_name_t name, struct port *poly,
				     mach_msg_type_name_t polyPoly);
kern_return_t mach_port_extract_right(struct ipc_space *space,
				      mach_port_name_t name,
				      mach_msg_type_name_t msgt_name,
				      struct port **poly,
				      mach_msg_type_name_t *polyPoly);
kern_return_t mach_port_get_receive_status(struct ipc_space *space,
					   mach_port_name_t name,
					   mach_port_status_t *status);
kern_return_t mach_port_set_seqno(struct ipc_space *space,
				  mach_port_name_t name,
				  mach_port_seqno_t seqno);
kern_return_t mach_port_set_protected_payload(struct ipc_space *space,
					      mach_port_name_t name,
					      uint64_t payload);
kern_return_t mach_port_clear_protected_payload(struct ipc_space *space,
						mach_port_name_t name);
/*
 * Tag the receive right name with a kernel type (MACH_PORT_KTYPE_NONE or
 * MACH_PORT_KTYPE_USER_DEVICE); the port stays an ordinary port whose
 * messages are queued. host_priv is the privileged host object (NULL:
 * KERN_INVALID_HOST). Errors: KERN_INVALID_TASK, KERN_INVALID_VALUE (right
 * is not MACH_PORT_RIGHT_RECEIVE, unknown ktype), KERN_INVALID_NAME,
 * KERN_INVALID_RIGHT.
 */
kern_return_t mach_port_set_ktype(struct host *host_priv,
				  struct ipc_space *space,
				  mach_port_name_t name,
				  mach_port_right_t right,
				  mach_port_ktype_t ktype);

#endif /* MODULES_MACH3_MACH_PORT_H */
