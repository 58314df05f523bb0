/*
 * bootstrap/bench/bench.c - samples, median and minimum, BENCH lines.
 */
#include <mach/mach_port.h>
#include <mach/mach_traps.h>
#include <stdio.h>

#include <mach5/test.h>
#include <stdbool.h>

#include "bench.h"
#include "bench_proto.h"

void bench_start(struct bench *b, const char *name)
{
	b->name = name;
	b->count = 0;
}

void bench_record(struct bench *b, uint64_t cost)
{
	if (b->count < BENCH_MAX_SAMPLES)
		b->samples[b->count++] = cost;
}

/* Shell sort: no libc qsort here, and a few thousand samples. */
static void bench_sort(uint64_t *v, unsigned int n)
{
	for (unsigned int gap = n / 2; gap > 0; gap /= 2) {
		for (unsigned int i = gap; i < n; i++) {
			uint64_t x = v[i];
			unsigned int j = i;
			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

void bench_report(struct bench *b)
{
	if (b->count == 0) {
		printf("BENCH %s 0 0 0\n", b->name);
		return;
	}
	bench_sort(b->samples, b->count);
	printf("BENCH %s %u %lu %lu\n", b->name, b->count,
	       (unsigned long)b->samples[b->count / 2],
	       (unsigned long)b->samples[0]);
}

/* One look for the server's service port; true once it is there. */
static bool bench_try_connect(mach_port_t server_task, mach_port_t *port)
{
	mach_msg_type_name_t type;

	return mach_port_extract_right(server_task, BENCH_SERVICE_NAME,
				       MACH_MSG_TYPE_MAKE_SEND, port,
				       &type) == KERN_SUCCESS;
}

/* The server names its service port when it starts: waited for on the
 * guest clock, as a test waits (10 s). */
mach_port_t bench_connect(mach_port_t server_task)
{
	mach_port_t port = MACH_PORT_NULL;

	TEST_WAIT_UNTIL(bench_try_connect(server_task, &port), 10,
			"the bench server named no service port (10 s)");
	return port;
}
