/*
 * tests/boot/i386/gnu/include/sys/types.h - gnumach-dev's
 * <mach_debug/slab_info.h> (through GNU MIG's gnumach.h) includes the C
 * library's <sys/types.h>; this freestanding program has no C library and
 * that header declares nothing it uses.
 */
#ifndef GNU_I686_SYS_TYPES_H
#define GNU_I686_SYS_TYPES_H

#include <stddef.h>

#endif
