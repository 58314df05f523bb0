/*
 * ipc/msg_copyin.c - stage 1 of a send: the user's message into a kmsg.
 *
 * Copies the message in, checks the size, the header dispositions and
 * every body descriptor, and captures out-of-line regions. Nothing in the
 * sender's space changes here (ipc/msg_translate.c does that).
 *
 * Lock order: called without the kernel lock (copies may fault); the
 * allocators take it themselves.
 */
#include <base/arch.h>
#include <base/kmem.h>
#include <base/string.h>
#include <ipc/kmsg.h>
#include <base/msg_layout.h>
#include <ipc/msg.h>
#include <ipc/ool.h>

/* Remote must be a send disposition; local 0 (with name 0) or one too. */
static mach_msg_return_t check_header(struct ipc_kmsg *kmsg)
{
	mach_msg_header_t *msg = &kmsg->msg;
	mach_msg_type_name_t remote = MACH_MSGH_BITS_REMOTE(msg->msgh_bits);
	mach_msg_type_name_t local = MACH_MSGH_BITS_LOCAL(msg->msgh_bits);
	mach_port_name_t rname = msg->msgh_remote_port;
	mach_port_name_t lname = msg->msgh_local_port;

	if (!MACH_MSG_TYPE_PORT_ANY_SEND(remote))
		return MACH_SEND_INVALID_HEADER;
	if (local == 0 ? lname != MACH_PORT_NULL
		       : !MACH_MSG_TYPE_PORT_ANY_SEND(local))
		return MACH_SEND_INVALID_HEADER;
	/* Only the low 32 bits name a port; the kernel bits are ignored. */
	msg->msgh_remote_port_do_not_use = rname;
	msg->msgh_protected_payload = lname;
	msg->msgh_bits &= MACH_MSGH_BITS_COMPLEX | MACH_MSGH_BITS_PORTS_MASK;
	return MACH_MSG_SUCCESS;
}

/* Check every descriptor; count OOL items and those to deallocate. */
static mach_msg_return_t check_body(struct ipc_kmsg *kmsg, bool *carries,
				    unsigned int *ndealloc)
{
	size_t len = kmsg->hdr.size - sizeof(mach_msg_header_t);
	struct ipc_item it;
	size_t off = 0;

	*carries = false;
	*ndealloc = 0;
	while (off < len) {
		mach_msg_return_t mr =
			ipc_item_parse(ipc_kmsg_body(kmsg), len, &off, &it);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
		if (it.is_port || !it.is_inline)
			*carries = true;
		if (!it.is_inline && it.desc->msgt_deallocate)
			(*ndealloc)++;
	}
	return MACH_MSG_SUCCESS;
}

/* Capture an OOL array of 4-byte names as pointer-sized slots holding
 * names. */
static mach_msg_return_t capture_names(struct ipc_item *it, void **kbuf)
{
	size_t n = it->number;
	uintptr_t uaddr = *(uintptr_t *)it->data;
	uintptr_t *slots;
	uint32_t *names;

	*kbuf = NULL;
	if (n == 0)
		return MACH_MSG_SUCCESS;
	slots = ipc_ool_alloc(n * sizeof(uintptr_t));
	if (slots == NULL)
		return MACH_SEND_NO_BUFFER;
	/* Copy into the upper half, then widen front to back. */
	names = (uint32_t *)(slots + n) - n;
	if (copyin((const void *)uaddr, names, n * sizeof(uint32_t)) != 0) {
		ipc_ool_free(slots, n * sizeof(uintptr_t));
		return MACH_SEND_INVALID_MEMORY;
	}
	for (size_t i = 0; i < n; i++)
		slots[i] = names[i];
	*kbuf = slots;
	return MACH_MSG_SUCCESS;
}

/* Record a region the sender asked to deallocate. */
static void note_dealloc(struct ipc_kmsg *kmsg, struct ipc_item *it,
			 uintptr_t uaddr, bool moved)
{
	unsigned int i = kmsg->ool_src_count++;

	kmsg->ool_src[i] = uaddr;
	kmsg->ool_src_size[i] = moved	      ? 0 /* gone already */
				: it->is_port ? it->number * sizeof(uint32_t)
					      : it->bytes;
}

/*
 * Capture every OOL region: port arrays into kernel buffers, bytes as
 * copy-on-write map copies (ipc/ool.h). On failure, the uncaptured slots
 * are NULL.
 */
