/* <mach/vm_statistics.h> - vm_statistics (mach 2030): 13 words. */
#ifndef _MACH_VM_STATISTICS_H_
#define _MACH_VM_STATISTICS_H_

#include <mach/machine/vm_types.h>

struct vm_statistics {
	integer_t pagesize;	   /* bytes per page */
	integer_t free_count;	   /* pages free */
	integer_t active_count;	   /* pages active */
	integer_t inactive_count;  /* pages inactive */
	integer_t wire_count;	   /* pages wired down */
	integer_t zero_fill_count; /* zero-fill faults */
	integer_t reactivations;   /* pages reactivated */
	integer_t pageins;	   /* pageins */
	integer_t pageouts;	   /* pageouts */
	integer_t faults;	   /* faults */
	integer_t cow_faults;	   /* copy-on-write faults */
	integer_t lookups;	   /* object cache lookups */
	integer_t hits;		   /* object cache hits */
};
typedef struct vm_statistics *vm_statistics_t;
typedef struct vm_statistics vm_statistics_data_t;

struct pmap_statistics {
	integer_t resident_count; /* pages in memory */
	integer_t wired_count;	  /* pages wired down */
};
typedef struct pmap_statistics *pmap_statistics_t;

_Static_assert(sizeof(struct vm_statistics) == 13 * 4, "vm_statistics");

#endif /* _MACH_VM_STATISTICS_H_ */
