/*
 * <machine/msg_layout.h> for x86_64: how ipc/ reads and writes the type
 * descriptors of a message body (../shared/abi/x86_64.md §4): one 8-byte
 * descriptor (name, size, number; the long form is the same 8 bytes),
 * items and message sizes multiples of 8. Port slots (inline rights, OOL
 * port arrays in the kernel) are pointer-sized (uintptr_t) on every arch.
 */
#ifndef MACHINE_MSG_LAYOUT_H
#define MACHINE_MSG_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <mach/message.h>

/* Items start, and message sizes are, multiples of this. */
#define IPC_MSG_ALIGN 8

/* Bytes of the descriptor at d (reads its first word only). */
static inline size_t ipc_msg_type_size(const mach_msg_type_t *d)
{
	return sizeof(*d);
}

/* The element type, bits per element and element count of d. */
static inline unsigned int ipc_msg_type_name(const mach_msg_type_t *d)
{
	return d->msgt_name;
}

static inline unsigned int ipc_msg_type_bits(const mach_msg_type_t *d)
{
	return d->msgt_size;
}

static inline uint64_t ipc_msg_type_number(const mach_msg_type_t *d)
{
	return d->msgt_number;
}

/* Rewrite d's element type (a port right's carried type). */
static inline void ipc_msg_type_set_name(mach_msg_type_t *d, unsigned int name)
{
	d->msgt_name = name;
}

/* Rewrite d's element size (0: an OOL region that could not be mapped). */
static inline void ipc_msg_type_set_size(mach_msg_type_t *d, unsigned int size)
{
	d->msgt_size = size;
}

#endif /* MACHINE_MSG_LAYOUT_H */
