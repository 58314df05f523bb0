/*
 * ipc/fastpath.h - the fast path of mach_msg (docs/ipc-fastpath.md).
 *
 * The common RPC is a simple message (no body rights, no out-of-line
 * memory) sent to a port whose receiver already waits for it. The fast
 * path copies it once, from the sender's buffer straight into the waiting
 * receiver's, translates the header's rights in place and hands the CPU to
 * the receiver when the sender blocks (waitq_wait_handoff). A kernel call
 * (a message to a kernel-object port) is served in place: the request is
 * copied once onto the kernel stack, served there (ipc/kobject.c), and its
 * simple reply written straight into the caller's receive buffer.
 *
 * Everything else, and any case the fast path is not sure of, goes to the
 * slow path (ipc/mach_msg.c) before anything changed, which then gives the
 * same results (and the same errors) it always gives. Turned off with the
 * kernel command-line word "ipc_fastpath=off" (ipc_fastpath_enabled).
 *
 * Lock order: the kernel lock, held by the callers.
 */
#ifndef IPC_FASTPATH_H
#define IPC_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>
#include <mach/message.h>
#include <base/arch_callbacks.h> /* ipc_fast_mach_msg_trap */

struct ipc_space;

/* Messages up to this size may take the fast path. */
#define IPC_FAST_MAX_SIZE 8192

/* False once the boot command line turned the fast path off. */
extern bool ipc_fastpath_enabled;

/* How many mach_msg calls each case of the fast path completed (tests),
 * but the sends into a waiting receiver: each space counts its own
 * (ipc_space.fast_sends: no line the processors all write). */
struct ipc_fast_stats {
	unsigned long selfs;  /* to the port the sender receives on */
	unsigned long kcalls; /* kernel calls with the reply in place */
};
extern struct ipc_fast_stats ipc_fast_stats;

/* ipc_fast_mach_msg's answer when the general path must run the call. */
#define IPC_FAST_DECLINED (~(uint64_t)0)

/*
 * The mach_msg trap on the fast path, by the current thread, with the
 * trap's first six arguments. Returns the call's result (a
 * mach_msg_return_t) when it is over: done by the fast path, or its
 * receive by the general path after a fast send. Returns
 * IPC_FAST_DECLINED, nothing done, when the general path must run the
 * whole call (with its seventh argument, notify: the fast path takes no
 * call that uses it). Called with interrupts disabled and the kernel lock
 * held; on is the arch_intr token of interrupts enabled, the state the
 * general receive runs in. Returns with interrupts disabled; may block in
 * the receive.
 */
uint64_t ipc_fast_mach_msg(uintptr_t msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout, unsigned long on);

/*
 * On several processors, the kernel lock held shared instead (base/lock.h):
 * the RPC of ipc_fast_mach_msg's common case between tasks (a send and a
 * receive, no timeout, no body to translate, the receiver waiting), under
 * the locks of the two spaces it touches. IPC_FAST_DECLINED, nothing done
 * and the lock still shared, when the caller must take the lock exclusive
 * and call ipc_fast_mach_msg. Otherwise the call's result, returned with
 * the lock held exclusive (the thread blocked in its receive and was
 * resumed). Interrupts disabled; on as for ipc_fast_mach_msg.
 */
uint64_t ipc_fast_mach_msg_shared(uintptr_t msg, mach_msg_option_t option,
				  mach_msg_size_t send_size,
				  mach_msg_size_t rcv_size,
				  mach_port_name_t rcv_name, unsigned long on);

#endif /* IPC_FASTPATH_H */
