/* <mach/std_types.h> - the types every MIG interface uses (std_types.defs). */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

#define EXPORT_BOOLEAN
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/machine/vm_types.h>

/*
 * No string_t / const_string_t here: GNU Mach's headers have none, and the
 * Hurd's <hurd/hurd_types.h> defines both (as char[1024] and const char *).
 */

#endif /* _MACH_STD_TYPES_H_ */
