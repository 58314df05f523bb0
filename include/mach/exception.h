/* <mach/exception.h> - machine-independent exception classes (§8.2). */
#ifndef _MACH_EXCEPTION_H_
#define _MACH_EXCEPTION_H_

#include <mach/machine/exception.h>

/* Same tokens as the kernel's kern/exception.h, so both may be included. */
#define EXC_BAD_ACCESS	    1
#define EXC_BAD_INSTRUCTION 2
#define EXC_ARITHMETIC	    3
#define EXC_EMULATION	    4
#define EXC_SOFTWARE	    5
#define EXC_BREAKPOINT	    6

#endif /* _MACH_EXCEPTION_H_ */
