#ifndef _MACH_MACHINE_BOOLEAN_H_
#define _MACH_MACHINE_BOOLEAN_H_

typedef int boolean_t;

#endif /* _MACH_MACHINE_BOOLEAN_H_ */
