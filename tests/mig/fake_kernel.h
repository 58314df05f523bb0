/*
 * tests/mig/fake_kernel.h - an in-process mach_msg for testing generated
 * stubs: it does what the kernel does to a message between two tasks that
 * share one name space (x86_64 layout): copies it to a buffer of exactly
 * msgh_size bytes, converts port dispositions, moves out-of-line regions,
 * swaps the header, and hands it to a server demux.
 */
#ifndef TESTS_MIG_FAKE_KERNEL_H
#define TESTS_MIG_FAKE_KERNEL_H

#include <mach/mach.h>
#include <stddef.h>

typedef boolean_t (*fk_demux_t)(mach_msg_header_t *, mach_msg_header_t *);

/* The demux mach_msg delivers to. */
extern fk_demux_t fk_demux;
/* A copy of the last request as the server received it. */
extern mach_msg_header_t *fk_last_request;
/* Calls of mig_dealloc_reply_port. */
extern int fk_reply_port_deallocs;

#define FK_REPLY_PORT 77
#define FK_MAX_MSG    16384

/* Deliver a request (already in received form) of size bytes to the demux;
   return the reply buffer (malloc'ed, FK_MAX_MSG bytes). */
mig_reply_header_t *fk_call_demux(const void *request, size_t size);

#endif
