/*
 * bootstrap/bench/bench.h - measuring in the guest.
 *
 * Under `qemu -icount shift=0` the guest clock advances one nanosecond per
 * instruction and rdtsc reads it, so a difference of two rdtsc values is a
 * count of guest instructions: it repeats exactly from run to run. Each
 * benchmark records one sample per iteration and prints
 *
 *	BENCH <name> <iterations> <median> <min>
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <mach/port.h>

#define BENCH_MAX_SAMPLES 4096

static inline uint64_t bench_now(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

struct bench {
	const char *name;
	unsigned int count;
	uint64_t samples[BENCH_MAX_SAMPLES];
};

void bench_start(struct bench *b, const char *name);
/* Record one sample (the iteration's cost). */
void bench_record(struct bench *b, uint64_t cost);
/* Print the BENCH line. */
void bench_report(struct bench *b);

/*
 * A send right to bench-server's service port, extracted from the server
 * task (a send right to its task port, from the boot script's ${server});
 * the server may not have made the port yet, so this retries for a while.
 * MACH_PORT_NULL if it never appears.
 */
mach_port_t bench_connect(mach_port_t server_task);

#endif /* BENCH_H */
