/*
 * bootstrap/bench/bench.c - samples, median and minimum, BENCH lines.
 */
#include <stdio.h>

#include "bench.h"

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
