/* <mach/boolean.h> */
#ifndef _MACH_BOOLEAN_H_
#define _MACH_BOOLEAN_H_

#include <mach/machine/boolean.h>

#ifndef TRUE
#define TRUE ((boolean_t)1)
#endif
#ifndef FALSE
#define FALSE ((boolean_t)0)
#endif

#endif /* _MACH_BOOLEAN_H_ */
