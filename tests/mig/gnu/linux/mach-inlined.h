/*
 * tests/mig/gnu/linux/mach-inlined.h - force-included (-include) when GNU
 * MIG of 2023 (gnu/i686-gnu-mig, gnu/regen.sh) has its i386 stubs compiled
 * against gnumach-dev's 2022 headers: its stubs name the slot type of an
 * inline right, which those headers do not have. It is GNU Mach's current
 * one (its <mach/message.h>): one name, 4 bytes on i386.
 */
#ifndef MACH5_TEST_MACH_INLINED_H
#define MACH5_TEST_MACH_INLINED_H

#include <mach/port.h>
#include <stdint.h>

typedef struct {
	union {
		mach_port_name_t name;
		uintptr_t kernel_port_do_not_use;
	};
} mach_port_name_inlined_t;

#endif
