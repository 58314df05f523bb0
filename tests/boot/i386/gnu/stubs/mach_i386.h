#ifndef	_mach_i386_user_
#define	_mach_i386_user_

/* Module mach_i386 */

#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/message.h>

#include <mach/std_types.h>
#include <mach/mach_types.h>
#include <mach/machine/mach_i386_types.h>

/* Routine i386_set_gdt */
#ifdef	mig_external
mig_external
#else
extern
#endif
kern_return_t i386_set_gdt
(
	mach_port_t target_thread,
	int *selector,
	descriptor_t desc
);

/* Routine i386_get_gdt */
#ifdef	mig_external
mig_external
#else
extern
#endif
kern_return_t i386_get_gdt
(
	mach_port_t target_thread,
	int selector,
	descriptor_t *desc
);

#endif	/* not defined(_mach_i386_user_) */
