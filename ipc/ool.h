/*
 * ipc/ool.h - out-of-line message memory.
 *
 * What a kmsg's OOL slot holds, in both formats (ipc/kmsg.h):
 *
 *	bytes       a struct vm_map_copy * (vm/vm_map_copy.h), NULL for 0
 *	            bytes. From a user sender: a copy-on-write snapshot of
 *	            its range, taken at send; on receive it is mapped into
 *	            the receiver (vm_map_copyout), never copied. From a
 *	            kernel server: a buffer from ipc_ool_alloc turned into a
 *	            copy with ipc_ool_buffer_copy, or any copy it made
 *	            (vm_read's is copy-on-write too).
 *	port array  a kernel buffer (ipc_ool_alloc) of 8-byte slots: names
 *	            in EXTERNAL format, referenced ports in INTERNAL format.
 *
 * Lock: callable with the kernel lock held or not (vm/ takes it itself;
 * the copies may fault and block, which a section allows).
 */
#ifndef IPC_OOL_H
#define IPC_OOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mach/message.h>
#include <vm/vm_map_copy.h>

struct vm_map;

/*
 * A zero-filled kernel buffer of size bytes (NULL for size 0 or when
 * memory is short). It lives inside a kernel-buffer vm_map_copy, so
 * ipc_ool_buffer_copy can hand it to a message without copying or
 * failing.
 */
void *ipc_ool_alloc(size_t size);
/* Free a buffer from ipc_ool_alloc (NULL allowed; size as allocated). */
void ipc_ool_free(void *buf, size_t size);
/*
 * The vm_map_copy that carries buf (from ipc_ool_alloc; NULL gives NULL)
 * as the data of an OOL byte item: put it in the item's slot. The buffer
 * now belongs to the copy (and so to the message). Never fails.
 */
struct vm_map_copy *ipc_ool_buffer_copy(void *buf);

/*
 * Capture size bytes at user address uaddr of the current task into
 * *copy (NULL for size 0): copy-on-write, or with dealloc
 * (msgt_deallocate) by moving the region's pages out of the task
 * (vm_map_copyin; ipc_ool_moved then tells). Returns MACH_MSG_SUCCESS,
 * MACH_SEND_INVALID_MEMORY (a hole, unreadable, outside the address
 * space) or MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t ipc_ool_copyin(uintptr_t uaddr, size_t size, bool dealloc,
				 struct vm_map_copy **copy);
/* Did ipc_ool_copyin move the region (nothing left to release)? */
bool ipc_ool_moved(const struct vm_map_copy *copy);
/* A send that fails before it is sure: a moved region goes back to the
 * sender (the current task) where it was, if that range is still free;
 * else, and for any other copy, as ipc_ool_discard. */
void ipc_ool_unsend(struct vm_map_copy *copy);
/* msgt_deallocate: remove the sender's region once the send is sure
 * (regions that were not moved at capture; size 0: nothing). */
void ipc_ool_release_source(uintptr_t uaddr, size_t size);
/*
 * Map copy (consumed, also on failure) into the current task at an
 * address the kernel chooses: *uaddr the data's address, 0 for a NULL
 * copy. Returns MACH_MSG_SUCCESS or MACH_MSG_VM_SPACE (no room; then
 * *uaddr = 0).
 */
mach_msg_return_t ipc_ool_copyout(struct vm_map_copy *copy, uintptr_t *uaddr);
/* Is [uaddr, uaddr + size) mapped readable in the current task (no
 * page is touched)? Lock not held. */
bool ipc_user_readable(uintptr_t uaddr, size_t size);
/* Destroy an OOL byte item's copy that will not be received. */
void ipc_ool_discard(struct vm_map_copy *copy);

/*
 * The fast path's out-of-line send (ipc/fastpath.c), to a receiver that
 * is already waiting: the message body (a kernel copy of the sender's,
 * len bytes, 8-aligned) must be exactly one out-of-line byte item with
 * msgt_deallocate, and its region moves straight from the current task's
 * map into dst, the receiver's (vm_map_move_*): no copy object, no page
 * touched. What the receiver gets is what the slow path would give it
 * (ipc_ool_copyin's move then ipc_ool_copyout).
 *
 * ipc_ool_fast_prepare checks all that and finds the receiver's address,
 * which it writes into the body's address slot (the receiver reads the
 * body as it is then; msgt_deallocate stays set, as on any received
 * region). false, with nothing changed that a task can see, when the
 * case is not this one: also when the region cannot move as it is, or
 * when sender and receiver share the map and the receiver's buffer
 * [rbuf, rbuf + rsize) lies in the region. The slow path then sends, with
 * its own results. ipc_ool_fast_commit moves the region; it never fails.
 * Kernel lock held for both, and from one to the other.
 */
#define IPC_OOL_FAST_BODY 16 /* bytes: one descriptor and its address */
struct ipc_ool_fast {
	struct vm_map_move mv;
};
bool ipc_ool_fast_prepare(uint8_t *body, size_t len, struct vm_map *dst,
			  uintptr_t rbuf, size_t rsize, struct ipc_ool_fast *f);
void ipc_ool_fast_commit(const struct ipc_ool_fast *f);

#endif /* IPC_OOL_H */
