/*
 * ipc/kobject_scratch.h - the reply scratch of kernel calls, for
 * ipc/kobject.c and the fast path's kernel calls (ipc/fastpath_kcall.c)
 * only.
 *
 * A demux writes its reply into a MODULE_REPLY_MAX-byte buffer that the
 * calling thread keeps between its kernel calls (thread->kobject_reply:
 * made at its first call, freed with the thread by
 * ipc_kobject_thread_free). A kept scratch is zero past its first
 * reply_bound message bytes (ipc/kmsg.h). Before a call its reply header
 * is written whole (kobject_reply_init); past it, a KernelServer stub (a
 * routine of its subsystem's table, ipc/module.h) clears what it may
 * write when it states its bound (mig_kernel_reply_bound), so the
 * scratch is not cleared for it; for a demux the scratch is cleared
 * before the call (kobject_scratch_clear) and reply_bound records what
 * the demux may have written (ipc/module.h, reply extent). Either way
 * every reply byte a demux does not write is zero, never a byte of an
 * earlier reply.
 *
 * A call that starts while the thread's scratch is in use (one sent during
 * a demux or by the notifications that follow it) finds none kept and
 * makes its own; when both are done one of them is kept, the other freed.
 *
 * Lock order: the kernel lock, held by the callers.
 */
#ifndef IPC_KOBJECT_SCRATCH_H
#define IPC_KOBJECT_SCRATCH_H

#include <stddef.h>
#include <stdint.h>
#include <base/string.h>
#include <base/thread.h>
#include <mach/mig_errors.h>
#include <ipc/kmsg.h>
#include <ipc/module.h>

#define KOBJECT_INLINE static inline __attribute__((always_inline))

/* The message bytes kobject_reply_init writes whole (the header, the
 * RetCode's type, the RetCode and its padding), rounded down to words:
 * not cleared before it does. */
#define SCRATCH_INIT_BYTES                                                     \
	(sizeof(mig_reply_header_t) & ~(sizeof(uint64_t) - 1))
/* A reply larger than this is cleared by memset, a smaller one by word
 * stores (cheaper than the call). */
#define SCRATCH_CLEAR_INLINE 256

typedef uint64_t __attribute__((may_alias)) scratch_word;

/* Zero words w[from, to) (to <= SCRATCH_CLEAR_INLINE / 8), one store each:
 * a jump into a run of stores rather than a loop. */
KOBJECT_INLINE void kobject_clear_words(scratch_word *w, size_t from, size_t to)
{
#define SCRATCH_CLEAR_CASE(n)                                                  \
	case n:                                                                \
		if (from <= (n)-1)                                             \
			w[(n)-1] = 0;                                          \
		else                                                           \
			break;                                                 \
		__attribute__((fallthrough))
	switch (to) {
		SCRATCH_CLEAR_CASE(32);
		SCRATCH_CLEAR_CASE(31);
		SCRATCH_CLEAR_CASE(30);
		SCRATCH_CLEAR_CASE(29);
		SCRATCH_CLEAR_CASE(28);
		SCRATCH_CLEAR_CASE(27);
		SCRATCH_CLEAR_CASE(26);
		SCRATCH_CLEAR_CASE(25);
		SCRATCH_CLEAR_CASE(24);
		SCRATCH_CLEAR_CASE(23);
		SCRATCH_CLEAR_CASE(22);
		SCRATCH_CLEAR_CASE(21);
		SCRATCH_CLEAR_CASE(20);
		SCRATCH_CLEAR_CASE(19);
		SCRATCH_CLEAR_CASE(18);
		SCRATCH_CLEAR_CASE(17);
		SCRATCH_CLEAR_CASE(16);
		SCRATCH_CLEAR_CASE(15);
		SCRATCH_CLEAR_CASE(14);
		SCRATCH_CLEAR_CASE(13);
		SCRATCH_CLEAR_CASE(12);
		SCRATCH_CLEAR_CASE(11);
		SCRATCH_CLEAR_CASE(10);
		SCRATCH_CLEAR_CASE(9);
		SCRATCH_CLEAR_CASE(8);
		SCRATCH_CLEAR_CASE(7);
		SCRATCH_CLEAR_CASE(6);
		SCRATCH_CLEAR_CASE(5);
		SCRATCH_CLEAR_CASE(4);
		SCRATCH_CLEAR_CASE(3);
		SCRATCH_CLEAR_CASE(2);
		SCRATCH_CLEAR_CASE(1);
	default:
		break;
	}
#undef SCRATCH_CLEAR_CASE
}
_Static_assert(SCRATCH_CLEAR_INLINE / sizeof(uint64_t) == 32,
	       "kobject_clear_words' cases");

/* The bytes after SCRATCH_INIT_BYTES that every clear stores whatever
 * dirty says (zero stored on zero changes nothing; the scratch is
 * MODULE_REPLY_MAX bytes): a small reply's clear takes no branch. */
#define SCRATCH_CLEAR_ALWAYS 16

/* Clear the first dirty message bytes of scratch but those
 * kobject_reply_init writes, before it does (dirty <= MODULE_REPLY_MAX). */
