/* <mach/thread_status.h> - thread_get_state / thread_set_state. */
#ifndef _MACH_THREAD_STATUS_H_
#define _MACH_THREAD_STATUS_H_

#include <mach/machine/vm_types.h>
#include <mach/machine/thread_status.h>

typedef natural_t *thread_state_t; /* variable-length array */
#define THREAD_STATE_MAX (1024)	   /* maximum array size, in words */
typedef natural_t thread_state_data_t[THREAD_STATE_MAX];

#define THREAD_STATE_FLAVOR_LIST 0 /* list of valid flavors */

#endif /* _MACH_THREAD_STATUS_H_ */
