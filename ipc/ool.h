/*
 * ipc/ool.h - out-of-line message memory.
 *
 * For now out-of-line regions are copied into kernel buffers on send and
 * into fresh user memory on receive. The VM work replaces these four
 * functions with copy-on-write map copies; nothing else in ipc/ knows how
 * the memory travels.
 *
 * Lock: callable with the kernel lock held (the copies may fault and
 * block, which a section allows).
 */
#ifndef IPC_OOL_H
#define IPC_OOL_H

#include <stddef.h>
#include <stdint.h>
#include <mach/message.h>

/* A kernel buffer of size bytes for an OOL region (NULL for size 0). */
void *ipc_ool_alloc(size_t size);
void ipc_ool_free(void *buf, size_t size);

/*
 * Capture size bytes at user address uaddr of the current task into
 * *kbuf. Returns MACH_MSG_SUCCESS, MACH_SEND_INVALID_MEMORY (bad range)
 * or MACH_SEND_NO_BUFFER.
 */
mach_msg_return_t ipc_ool_copyin(uintptr_t uaddr, size_t size, void **kbuf);
/* msgt_deallocate: remove the sender's region once the send is sure. */
void ipc_ool_release_source(uintptr_t uaddr, size_t size);
/*
 * Give the current task a new region holding the size bytes of kbuf, which
 * is consumed (also on failure). *uaddr = 0 for size 0. Returns
 * MACH_MSG_SUCCESS or MACH_MSG_VM_SPACE (no room in the address space).
 */
mach_msg_return_t ipc_ool_copyout(void *kbuf, size_t size, uintptr_t *uaddr);

#endif /* IPC_OOL_H */
