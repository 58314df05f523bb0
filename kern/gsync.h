/*
 * kern/gsync.h - gsync: futex-like waits on user memory words (gnumach.defs
 * 4204-4206).
 *
 * A waiter sleeps on a key until woken, until its timeout passes, or until
 * it is interrupted. Keys: by default (the task's map, address): private
 * to one task; with GSYNC_SHARED (the VM object, offset) of the page
 * mapped at address, so that tasks sharing memory meet on the same key
 * whatever address each maps it at.
 *
 * Addresses: 4-byte aligned (8 with GSYNC_QUAD), mapped in the task;
 * otherwise KERN_INVALID_ADDRESS.
 *
 * Lock order: the kernel lock only; each function takes it itself
 * (callable with it held or not). gsync_wait blocks.
 */
#ifndef KERN_GSYNC_H
#define KERN_GSYNC_H

#include <stdbool.h>
#include <stdint.h>
#include <mach/kern_return.h>

struct task;

/* Flags (the values glibc's lowlevellock uses). */
#define GSYNC_SHARED	0x01 /* key by memory object, not by task */
#define GSYNC_QUAD	0x02 /* a 64-bit word: val1 low half, val2 high */
#define GSYNC_TIMED	0x04 /* msec is a timeout */
#define GSYNC_BROADCAST 0x08 /* wake every waiter, not one */
#define GSYNC_MUTATE	0x10 /* gsync_wake stores val at addr first */

/* Boot: set up the table (before any user task runs; idempotent). */
void gsync_init(void);

/*
 * If the word at addr in task equals val1 (with GSYNC_QUAD: the 64-bit
 * word equals val2:val1), sleep on its key. Returns KERN_SUCCESS (woken),
 * KERN_INVALID_ADDRESS, KERN_INVALID_ARGUMENT (the value differs),
 * KERN_TIMEDOUT (GSYNC_TIMED and msec passed) or KERN_INTERRUPTED
 * (thread_abort, termination).
 */
kern_return_t gsync_wait(struct task *task, uintptr_t addr, uint32_t val1,
			 uint32_t val2, uint32_t msec, int flags);
/*
 * Wake one waiter of the key of addr (every waiter with GSYNC_BROADCAST);
 * with GSYNC_MUTATE, first store val at addr. KERN_SUCCESS or
 * KERN_INVALID_ADDRESS (nothing done).
 */
kern_return_t gsync_wake(struct task *task, uintptr_t addr, uint32_t val,
			 int flags);
/*
 * Move the waiters of src's key to dst's key, waking one of them first
 * when wake_one. KERN_SUCCESS or KERN_INVALID_ADDRESS.
 */
kern_return_t gsync_requeue(struct task *task, uintptr_t src, uintptr_t dst,
			    bool wake_one, int flags);

#endif /* KERN_GSYNC_H */
