/*
 * ipc/kmsg.h - kernel messages and their body items.
 *
 * A kmsg holds one message in the kernel, in one of two formats:
 *
 *	EXTERNAL  as copied in from user space and checked: port rights are
 *	          names; out-of-line bytes already captured as copy-on-write
 *	          struct vm_map_copy pointers (ipc/ool.h), OOL port arrays
 *	          in kernel buffers widened to pointer-sized slots that still
 *hold names INTERNAL  rights translated: every port slot (header, inline, OOL
 *	          array) holds a referenced struct port * (or NULL/PORT_DEAD)
 *	          and its descriptor's msgt_name is the carried type (16-18)
 *
 * The body layout is the wire layout of the ABI sheet §4 in both formats,
 * so msgh_size is the same for sender and receiver.
 *
 * Links: a queued kmsg is owned by its port's queue (strong); the rights
 * it carries are strong references.
 *
 * Lock order: the kernel lock; functions are called with it held unless
 * their comment says otherwise.
 */
#ifndef IPC_KMSG_H
#define IPC_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/list.h>
#include <mach/message.h>

struct port;
struct ipc_space;

/* The header in internal format: the same offsets, ports as pointers. */
struct ipc_kmsg_header {
	mach_msg_bits_t bits;
	mach_msg_size_t size;
	struct port *remote;
	union {
		struct port *local;
		unsigned long payload; /* msgh_protected_payload's type */
	};
	mach_msg_seqno_t seqno;
	mach_msg_id_t id;
};
_Static_assert(sizeof(struct ipc_kmsg_header) == sizeof(mach_msg_header_t),
	       "internal header");
_Static_assert(__builtin_offsetof(struct ipc_kmsg_header, remote) ==
		       __builtin_offsetof(mach_msg_header_t, msgh_remote_port),
	       "");
_Static_assert(__builtin_offsetof(struct ipc_kmsg_header, local) ==
		       __builtin_offsetof(mach_msg_header_t, msgh_local_port),
	       "");
_Static_assert(__builtin_offsetof(struct ipc_kmsg_header, id) ==
		       __builtin_offsetof(mach_msg_header_t, msgh_id),
	       "");

/* Largest message accepted (above: MACH_SEND_NO_BUFFER, or
 * MACH_SEND_INVALID_DATA if the buffer cannot be read). */
#define IPC_KMSG_MAX_SIZE (1024 * 1024)

struct ipc_kmsg {
	struct list node;  /* on port->messages */
	uint64_t stamp;	   /* arrival order, for port sets */
	size_t alloc_size; /* buffer bytes (>= hdr.size) */
	bool internal;	   /* format, see above */
	/*
	 * A pending msg-accepted request (MACH_SEND_NOTIFY on a full queue),
	 * all set or all clear, only on an INTERNAL kmsg: the send-once
	 * right to notify, the destination name it reports, the notification
	 * itself (reserved at send, so it is never lost for memory), and the
	 * sender's space (strong). A queued kmsg with these set is the
	 * request: there is at most one per (sender space, destination port),
	 * see ipc_mqueue_accept_pending.
	 */
	struct port *accept_notify;
	mach_port_name_t accept_name;
	struct ipc_kmsg *accept_msg;
	struct ipc_space *accept_space;
	uintptr_t *ool_src;   /* EXTERNAL: user regions to remove */
	size_t *ool_src_size; /*   (msgt_deallocate) once sent */
	unsigned int ool_src_count;
	/* A kernel call's reply scratch (ipc/kobject_scratch.h): how far
	 * its message bytes may be non-zero (the largest bound a stub
	 * stated, mig_kernel_reply_bound; what a demux may have written; 0:
	 * none past the reply header). */
	mach_msg_size_t reply_bound;
	union {
		struct ipc_kmsg_header hdr;
		mach_msg_header_t msg;
	} __attribute__((aligned(8)));
	/* body follows */
};

/* One item of a message body, as the walker sees it. */
struct ipc_item {
	mach_msg_type_t *desc; /* the descriptor in the kmsg */
	unsigned int name;     /* msgt_name */
	bool is_port;	       /* name is 16..21 (or 16..18 internal) */
	bool is_inline;
	uint64_t number; /* elements */
	uint64_t bytes;	 /* data bytes (number * size bits / 8) */
	void *data;	 /* inline: the data; OOL: the pointer slot */
};

/* Boot: set up the counters (ipc_init). */
void ipc_kmsg_init(void);

