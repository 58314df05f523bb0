/*
 * tests/boot/i386/gnu/include/mach/mig_support.h - what GNU MIG's user
 * stubs call besides mach_msg (the C library provides them for a GNU
 * program; here tests/boot/i386/gnu/runtime.c does).
 */
#ifndef GNU_I686_MIG_SUPPORT_H
#define GNU_I686_MIG_SUPPORT_H

#include <mach/message.h>
#include <mach/port.h>
#include <stdint.h>

/*
 * GNU MIG for i686-gnu (2023) names the slot of an inline right in a
 * reply (vm_region's object_name) with a type that bookworm's 2022
 * gnumach-dev headers do not have yet; newer ones define it in
 * <mach/message.h> as this: one name, 4 bytes on i386.
 */
typedef struct {
	union {
		mach_port_name_t name;
		uintptr_t kernel_port_do_not_use;
	};
} mach_port_name_inlined_t;

mach_port_t mig_get_reply_port(void);
void mig_dealloc_reply_port(mach_port_t port);
void mig_put_reply_port(mach_port_t port);
void *memcpy(void *dst, const void *src, unsigned int n);
unsigned int mig_strncpy(char *dst, const char *src, unsigned int n);

#endif