KOBJECT_INLINE void kobject_scratch_clear(struct ipc_kmsg *scratch,
					  size_t dirty)
{
	scratch_word *w = (scratch_word *)&scratch->msg;
	const size_t from = SCRATCH_INIT_BYTES + SCRATCH_CLEAR_ALWAYS;

	for (size_t i = SCRATCH_INIT_BYTES / sizeof(*w); i < from / sizeof(*w);
	     i++)
		w[i] = 0;
	if (dirty <= from)
		return;
	if (dirty > SCRATCH_CLEAR_INLINE) {
		memset((char *)w + from, 0, dirty - from);
		return;
	}
	kobject_clear_words(w, from / sizeof(*w),
			    (dirty + sizeof(*w) - 1) / sizeof(*w));
}
_Static_assert((SCRATCH_INIT_BYTES + SCRATCH_CLEAR_ALWAYS) % sizeof(uint64_t) ==
			       0 &&
		       SCRATCH_INIT_BYTES + SCRATCH_CLEAR_ALWAYS <=
			       MODULE_REPLY_MAX,
	       "kobject_scratch_clear's words");

/* Keep scratch (its reply_bound up to date) for the next call of self
 * (freed if self keeps one already). */
KOBJECT_INLINE void kobject_scratch_keep(struct thread *self,
					 struct ipc_kmsg *scratch)
{
	if (self == NULL || self->kobject_reply != NULL) {
		ipc_kmsg_spare_free(scratch);
		return;
	}
	self->kobject_reply = scratch;
}

/* Clear scratch for a demux (not a routine, which clears for itself):
 * what earlier calls may have written. */
KOBJECT_INLINE void kobject_scratch_clear_all(struct ipc_kmsg *scratch)
{
	kobject_scratch_clear(scratch, scratch->reply_bound);
	scratch->reply_bound = 0;
}

/* After the demux of sub (NULL: none) served into scratch, cleared by
 * kobject_scratch_clear_all: record in reply_bound the message bytes it
 * may have written (those under SCRATCH_INIT_BYTES need no clearing:
 * kobject_reply_init writes them). */
KOBJECT_INLINE void kobject_reply_extent(const struct mig_subsystem *sub,
					 struct ipc_kmsg *scratch)
{
	/* A bound it stated (mig_kernel_reply_bound), else the subsystem's. */
	size_t extent = scratch->reply_bound != 0 ? scratch->reply_bound
			: sub != NULL		  ? sub->reply_extent
						  : 0;

	if (scratch->hdr.size > extent)
		extent = scratch->hdr.size;
	scratch->reply_bound =
		extent < MODULE_REPLY_MAX ? extent : MODULE_REPLY_MAX;
}

/* The RetCode's type of every reply (ipc/kobject.c's retcode_type: the
 * kernel's one hand-made descriptor, tests/kernel-msgs.sh). */
extern const mach_msg_type_t *const ipc_kobject_retcode_type;

/*
 * Write in scratch the reply as the demux finds it (ipc/module.h):
 * MIG_BAD_ID, id + 100, sent to reply, a right of type reply_type (a
 * carried type, 16-18). Every byte of mig_reply_header_t is written
 * (kobject_scratch_clear leaves them).
 */
KOBJECT_INLINE void kobject_reply_init(struct ipc_kmsg *scratch,
				       struct port *reply,
				       mach_msg_type_name_t reply_type,
				       mach_msg_id_t id)
{
	mig_reply_header_t *out = (mig_reply_header_t *)&scratch->msg;
	scratch_word *w = (scratch_word *)out;

	/* scratch->internal is set once, when the scratch is made. */
	scratch->hdr.bits = MACH_MSGH_BITS(reply_type, 0);
	scratch->hdr.size = sizeof(mig_reply_header_t);
	scratch->hdr.remote = reply;
	scratch->hdr.local = NULL;
	scratch->hdr.seqno = 0;
	scratch->hdr.id = id + 100;
	/* The last word zeroed (the RetCode and its padding; on i386 the
	 * descriptor too), then the fields: the descriptor covers the bytes
	 * from the header to that word. */
	w[sizeof(*out) / sizeof(*w) - 1] = 0;
	out->RetCodeType = *ipc_kobject_retcode_type;
	out->RetCode = MIG_BAD_ID;
}
_Static_assert(sizeof(mach_msg_header_t) % sizeof(uint64_t) == 0 &&
		       sizeof(mig_reply_header_t) % sizeof(uint64_t) == 0 &&
		       offsetof(mig_reply_header_t, RetCodeType) +
				       sizeof(mach_msg_type_t) >=
			       sizeof(mig_reply_header_t) - sizeof(uint64_t),
	       "kobject_reply_init's words");

/* The routine of sub for id (a KernelServer stub: what its demux would
 * call, ipc/module.h), or NULL: its demux serves id. */
KOBJECT_INLINE mig_routine_t kobject_routine(const struct mig_subsystem *sub,
					     mach_msg_id_t id)
{
	return sub->routines != NULL ? sub->routines[id - sub->base] : NULL;
}

/*
 * Send the reply a demux left in scratch (not a kmsg of the caller's)
 * the way ipc_kobject_server sends it: in a kmsg of its own size, scratch
 * kept by self (or in scratch itself when memory is short).
 */
void ipc_kobject_scratch_send(struct thread *self, struct ipc_kmsg *scratch);

#endif /* IPC_KOBJECT_SCRATCH_H */
