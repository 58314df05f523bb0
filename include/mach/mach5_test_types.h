/*
 * include/mach/mach5_test_types.h - constants of the test interface
 * (defs/mach/mach5_test.defs), shared by the kernel server
 * (modules/test/test_server.c) and the stress tasks (bootstrap/stress/).
 */
#ifndef _MACH_MACH5_TEST_TYPES_H_
#define _MACH_MACH5_TEST_TYPES_H_

#include <stdint.h>

#define MACH5_TEST_BASE 4600
#define MACH5_TEST_END	4605 /* one past mach5_test_inject */

/* The MIG types of the interface (<mach/mach5_test.defs>). */
typedef char mach5_test_inline_t[4096];
typedef uint64_t mach5_test_counts_t[16];
typedef char mach5_test_name_t[64];
typedef const char *const_mach5_test_name_t; /* an in-argument (MIG) */

/* mach5_test_echo copies out-of-line data of at most this many bytes. */
#define MACH5_TEST_ECHO_OOL_MAX (64 * 1024)

/* Indices of mach5_test_counts' array. */
enum mach5_test_count {
	MACH5_TEST_PORTS,	   /* ports alive */
	MACH5_TEST_PSETS,	   /* port sets alive */
	MACH5_TEST_KMSGS,	   /* messages queued or in flight */
	MACH5_TEST_ENTRIES,	   /* name-space entries (rights) */
	MACH5_TEST_SPACES,	   /* name spaces */
	MACH5_TEST_VM_OBJECTS,	   /* VM objects */
	MACH5_TEST_RESIDENT_PAGES, /* pages in VM objects */
	MACH5_TEST_WIRED_PAGES,	   /* other allocated pages (kernel, tables) */
	MACH5_TEST_FREE_PAGES,
	MACH5_TEST_TOTAL_PAGES,
	MACH5_TEST_KMEM_OBJECTS, /* kmem cache and kalloc objects */
	MACH5_TEST_THREADS,
	MACH5_TEST_TASKS,
	MACH5_TEST_NR_COUNTS,
};

/* Kinds of mach5_test_inject. */
#define MACH5_TEST_INJECT_KMEM	      1 /* the kmem cache named name */
#define MACH5_TEST_INJECT_PAGE	      2 /* vm_page_alloc*: the next count */
#define MACH5_TEST_INJECT_PAGER_DELAY 3 /* the next pager reply: count ms */

#endif /* _MACH_MACH5_TEST_TYPES_H_ */
