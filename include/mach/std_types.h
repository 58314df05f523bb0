/* <mach/std_types.h> - the types every MIG interface uses (std_types.defs). */
#ifndef _MACH_STD_TYPES_H_
#define _MACH_STD_TYPES_H_

#define EXPORT_BOOLEAN
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/machine/vm_types.h>

typedef const char *const_string_t;
typedef char *string_t;

#endif /* _MACH_STD_TYPES_H_ */
