/* <mach/host_info.h> - host_info flavors (mach_host 2638). */
#ifndef _MACH_HOST_INFO_H_
#define _MACH_HOST_INFO_H_

#include <mach/machine.h>
#include <mach/machine/vm_types.h>

typedef integer_t *host_info_t;
#define HOST_INFO_MAX (1024)
typedef integer_t host_info_data_t[HOST_INFO_MAX];

#define KERNEL_VERSION_MAX (512)
typedef char kernel_version_t[KERNEL_VERSION_MAX];
typedef char new_kernel_version_t[KERNEL_VERSION_MAX];

#define KERNEL_BOOT_INFO_MAX (4096)
typedef char kernel_boot_info_t[KERNEL_BOOT_INFO_MAX];

#define HOST_BASIC_INFO	     1
#define HOST_PROCESSOR_SLOTS 2
#define HOST_SCHED_INFO	     3
#define HOST_LOAD_INFO	     4

struct host_basic_info {
	integer_t max_cpus;	   /* max number of cpus possible */
	integer_t avail_cpus;	   /* number of cpus now available */
	rpc_vm_size_t memory_size; /* size of memory in bytes */
	cpu_type_t cpu_type;	   /* cpu type */
	cpu_subtype_t cpu_subtype; /* cpu subtype */
};
typedef struct host_basic_info host_basic_info_data_t;
typedef struct host_basic_info *host_basic_info_t;
#define HOST_BASIC_INFO_COUNT                                                  \
	(sizeof(host_basic_info_data_t) / sizeof(integer_t))

struct host_sched_info {
	integer_t min_timeout; /* minimum timeout in milliseconds */
	integer_t min_quantum; /* minimum quantum in milliseconds */
};
typedef struct host_sched_info host_sched_info_data_t;
typedef struct host_sched_info *host_sched_info_t;
#define HOST_SCHED_INFO_COUNT                                                  \
	(sizeof(host_sched_info_data_t) / sizeof(integer_t))

struct host_load_info {
	integer_t avenrun[3];	  /* scaled by LOAD_SCALE */
	integer_t mach_factor[3]; /* scaled by LOAD_SCALE */
};
typedef struct host_load_info host_load_info_data_t;
typedef struct host_load_info *host_load_info_t;
#define HOST_LOAD_INFO_COUNT (sizeof(host_load_info_data_t) / sizeof(integer_t))

/* ABI sheet §8.4: 6 / 2 / 6 words. */
#ifdef __LP64__
_Static_assert(HOST_BASIC_INFO_COUNT == 6, "host_basic_info");
_Static_assert(__builtin_offsetof(host_basic_info_data_t, memory_size) == 8,
	       "host_basic_info.memory_size");
#endif
_Static_assert(HOST_SCHED_INFO_COUNT == 2, "host_sched_info");
_Static_assert(HOST_LOAD_INFO_COUNT == 6, "host_load_info");

#endif /* _MACH_HOST_INFO_H_ */
