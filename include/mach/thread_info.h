/*
 * <mach/thread_info.h> - thread_info flavors (mach 2019), current x86_64
 * layout (../shared/abi/x86_64.md §8.4): THREAD_BASIC_INFO 32 words (20 in
 * the old layout, still accepted).
 */
#ifndef _MACH_THREAD_INFO_H_
#define _MACH_THREAD_INFO_H_

#include <mach/boolean.h>
#include <mach/policy.h>
#include <mach/time_value.h>

typedef integer_t *thread_info_t;
#define THREAD_INFO_MAX (1024)
typedef integer_t thread_info_data_t[THREAD_INFO_MAX];

#define THREAD_BASIC_INFO 1
struct thread_basic_info {
	time_value_t user_time;	    /* user run time */
	time_value_t system_time;   /* system run time */
	integer_t cpu_usage;	    /* scaled cpu usage percentage */
	integer_t base_priority;    /* base scheduling priority */
	integer_t cur_priority;	    /* current scheduling priority */
	integer_t run_state;	    /* TH_STATE_* */
	integer_t flags;	    /* TH_FLAGS_* */
	integer_t suspend_count;    /* suspend count for thread */
	integer_t sleep_time;	    /* seconds the thread has been sleeping */
	time_value_t creation_time; /* creation time stamp */
	time_value64_t user_time64; /* the three times, 64-bit precision */
	time_value64_t system_time64;
	time_value64_t creation_time64;
};
typedef struct thread_basic_info thread_basic_info_data_t;
typedef struct thread_basic_info *thread_basic_info_t;
#define THREAD_BASIC_INFO_COUNT                                                \
	(sizeof(thread_basic_info_data_t) / sizeof(natural_t))
#define THREAD_BASIC_INFO_OLD_COUNT                                            \
	(__builtin_offsetof(thread_basic_info_data_t, user_time64) /           \
	 sizeof(natural_t))

#define TH_USAGE_SCALE 1000

#define TH_STATE_RUNNING	 1 /* thread is running normally */
#define TH_STATE_STOPPED	 2 /* thread is stopped */
#define TH_STATE_WAITING	 3 /* thread is waiting normally */
#define TH_STATE_UNINTERRUPTIBLE 4 /* thread is in an uninterruptible wait */
#define TH_STATE_HALTED		 5 /* thread is halted at a clean point */

#define TH_FLAGS_SWAPPED 0x1 /* thread is swapped out */
#define TH_FLAGS_IDLE	 0x2 /* thread is an idle thread */

#define THREAD_SCHED_INFO 2
struct thread_sched_info {
	integer_t policy;	    /* scheduling policy */
	integer_t data;		    /* associated data */
	integer_t base_priority;    /* base priority */
	integer_t max_priority;	    /* max priority */
	integer_t cur_priority;	    /* current priority */
	boolean_t depressed;	    /* depressed ? */
	integer_t depress_priority; /* priority depressed from */
	integer_t last_processor;   /* last processor used by the thread */
};
typedef struct thread_sched_info thread_sched_info_data_t;
typedef struct thread_sched_info *thread_sched_info_t;
#define THREAD_SCHED_INFO_COUNT                                                \
	(sizeof(thread_sched_info_data_t) / sizeof(natural_t))

#ifdef __LP64__
_Static_assert(THREAD_BASIC_INFO_COUNT == 32, "thread_basic_info");
_Static_assert(THREAD_BASIC_INFO_OLD_COUNT == 20, "thread_basic_info (old)");
_Static_assert(__builtin_offsetof(thread_basic_info_data_t, creation_time) ==
		       64,
	       "thread_basic_info.creation_time");
#endif
_Static_assert(THREAD_SCHED_INFO_COUNT == 8, "thread_sched_info");

#endif /* _MACH_THREAD_INFO_H_ */
