/*
 * <mach5/msg_body.h> - building and reading message bodies by hand in
 * the target's wire layout, for test tasks that check the layout itself
 * (MIG-built messages need none of this).
 *
 * x86_64 (../shared/abi/x86_64.md §4): a type descriptor is 8 bytes (the
 * long form too), items are 8-aligned, an inline port name or an OOL
 * pointer fills an 8-byte slot. i386 (../shared/abi/i386.md §3): a short
 * descriptor is 4 bytes, a long one 12, items are 4-aligned, slots 4
 * bytes. Both follow from <mach/message.h>'s types: the slot is
 * pointer-sized (mach_port_name_inlined_t), the item alignment is the
 * descriptor's.
 */
#ifndef _MACH5_MSG_BODY_H_
#define _MACH5_MSG_BODY_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mach/message.h>

/* One inline port name or OOL pointer. */
typedef uintptr_t msg_slot_t;
_Static_assert(sizeof(msg_slot_t) == sizeof(mach_port_name_inlined_t),
	       "a port slot is pointer-sized");

/* Items start at, and message sizes are, multiples of this. */
#define MSG_ALIGN __alignof__(mach_msg_type_t)
/* msgt_size of an inline port name (64 on x86_64, 32 on i386). */
#define MSG_PORT_BITS (8 * sizeof(msg_slot_t))
/* A wire size or offset: the x86_64 figure of the ABI sheet, or the
 * i386 one (the two the tests state). */
#define MSG_WIRE(x86_64, i386) (sizeof(void *) == 8 ? (x86_64) : (i386))
/* The largest msgt_number of a short descriptor (a 32-bit field on
 * x86_64, 12 bits on i386): more elements need the long form. */
#define MSG_SHORT_NUMBER_MAX MSG_WIRE(0xffffffffu, 4095u)

static inline size_t msg_align(size_t n)
{
	return (n + MSG_ALIGN - 1) & ~(size_t)(MSG_ALIGN - 1);
}

/* A descriptor, decoded (the long form's fields when longform is set). */
struct msg_item {
	unsigned int name, bits, number;
	unsigned int is_inline, longform, dealloc;
};

/* Write the descriptor of item at p; returns its size in bytes. */
static inline size_t msg_put_type(void *p, const struct msg_item *item)
{
	mach_msg_type_long_t l;

	memset(&l, 0, sizeof(l));
	l.msgtl_header.msgt_inline = item->is_inline;
	l.msgtl_header.msgt_longform = item->longform;
	l.msgtl_header.msgt_deallocate = item->dealloc;
	if (item->longform) {
		l.msgtl_name = item->name;
		l.msgtl_size = item->bits;
		l.msgtl_number = item->number;
		memcpy(p, &l, sizeof(l));
		return sizeof(l);
	}
	l.msgtl_header.msgt_name = item->name;
	l.msgtl_header.msgt_size = item->bits;
	l.msgtl_header.msgt_number = item->number;
	memcpy(p, &l.msgtl_header, sizeof(mach_msg_type_t));
	return sizeof(mach_msg_type_t);
}

/* Read the descriptor at p into *item; returns its size in bytes. */
static inline size_t msg_get_type(const void *p, struct msg_item *item)
{
	mach_msg_type_long_t l;
	mach_msg_type_t t;

	memcpy(&t, p, sizeof(t));
	item->is_inline = t.msgt_inline;
	item->longform = t.msgt_longform;
	item->dealloc = t.msgt_deallocate;
	if (t.msgt_longform) {
		memcpy(&l, p, sizeof(l));
		item->name = l.msgtl_name;
		item->bits = l.msgtl_size;
		item->number = l.msgtl_number;
		return sizeof(l);
	}
	item->name = t.msgt_name;
	item->bits = t.msgt_size;
	item->number = t.msgt_number;
	return sizeof(t);
}

/* A slot at p (unaligned access is fine on x86). */
static inline msg_slot_t msg_get_slot(const void *p)
{
	msg_slot_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void msg_put_slot(void *p, msg_slot_t v)
{
	memcpy(p, &v, sizeof(v));
}

#endif /* _MACH5_MSG_BODY_H_ */
