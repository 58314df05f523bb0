/*
 * <machine/msg_layout.h> for i386: how ipc/ reads and writes the type
 * descriptors of a message body (../shared/abi/i386.md §3.2-3.3): a
 * 4-byte short descriptor (name:8 size:8 number:12) or, with
 * msgt_longform, a 12-byte long one whose name, size and number are the
 * u16/u16/u32 after the first word; items and message sizes multiples of
 * 4. Port slots are pointer-sized (uintptr_t): 4 bytes here.
 */
#ifndef MACHINE_MSG_LAYOUT_H
#define MACHINE_MSG_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <mach/message.h>

/* Items start, and message sizes are, multiples of this. */
#define IPC_MSG_ALIGN 4

/* Bytes of the descriptor at d (reads its first word only). */
static inline size_t ipc_msg_type_size(const mach_msg_type_t *d)
{
	return d->msgt_longform ? sizeof(mach_msg_type_long_t) : sizeof(*d);
}

/* The element type, bits per element and element count of d. */
static inline unsigned int ipc_msg_type_name(const mach_msg_type_t *d)
{
	return d->msgt_longform ? ((const mach_msg_type_long_t *)d)->msgtl_name
				: d->msgt_name;
}

static inline unsigned int ipc_msg_type_bits(const mach_msg_type_t *d)
{
	return d->msgt_longform ? ((const mach_msg_type_long_t *)d)->msgtl_size
				: d->msgt_size;
}

static inline uint64_t ipc_msg_type_number(const mach_msg_type_t *d)
{
	return d->msgt_longform
		       ? ((const mach_msg_type_long_t *)d)->msgtl_number
		       : d->msgt_number;
}

/* Rewrite d's element type (a port right's carried type). */
static inline void ipc_msg_type_set_name(mach_msg_type_t *d, unsigned int name)
{
	if (d->msgt_longform)
		((mach_msg_type_long_t *)d)->msgtl_name = name;
	else
		d->msgt_name = name;
}

/* Rewrite d's element size (0: an OOL region that could not be mapped). */
static inline void ipc_msg_type_set_size(mach_msg_type_t *d, unsigned int size)
{
	if (d->msgt_longform)
		((mach_msg_type_long_t *)d)->msgtl_size = size;
	else
		d->msgt_size = size;
}

#endif /* MACHINE_MSG_LAYOUT_H */
