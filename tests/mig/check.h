/* tests/mig/check.h - a non-fatal CHECK for the mig tests. */
#ifndef TESTS_MIG_CHECK_H
#define TESTS_MIG_CHECK_H

#include <stdio.h>

#define SERVER 42

extern int failures;	 /* failed CHECKs */
extern int server_calls; /* server functions entered */
extern int oneway_seen;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__,       \
				__LINE__, #cond);                              \
			failures++;                                            \
		}                                                              \
	} while (0)

#endif