/* A kmsg able to hold size bytes of message, zeroed; NULL if no memory. */
struct ipc_kmsg *ipc_kmsg_alloc(size_t size);
/*
 * As ipc_kmsg_alloc, but only the kmsg's own fields (those before msg) are
 * cleared: the message bytes hold whatever the memory held before. For a
 * caller that fills every message byte it will ever read or copy out
 * (ipc_kmsg_get, which copies the whole message in).
 */
struct ipc_kmsg *ipc_kmsg_alloc_uninit(size_t size);
/*
 * A buffer kept aside for reuse (ipc/kobject.c's per-thread reply
 * scratch): a zeroed kmsg for size bytes that ipc_kmsg_count does not
 * count, until ipc_kmsg_spare_use makes it a message like any other (freed
 * by ipc_kmsg_free or ipc_kmsg_destroy); ipc_kmsg_spare_free frees an
 * unused one (NULL: nothing).
 */
struct ipc_kmsg *ipc_kmsg_spare_alloc(size_t size);
void ipc_kmsg_spare_use(struct ipc_kmsg *kmsg);
void ipc_kmsg_spare_free(struct ipc_kmsg *kmsg);
/*
 * Free a kmsg. EXTERNAL: frees the captured OOL buffers. INTERNAL: also
 * releases every right it carries (sending the notifications that
 * follow). The kmsg must not be queued.
 */
void ipc_kmsg_destroy(struct ipc_kmsg *kmsg);
/* Drop kmsg's pending msg-accepted request, if any (the send-once right
 * is released: its holder gets a send-once notification instead). */
void ipc_kmsg_accept_drop(struct ipc_kmsg *kmsg);
/* Release the body's rights and memory; the kmsg keeps its header only. */
void ipc_kmsg_destroy_body(struct ipc_kmsg *kmsg);
/* Forget the list of sender regions to deallocate (ool_src). */
void ipc_kmsg_drop_ool_src(struct ipc_kmsg *kmsg);
/* Free the buffer only (rights and OOL memory already handed over). */
void ipc_kmsg_free(struct ipc_kmsg *kmsg);

/* The kmsg whose message msg is. */
static inline struct ipc_kmsg *ipc_kmsg_of_msg(mach_msg_header_t *msg)
{
	return (struct ipc_kmsg *)((char *)msg -
				   offsetof(struct ipc_kmsg, msg));
}

/* A kernel call's reply buffer out (the message of a reply scratch kmsg)
 * may be written up to bytes (ipc/mig_kernel.h, mig_kernel_reply_bound):
 * raise its reply_bound to that. */
static inline void ipc_kmsg_reply_bound(mach_msg_header_t *out,
					mach_msg_size_t bytes)
{
	struct ipc_kmsg *k = ipc_kmsg_of_msg(out);

	if (bytes > k->reply_bound)
		k->reply_bound = bytes;
}

/* The body: bytes [32, size) of the message. */
static inline uint8_t *ipc_kmsg_body(struct ipc_kmsg *kmsg)
{
	return (uint8_t *)&kmsg->msg + sizeof(mach_msg_header_t);
}

/*
 * Parse the item at *off (relative to the body) of a body of len bytes;
 * advance *off. Checks the descriptor (returns MACH_SEND_MSG_TOO_SMALL,
 * MACH_SEND_INVALID_TYPE or MACH_MSG_SUCCESS); the caller interprets it.
 */
mach_msg_return_t ipc_item_parse(uint8_t *body, size_t len, size_t *off,
				 struct ipc_item *it);
/* Call fn on every item of a checked kmsg body, in order. */
void ipc_kmsg_for_each_item(struct ipc_kmsg *kmsg,
			    void (*fn)(struct ipc_item *, void *), void *arg);

/* The port slots of a port item (pointer-sized: 8 bytes on x86_64, 4 on
 * i386): inline slots or the OOL array. */
static inline uintptr_t *ipc_item_slots(const struct ipc_item *it)
{
	return it->is_inline ? (uintptr_t *)it->data : *(uintptr_t **)it->data;
}

/*
 * INTERNAL kmsgs carrying receive rights: does one of them make a cycle
 * with the destination (ipc_port_circular)? And, when the kmsg is queued on
 * port, record port as the destination of each receive right it carries.
 */
bool ipc_kmsg_circular(struct ipc_kmsg *kmsg);
void ipc_kmsg_set_destination(struct ipc_kmsg *kmsg, struct port *port);

/* Number of kmsgs alive: queued or in flight (leak checks). */
unsigned long ipc_kmsg_count(void);

#endif /* IPC_KMSG_H */
