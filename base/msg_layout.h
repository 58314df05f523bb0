/*
 * base/msg_layout.h - how a message body's type descriptors are laid out
 * on this architecture (<machine/msg_layout.h>: the descriptor sizes, the
 * item alignment, pointer-sized port slots). ipc/ reads and writes message
 * bodies through it alone, as generic code sees the rest of the arch
 * through base/arch.h.
 */
#ifndef BASE_MSG_LAYOUT_H
#define BASE_MSG_LAYOUT_H

#include <machine/msg_layout.h>

#endif /* BASE_MSG_LAYOUT_H */
