/* <mach/machine/mach_i386_types.h> - types of mach_i386.defs. */
#ifndef _MACH_MACHINE_MACH_I386_TYPES_H_
#define _MACH_MACHINE_MACH_I386_TYPES_H_

#include <mach/port.h>

/* A segment descriptor, as i386_set_ldt/i386_set_gdt take it. */
struct descriptor {
	unsigned int low_word;
	unsigned int high_word;
};
typedef struct descriptor descriptor_t;
typedef struct descriptor *descriptor_list_t;
typedef const struct descriptor *const_descriptor_list_t;

#ifndef MACH_KERNEL_PORT_T
typedef unsigned short io_port_t;
typedef mach_port_t io_perm_t;
#endif

#endif /* _MACH_MACHINE_MACH_I386_TYPES_H_ */
