/* tests/mig/roundtrip_types.h - C types of roundtrip.defs. */
#ifndef TESTS_MIG_ROUNDTRIP_TYPES_H
#define TESTS_MIG_ROUNDTRIP_TYPES_H

#include <mach/mach_types.h>
#include <stdint.h>

typedef int int_array4_t[4];
typedef int *int_var_t;
typedef char name_t[32];
typedef char vname_t[32];
typedef char old_name_t[64];
typedef int64_t *big_t;
/* In-arguments are const (GNU MIG): const_<type> for strings and []. */
typedef const char *const_name_t;
typedef const char *const_vname_t;
typedef const char *const_old_name_t;
typedef const int64_t *const_big_t;
typedef struct {
	int64_t a;
	int32_t b;
} pair_t;

#endif
