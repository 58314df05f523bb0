/* <mach/memory_object.h> - memory object (pager) interface types. */
#ifndef _MACH_MEMORY_OBJECT_H_
#define _MACH_MEMORY_OBJECT_H_

#include <mach/port.h>

#ifndef MACH_KERNEL_PORT_T
typedef mach_port_t memory_object_t; /* the pager's port */
typedef memory_object_t *memory_object_array_t;
typedef mach_port_t memory_object_control_t; /* the kernel's port for it */
typedef mach_port_t memory_object_name_t;    /* names it in vm_region */
#endif

typedef int memory_object_copy_strategy_t;
#define MEMORY_OBJECT_COPY_NONE	     0 /* no special support */
#define MEMORY_OBJECT_COPY_CALL	     1 /* call memory_object_copy */
#define MEMORY_OBJECT_COPY_DELAY     2 /* the kernel copies on write */
#define MEMORY_OBJECT_COPY_TEMPORARY 3 /* like DELAY, object is temporary */

typedef int memory_object_return_t;
#define MEMORY_OBJECT_RETURN_NONE  0 /* return nothing */
#define MEMORY_OBJECT_RETURN_DIRTY 1 /* return dirty pages */
#define MEMORY_OBJECT_RETURN_ALL   2 /* return dirty and precious pages */

#define MEMORY_OBJECT_NULL MACH_PORT_NULL

#endif /* _MACH_MEMORY_OBJECT_H_ */
