/*
 * ipc/mig_kernel.h - the runtime of the kernel's MIG server stubs.
 *
 * The stubs mig/ generates for a KernelServer subsystem (mig/README.md,
 * "Kernel servers") run on messages in the kernel's internal format
 * (ipc/kmsg.h): every port slot, in the header and in the body, holds a
 * referenced struct port pointer. Here, and only in files that include
 * this header first, mach_port_t is that pointer (the MACH_KERNEL_PORT_T
 * hook of <mach/port.h>), and the object types of mach_types.defs are
 * kernel object pointers.
 *
 * Translations (intran/outtran/destructor of mach_types.defs):
 *
 *	convert_port_to_T(port)   the object behind a kernel-object port of
 *	                          T's kind, with a new reference for the
 *	                          caller, or NULL (any other port, dead, NULL)
 *	T_deallocate(obj)         drop that reference (NULL is ignored)
 *	convert_T_to_port(obj)    consumes the object reference; returns a new
 *	                          send right to the object's port (a
 *	                          reference the reply message takes over), or
 *	                          NULL (MACH_PORT_NULL in the reply)
 *
 * Rights: the right carried by a request argument that was translated is
 * released by the stub once the call succeeded (mig_kernel_release_right);
 * a right passed as a port (mach_port_t argument) belongs to the server
 * function when it returns KERN_SUCCESS, else it stays in the request,
 * which the IPC layer destroys. A right the function returns for the
 * reply is a new one (ipc_port_make_send, ipc_port_copy_send, ...): the reply
 * carries it. Out-of-line request buffers are freed by the stub after a
 * success; out-of-line reply buffers come from ipc_ool_alloc (port arrays:
 * one 8-byte slot per right).
 *
 * Lock: everything here runs with the kernel lock held (ipc/module.h).
 */
#ifndef KERN_MIG_KERNEL_H
#define KERN_MIG_KERNEL_H

#define MACH_KERNEL_PORT_T 1

struct port;
struct task;
struct thread;
struct host;
struct processor;
struct processor_set;
struct ipc_space;
struct vm_object;

typedef struct port *mach_port_t;
typedef mach_port_t *mach_port_array_t;

#include <stdint.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>
#include <mach/time_value.h>
#include <base/task.h>
#include <ipc/kmsg.h>
#include <ipc/kobject.h>
#include <ipc/module.h>
#include <ipc/space.h>

_Static_assert(sizeof(mach_port_t) == sizeof(mach_port_name_inlined_t),
	       "a kernel mach_port_t fills an inline port slot");

/* ---- The kernel's object types of mach_types.defs ------------------- */

typedef struct task *task_t;
typedef struct task *vm_task_t;
typedef struct thread *thread_t;
typedef struct host *host_t;
typedef struct host *host_priv_t;
typedef struct processor *processor_t;
typedef struct processor_set *processor_set_t;
typedef struct processor_set *processor_set_name_t;
typedef struct ipc_space *ipc_space_t;
typedef struct vm_object *vm_object_t;
typedef struct port *ipc_port_t;

/* Arrays of rights in replies: 8-byte slots of send rights. */
typedef mach_port_t *task_array_t;
typedef mach_port_t *thread_array_t;
typedef mach_port_t *processor_array_t;
typedef mach_port_t *processor_set_array_t;
typedef mach_port_t *processor_set_name_array_t;

typedef mach_port_t memory_object_t;
typedef mach_port_t memory_object_control_t;
typedef mach_port_t memory_object_name_t;
typedef mach_port_t *memory_object_array_t;

/* ---- Stub runtime --------------------------------------------------- */

/* The request port: the header's remote slot (the internal format is
 * not swapped). */
static inline mach_port_t mig_kernel_request_port(const mach_msg_header_t *in)
{
	return ((const struct ipc_kmsg_header *)in)->remote;
}

/* The reply right, which the IPC layer has moved into the reply. */
static inline mach_port_t mig_kernel_reply_port(const mach_msg_header_t *out)
{
	return ((const struct ipc_kmsg_header *)out)->remote;
}

/* Release a right of carried type (16-18) that a request carried. */
void mig_kernel_release_right(mach_port_t port, mach_msg_type_name_t type);
/* Dispose of the out-of-line data of a request's byte item: the internal
 * format holds a struct vm_map_copy * (ipc/ool.h); size is unused. */
void mig_kernel_ool_free(void *data, vm_size_t size);
/* Free the slot array of an out-of-line port item of a request (its
 * count rights already consumed by the function). */
void mig_kernel_ool_ports_free(void *slots, mach_msg_type_number_t count);

/*
 * Every KernelServer stub says, before it writes its reply past the
 * mig_reply_header_t and before it calls its function, how far its reply
 * may be written for this request (the function keeping to its contract:
 * an out-array no longer than the capacity it is given; the reply's size
 * no more than bytes). out is the reply buffer the IPC layer passed to
 * the demux (the message of an ipc_kmsg, ipc/module.h), which may hold
 * an earlier reply's bytes past the reply header: they are cleared here,
 * up to bytes (at most the buffer's MODULE_REPLY_MAX), so that every
 * reply byte the stub does not write is zero (ipc/kobject_scratch.h).
 */
static inline void mig_kernel_reply_bound(mach_msg_header_t *out,
					  mach_msg_size_t bytes)
{
	if (bytes > MODULE_REPLY_MAX)
		bytes = MODULE_REPLY_MAX;
	if (bytes > sizeof(mig_reply_header_t))
		__builtin_memset((char *)out + sizeof(mig_reply_header_t), 0,
				 bytes - sizeof(mig_reply_header_t));
	ipc_kmsg_reply_bound(out, bytes);
}

/* ---- Client stub runtime (KernelUser, mig/README.md) ----------------- */

