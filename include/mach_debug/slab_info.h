/* <mach_debug/slab_info.h> - host_slab_info (3022): 64-bit units (§4.6). */
#ifndef _MACH_DEBUG_SLAB_INFO_H_
#define _MACH_DEBUG_SLAB_INFO_H_

#include <mach/machine/vm_types.h>

#define CACHE_NAME_MAX_LEN 32

#define CACHE_FLAGS_NO_CPU_POOL	  0x01
#define CACHE_FLAGS_SLAB_EXTERNAL 0x02
#define CACHE_FLAGS_NO_RECLAIM	  0x04
#define CACHE_FLAGS_VERIFY	  0x08
#define CACHE_FLAGS_DIRECT	  0x10

typedef struct cache_info {
	int flags;
	rpc_vm_size_t cpu_pool_size;
	rpc_vm_size_t obj_size;
	rpc_vm_size_t align;
	rpc_vm_size_t buf_size;
	rpc_vm_size_t slab_size;
	rpc_long_natural_t bufs_per_slab;
	rpc_long_natural_t nr_objs;
	rpc_long_natural_t nr_bufs;
	rpc_long_natural_t nr_slabs;
	rpc_long_natural_t nr_free_slabs;
	char name[CACHE_NAME_MAX_LEN];
} cache_info_t;
typedef cache_info_t *cache_info_array_t;

#ifdef __LP64__
_Static_assert(sizeof(cache_info_t) == 120, "cache_info_t");
#endif

#endif /* _MACH_DEBUG_SLAB_INFO_H_ */
