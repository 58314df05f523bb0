/* <mach/default_pager_types.h> - default_pager.defs types (§4.6). */
#ifndef _MACH_DEFAULT_PAGER_TYPES_H_
#define _MACH_DEFAULT_PAGER_TYPES_H_

#include <mach/machine/vm_types.h>

typedef struct default_pager_info {
	vm_size_t dpi_total_space; /* size of backing store */
	vm_size_t dpi_free_space;  /* how much of it is unused */
	vm_size_t dpi_page_size;   /* the pager's vm page size */
} default_pager_info_t;

typedef struct default_pager_object {
	vm_offset_t dpo_object; /* object managed by the pager */
	vm_size_t dpo_size;	/* backing store used for the object */
} default_pager_object_t;
typedef default_pager_object_t *default_pager_object_array_t;

typedef struct default_pager_page {
	vm_offset_t dpp_offset; /* offset of a page in the object */
} default_pager_page_t;
typedef default_pager_page_t *default_pager_page_array_t;

typedef char default_pager_filename_t[256];
typedef const char *const_default_pager_filename_t;

#endif /* _MACH_DEFAULT_PAGER_TYPES_H_ */
