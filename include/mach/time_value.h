/*
 * <mach/time_value.h> - time values (../shared/abi/x86_64.md §1).
 *
 * time_value_t is the 16-byte x86_64 layout {int64 seconds, int32
 * microseconds, 4 pad}; on the wire it is 2 x INTEGER_64 (§4.6).
 * time_value64_t (new) holds {int64 seconds, int64 nanoseconds}.
 */
#ifndef _MACH_TIME_VALUE_H_
#define _MACH_TIME_VALUE_H_

#include <mach/machine/vm_types.h>

struct rpc_time_value {
	rpc_long_integer_t seconds;
	integer_t microseconds;
};
typedef struct rpc_time_value rpc_time_value_t;
typedef struct rpc_time_value time_value_t;

struct time_value64 {
	long long seconds;
	long long nanoseconds;
};
typedef struct time_value64 time_value64_t;

#define TIME_MICROS_MAX (1000000)
#define TIME_NANOS_MAX	(1000000000)

/* The shared page a kernel may map for cheap clock reads. */
typedef struct mapped_time_value {
	integer_t seconds;
	integer_t microseconds;
	integer_t check_seconds;
	struct time_value64 time_value;
	long long check_seconds64;
} mapped_time_value_t;

#define TIME_VALUE_TO_TIMESPEC(tv, ts)                                         \
	do {                                                                   \
		(ts)->tv_sec = (tv)->seconds;                                  \
		(ts)->tv_nsec = (tv)->microseconds * 1000;                     \
	} while (0)
#define TIMESPEC_TO_TIME_VALUE(tv, ts)                                         \
	do {                                                                   \
		(tv)->seconds = (ts)->tv_sec;                                  \
		(tv)->microseconds = (ts)->tv_nsec / 1000;                     \
	} while (0)
#define TIME_VALUE64_TO_TIMESPEC(tv, ts)                                       \
	do {                                                                   \
		(ts)->tv_sec = (tv)->seconds;                                  \
		(ts)->tv_nsec = (tv)->nanoseconds;                             \
	} while (0)
#define TIMESPEC_TO_TIME_VALUE64(tv, ts)                                       \
	do {                                                                   \
		(tv)->seconds = (ts)->tv_sec;                                  \
		(tv)->nanoseconds = (ts)->tv_nsec;                             \
	} while (0)

#ifdef __LP64__
_Static_assert(sizeof(time_value_t) == 16, "time_value_t");
_Static_assert(__builtin_offsetof(time_value_t, microseconds) == 8,
	       "time_value_t.microseconds");
#endif
_Static_assert(sizeof(time_value64_t) == 16, "time_value64_t");
_Static_assert(__builtin_offsetof(time_value64_t, nanoseconds) == 8,
	       "time_value64_t.nanoseconds");

#endif /* _MACH_TIME_VALUE_H_ */