/*
 * The kernel as a MIG client: the stubs of a KernelUser subsystem build
 * their request in an INTERNAL kmsg. Rights follow the disposition of each
 * port argument: MOVE_* hands over a right the caller holds (consumed, also
 * when the stub fails), COPY_SEND/MAKE_SEND/MAKE_SEND_ONCE make a new one
 * from the port (the caller's references untouched). An out-of-line
 * argument is a struct vm_map_copy * the message takes over (consumed in
 * all cases). Lock: the kernel lock held; mig_kernel_rpc blocks.
 */

/* A zeroed INTERNAL kmsg for size bytes of message: its header, or NULL
 * when memory is short. */
mach_msg_header_t *mig_kernel_request_alloc(mach_msg_size_t size);
/*
 * A stub's request in two steps (a simpleroutine's NAME_alloc and
 * NAME_pack, mig/README.md): its buffer taken ahead, so that sending
 * cannot fail for memory later, and packed when the arguments are known.
 * An unsent request goes back with one of these: _free for a buffer not
 * packed (it holds nothing), _destroy for a packed one (its rights and
 * memory are released as a message's are: ipc_kmsg_destroy).
 */
void mig_kernel_request_free(mach_msg_header_t *request);
void mig_kernel_request_destroy(mach_msg_header_t *request);
/* The right a port argument of disposition disp puts in the message. */
mach_port_t mig_kernel_copyin_right(mach_port_t port,
				    mach_msg_type_name_t disp);
/* The message could not be built: release a MOVE_* argument's right. */
void mig_kernel_consume_right(mach_port_t port, mach_msg_type_name_t disp);
/* Deliver a simpleroutine's request (consumed): KERN_SUCCESS. */
kern_return_t mig_kernel_send(mach_msg_header_t *request);
/*
 * Send a routine's request (consumed) with kernel_rpc (kern/kernel_rpc.h)
 * and copy the reply, which must carry no rights or memory, into
 * reply[0..size): MACH_MSG_SUCCESS, kernel_rpc's error, or
 * MACH_RCV_TOO_LARGE for a reply over size bytes. A reply with rights or
 * memory is freed after the copy (the stub's checks refuse it). Blocks.
 */
mach_msg_return_t mig_kernel_rpc(mach_msg_header_t *request,
				 mach_msg_header_t *reply,
				 mach_msg_size_t size);

/* The type a disposition's right has in the message (16-18). */
static inline mach_msg_type_name_t
mig_kernel_carried_type(mach_msg_type_name_t disp)
{
	switch (disp) {
	case MACH_MSG_TYPE_COPY_SEND:
	case MACH_MSG_TYPE_MAKE_SEND:
		return MACH_MSG_TYPE_PORT_SEND;
	case MACH_MSG_TYPE_MAKE_SEND_ONCE:
		return MACH_MSG_TYPE_PORT_SEND_ONCE;
	default:
		return disp;
	}
}

/* The request's destination (a right of the header's remote type). */
static inline void mig_kernel_set_remote(mach_msg_header_t *h, mach_port_t port)
{
	((struct ipc_kmsg_header *)h)->remote = port;
	((struct ipc_kmsg_header *)h)->local = NULL;
}

/* ---- Translations ---------------------------------------------------- */

task_t convert_port_to_task(mach_port_t port);
void task_deallocate(task_t task);
mach_port_t convert_task_to_port(task_t task);

thread_t convert_port_to_thread(mach_port_t port);
void thread_deallocate(thread_t thread);
mach_port_t convert_thread_to_port(thread_t thread);

/* The task's name space, referenced (ipc_space_unref). */
static inline ipc_space_t convert_port_to_space(mach_port_t port)
{
	struct task *task = ipc_kobject_port_object(port, KOBJ_TASK);

	if (task == NULL || task->space == NULL)
		return NULL;
	return ipc_space_ref_held(task->space); /* the task holds one */
}

static inline void space_deallocate(ipc_space_t space)
{
	if (space != NULL)
		ipc_space_unref_held(space); /* convert_port_to_space's */
}

/* The host: the unprivileged port or the privileged one; host_priv: only
 * the privileged one. The host lives forever (no references). */
host_t convert_port_to_host(mach_port_t port);
host_t convert_port_to_host_priv(mach_port_t port);
mach_port_t convert_host_to_port(host_t host);

/* Processors and sets live forever (no references). */
processor_t convert_port_to_processor(mach_port_t port);
mach_port_t convert_processor_to_port(processor_t processor);
processor_set_t convert_port_to_pset(mach_port_t port);
processor_set_t convert_port_to_pset_name(mach_port_t port);
mach_port_t convert_pset_to_port(processor_set_t pset);
mach_port_t convert_pset_name_to_port(processor_set_t pset);
void pset_deallocate(processor_set_t pset);

/*
 * Memory objects: null_conversion passes a memory_object right through;
 * vm_object_lookup gives the VM object of a memory-object control port
 * (KOBJ_MEMORY_OBJECT_CONTROL) with a reference that
 * vm_object_deallocate drops; vm_object_lookup_name the same for a
 * memory object name port (KOBJ_MEMORY_OBJECT_NAME, vm_region's), NULL
 * for any other port.
 */
ipc_port_t null_conversion(mach_port_t port);
vm_object_t vm_object_lookup(mach_port_t port);
vm_object_t vm_object_lookup_name(mach_port_t port);
void vm_object_deallocate(vm_object_t object);

/* time_value_t has the user layout in the kernel too. */
static inline time_value_t convert_time_value_from_user(rpc_time_value_t tv)
{
	return tv;
}

static inline rpc_time_value_t convert_time_value_to_user(time_value_t tv)
{
	return tv;
}

#endif /* KERN_MIG_KERNEL_H */
