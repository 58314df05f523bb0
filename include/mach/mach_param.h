/* <mach/mach_param.h> - limits of the Mach interfaces. */
#ifndef _MACH_MACH_PARAM_H_
#define _MACH_MACH_PARAM_H_

#define TASK_PORT_REGISTER_MAX 4 /* number of "registered" ports */

#endif /* _MACH_MACH_PARAM_H_ */