static mach_msg_return_t capture_ool(struct ipc_kmsg *kmsg)
{
	size_t len = kmsg->hdr.size - sizeof(mach_msg_header_t);
	mach_msg_return_t mr = MACH_MSG_SUCCESS;
	struct ipc_item it;
	size_t off = 0;

	while (off < len) {
		ipc_item_parse(ipc_kmsg_body(kmsg), len, &off, &it);
		if (it.is_inline)
			continue;
		uintptr_t uaddr = *(uintptr_t *)it.data;
		void *kbuf = NULL;
		struct vm_map_copy *copy = NULL;
		if (mr == MACH_MSG_SUCCESS && it.is_port)
			mr = capture_names(&it, &kbuf);
		else if (mr == MACH_MSG_SUCCESS)
			mr = ipc_ool_copyin(uaddr, it.bytes,
					    it.desc->msgt_deallocate, &copy);
		if (it.is_port)
			*(void **)it.data = kbuf;
		else
			*(struct vm_map_copy **)it.data = copy;
		/* Noted even after a failure: ool_src_count must reach the
		 * count alloc_ool_src sized the arrays for, which is what
		 * ipc_kmsg_drop_ool_src frees (the regions are only removed
		 * once the send is sure). */
		if (it.desc->msgt_deallocate)
			note_dealloc(kmsg, &it, uaddr, ipc_ool_moved(copy));
	}
	return mr;
}

/* Header and body checks; clears COMPLEX when nothing needs care. */
static mach_msg_return_t check_message(struct ipc_kmsg *kmsg,
				       unsigned int *ndealloc)
{
	bool carries;
	mach_msg_return_t mr = check_header(kmsg);

	*ndealloc = 0;
	if (mr != MACH_MSG_SUCCESS ||
	    !(kmsg->hdr.bits & MACH_MSGH_BITS_COMPLEX))
		return mr;
	mr = check_body(kmsg, &carries, ndealloc);
	if (mr == MACH_MSG_SUCCESS && !carries)
		kmsg->hdr.bits &= ~MACH_MSGH_BITS_COMPLEX;
	return mr;
}

static bool alloc_ool_src(struct ipc_kmsg *kmsg, unsigned int n)
{
	if (n == 0)
		return true;
	kmsg->ool_src = kalloc(n * sizeof(uintptr_t));
	kmsg->ool_src_size = kalloc(n * sizeof(size_t));
	if (kmsg->ool_src != NULL && kmsg->ool_src_size != NULL)
		return true;
	kfree(kmsg->ool_src, n * sizeof(uintptr_t));
	kfree(kmsg->ool_src_size, n * sizeof(size_t));
	kmsg->ool_src = NULL;
	kmsg->ool_src_size = NULL;
	return false;
}

mach_msg_return_t ipc_kmsg_get(uintptr_t umsg, mach_msg_size_t send_size,
			       struct ipc_kmsg **kmsgp)
{
	struct ipc_kmsg *kmsg;
	unsigned int ndealloc;
	mach_msg_return_t mr;

	*kmsgp = NULL;
	if (send_size < sizeof(mach_msg_header_t) ||
	    send_size % IPC_MSG_ALIGN != 0)
		return MACH_SEND_MSG_TOO_SMALL;
	/* Too large for a kmsg: GNU Mach reports a message it cannot read
	 * before one it has no room for. */
	if (send_size > IPC_KMSG_MAX_SIZE)
		return ipc_user_readable(umsg, send_size)
			       ? MACH_SEND_NO_BUFFER
			       : MACH_SEND_INVALID_DATA;
	/*
	 * No zero fill: the copyin below writes all send_size bytes of the
	 * message or the kmsg is freed unused. After it no stage makes
	 * msgh_size larger than send_size (translation rewrites port slots
	 * in place; OOL data and port arrays live in buffers of their own),
	 * and a receiver copies out msgh_size bytes only: no byte the kernel
	 * did not write from this message can reach user space.
	 */
	kmsg = ipc_kmsg_alloc_uninit(send_size);
	if (kmsg == NULL)
		return MACH_SEND_NO_BUFFER;
	mr = MACH_SEND_INVALID_DATA;
	if (copyin((const void *)umsg, &kmsg->msg, send_size) == 0) {
		kmsg->hdr.size = send_size;
		mr = check_message(kmsg, &ndealloc);
		if (mr == MACH_MSG_SUCCESS && !alloc_ool_src(kmsg, ndealloc))
			mr = MACH_SEND_NO_BUFFER;
	}
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_free(kmsg);
		return mr;
	}
	if (kmsg->hdr.bits & MACH_MSGH_BITS_COMPLEX)
		mr = capture_ool(kmsg);
	if (mr != MACH_MSG_SUCCESS) {
		ipc_kmsg_destroy(kmsg); /* frees what was captured */
		return mr;
	}
	*kmsgp = kmsg;
	return MACH_MSG_SUCCESS;
}
