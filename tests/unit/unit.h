/*
 * tests/unit/unit.h - shared helpers of the hosted unit tests.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <check.h>
#include <stdlib.h>
#include <tests/hosted/hosted.h>

/* Boot the memory part of the kernel: frames (whole arena), kalloc. */
#define UNIT_BOOT_MEMORY()                                                     \
	do {                                                                   \
		HOSTED_LOAD_ALL_MEMORY();                                      \
		kmem_init();                                                   \
	} while (0)

/* Boot up to the scheduler: the test runs as thread "boot" (PRIO_KERNEL),
 * with the idle thread behind it. */
#define UNIT_BOOT_THREADS()                                                    \
	do {                                                                   \
		UNIT_BOOT_MEMORY();                                            \
		thread_bootstrap();                                            \
		sched_init();                                                  \
	} while (0)

/* Run a suite with Check's normal output; exit status for automake. */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TESTS_UNIT_UNIT_H */
