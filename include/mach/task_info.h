/*
 * <mach/task_info.h> - task_info flavors (mach 2012), current x86_64
 * layout (../shared/abi/x86_64.md §8.4): TASK_BASIC_INFO 30 words (18 in
 * the old layout, still accepted), TASK_THREAD_TIMES_INFO 16 words (8).
 */
#ifndef _MACH_TASK_INFO_H_
#define _MACH_TASK_INFO_H_

#include <mach/machine/vm_types.h>
#include <mach/time_value.h>

typedef integer_t *task_info_t;
#define TASK_INFO_MAX (1024)
typedef integer_t task_info_data_t[TASK_INFO_MAX];

#define TASK_BASIC_INFO 1
struct task_basic_info {
	integer_t suspend_count;     /* suspend count for task */
	integer_t base_priority;     /* base scheduling priority */
	rpc_vm_size_t virtual_size;  /* number of virtual pages */
	rpc_vm_size_t resident_size; /* number of resident pages */
	time_value_t user_time;	     /* user time of terminated threads */
	time_value_t system_time;    /* system time of terminated threads */
	time_value_t creation_time;  /* creation time stamp */
	time_value64_t user_time64;  /* the same three, 64-bit precision */
	time_value64_t system_time64;
	time_value64_t creation_time64;
};
typedef struct task_basic_info task_basic_info_data_t;
typedef struct task_basic_info *task_basic_info_t;
#define TASK_BASIC_INFO_COUNT                                                  \
	(sizeof(task_basic_info_data_t) / sizeof(integer_t))
/* The count of the layout without the time_value64_t fields. */
#define TASK_BASIC_INFO_OLD_COUNT                                              \
	(__builtin_offsetof(task_basic_info_data_t, user_time64) /             \
	 sizeof(integer_t))

#define TASK_EVENTS_INFO 2
struct task_events_info {
	rpc_long_natural_t faults;	  /* number of page faults */
	rpc_long_natural_t zero_fills;	  /* number of zero fill pages */
	rpc_long_natural_t reactivations; /* number of reactivated pages */
	rpc_long_natural_t pageins;	  /* number of actual pageins */
	rpc_long_natural_t cow_faults;	  /* number of copy-on-write faults */
	rpc_long_natural_t messages_sent; /* number of messages sent */
	rpc_long_natural_t messages_received; /* number of messages received */
};
typedef struct task_events_info task_events_info_data_t;
typedef struct task_events_info *task_events_info_t;
#define TASK_EVENTS_INFO_COUNT                                                 \
	(sizeof(task_events_info_data_t) / sizeof(integer_t))

#define TASK_THREAD_TIMES_INFO 3
struct task_thread_times_info {
	time_value_t user_time;	    /* user time of live threads */
	time_value_t system_time;   /* system time of live threads */
	time_value64_t user_time64; /* the same, 64-bit precision */
	time_value64_t system_time64;
};
typedef struct task_thread_times_info task_thread_times_info_data_t;
typedef struct task_thread_times_info *task_thread_times_info_t;
#define TASK_THREAD_TIMES_INFO_COUNT                                           \
	(sizeof(task_thread_times_info_data_t) / sizeof(integer_t))
#define TASK_THREAD_TIMES_INFO_OLD_COUNT                                       \
	(__builtin_offsetof(task_thread_times_info_data_t, user_time64) /      \
	 sizeof(integer_t))

/* task_ras_control flavors. */
#define TASK_RAS_CONTROL_PURGE_ALL		   0
#define TASK_RAS_CONTROL_PURGE_ONE		   1
#define TASK_RAS_CONTROL_PURGE_ALL_AND_INSTALL_ONE 2
#define TASK_RAS_CONTROL_INSTALL_ONE		   3

#ifdef __LP64__
_Static_assert(TASK_BASIC_INFO_COUNT == 30, "task_basic_info");
_Static_assert(TASK_BASIC_INFO_OLD_COUNT == 18, "task_basic_info (old)");
_Static_assert(__builtin_offsetof(task_basic_info_data_t, user_time) == 24,
	       "task_basic_info.user_time");
_Static_assert(TASK_EVENTS_INFO_COUNT == 14, "task_events_info");
_Static_assert(TASK_THREAD_TIMES_INFO_COUNT == 16, "task_thread_times_info");
_Static_assert(TASK_THREAD_TIMES_INFO_OLD_COUNT == 8,
	       "task_thread_times_info (old)");
#endif

#endif /* _MACH_TASK_INFO_H_ */
