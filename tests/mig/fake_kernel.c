/* tests/mig/fake_kernel.c - see fake_kernel.h. */
#include "fake_kernel.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

fk_demux_t fk_demux;
mach_msg_header_t *fk_last_request;
int fk_reply_port_deallocs;

/* ---- The MIG runtime (§5.4) -------------------------------------------- */

mach_port_t mig_get_reply_port(void)
{
	return FK_REPLY_PORT;
}

void mig_put_reply_port(mach_port_t port)
{
	(void)port;
}

void mig_dealloc_reply_port(mach_port_t port)
{
	(void)port;
	fk_reply_port_deallocs++;
}

void mig_allocate(vm_address_t *addr, vm_size_t size)
{
	*addr = (vm_address_t)malloc(size);
}

void mig_deallocate(vm_address_t addr, vm_size_t size)
{
	(void)size;
	free((void *)addr);
}

vm_size_t mig_strncpy(char *dst, const char *src, vm_size_t len)
{
	vm_size_t i;
	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

/* ---- Kernel behaviour ---------------------------------------------------- */

/* The type a right is carried as (§3.3). */
static unsigned carried(unsigned disp)
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

/* An out-of-line region moves to a new "mapping" the receiver owns. */
static void move_ool(mach_msg_type_t *t, void **ptr)
{
	size_t len = ((size_t)t->msgt_number * t->msgt_size + 7) / 8;
	void *copy = malloc(len ? len : 1);
	if (len)
		memcpy(copy, *ptr, len);
	if (t->msgt_deallocate)
		free(*ptr);
	*ptr = copy;
	t->msgt_deallocate = 1;
}

/*
 * Copyin + copyout of the body of a COMPLEX message; a simple one is only
 * checked. Inline data with the deallocate bit is refused by the kernel
 * (MACH_SEND_INVALID_TYPE, ABI sheet §4.2): MIG never sends it.
 */
static void translate_body(mach_msg_header_t *m, int complex)
{
	char *p = (char *)m + sizeof *m, *end = (char *)m + m->msgh_size;
	while (p < end) {
		mach_msg_type_t *t = (mach_msg_type_t *)p;
		assert(p + 8 <= end);
		if (complex && MACH_MSG_TYPE_PORT_ANY(t->msgt_name))
			t->msgt_name = carried(t->msgt_name);
		if (!t->msgt_inline) {
			assert(complex);
			move_ool(t, (void **)(p + 8));
			p += 16;
		} else {
			assert(!t->msgt_deallocate);
			size_t bytes =
				((size_t)t->msgt_number * t->msgt_size + 7) / 8;
			p += 8 + ((bytes + 7) & ~(size_t)7);
		}
	}
	assert(p == end);
}

/* Header as received: swapped ports and dispositions (§3.3). */
static void swap_header(mach_msg_header_t *m)
{
	unsigned remote = MACH_MSGH_BITS_REMOTE(m->msgh_bits);
	unsigned local = MACH_MSGH_BITS_LOCAL(m->msgh_bits);
	mach_port_name_t r = m->msgh_remote_port, l = m->msgh_local_port;
	m->msgh_bits = (m->msgh_bits & MACH_MSGH_BITS_COMPLEX) |
		       MACH_MSGH_BITS(carried(local), carried(remote));
	m->msgh_remote_port_do_not_use = l;
	m->msgh_protected_payload = r;
}

/* One message from sender to receiver; returns the received copy. */
static mach_msg_header_t *transfer(const mach_msg_header_t *msg, size_t size)
{
	assert(size >= 32 && size % 8 == 0);
	mach_msg_header_t *m = malloc(size);
	memcpy(m, msg, size);
	m->msgh_size = (mach_msg_size_t)size;
	translate_body(m, (m->msgh_bits & MACH_MSGH_BITS_COMPLEX) != 0);
	swap_header(m);
	return m;
}

mig_reply_header_t *fk_call_demux(const void *request, size_t size)
{
	mach_msg_header_t *in = malloc(size);
	memcpy(in, request, size);
	mig_reply_header_t *out = malloc(FK_MAX_MSG);
	memset(out, 0xA5, FK_MAX_MSG);
	fk_demux(in, &out->Head);
	free(in);
	return out;
}

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout, mach_port_name_t notify)
{
	(void)rcv_name, (void)timeout, (void)notify;
	if (send_size < 32 || send_size % 8)
		return MACH_SEND_MSG_TOO_SMALL;
	mach_msg_header_t *in = transfer(msg, send_size);
	free(fk_last_request);
	fk_last_request = malloc(send_size);
	memcpy(fk_last_request, in, send_size);
	mach_msg_header_t *out = malloc(FK_MAX_MSG);
	memset(out, 0xA5, FK_MAX_MSG);
	fk_demux(in, out);
	free(in);
	if (!(option & MACH_RCV_MSG)) {
		free(out);
		return MACH_MSG_SUCCESS;
	}
	mach_msg_header_t *reply = transfer(out, out->msgh_size);
	free(out);
	if (reply->msgh_size > rcv_size) {
		free(reply);
		return MACH_RCV_TOO_LARGE;
	}
	memcpy(msg, reply, reply->msgh_size);
	free(reply);
	return MACH_MSG_SUCCESS;
}

/* The kernel clears its reply buffer up to this bound; nothing to do. */
void mig_kernel_reply_bound(mach_msg_header_t *out, mach_msg_size_t bytes)
{
	(void)out;
	(void)bytes;
}
