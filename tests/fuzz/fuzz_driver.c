/*
 * tests/fuzz/fuzz_driver.c - run the IPC fuzz target without libFuzzer.
 *
 *   fuzz-ipc [-n COUNT] [-s SEED] [-v] [FILE|DIR]...
 *
 * Runs every FILE (every regular file of every DIR, in name order), then
 * COUNT inputs (default 20000) generated from SEED (default 1) by a fixed
 * PRNG: the same seed always gives the same inputs, so a failure replays
 * with the same command. A failing generated input is written to
 * fuzz-crash-SEED-I (the current directory) before the target runs it,
 * and removed when it passes, so a crash leaves it behind for the corpus.
 * With no FILE/DIR arguments the corpus is $top_srcdir/tests/fuzz/corpus
 * ($top_srcdir from the environment, as `make check` sets it; default
 * "."), and COUNT defaults to $FUZZ_IPC_COUNT if set. Exit 0 when every input
 * passed; a failing input aborts (the fuzz target's leak check, a kernel
 * panic, or a sanitizer report).
 *
 * This is what `make check` runs (tests/fuzz/Makefrag.am); it builds with
 * any C compiler. tests/fuzz/run-fuzz links the same target with
 * libFuzzer instead.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz_ipc.h"

#define FUZZ_MAX_INPUT 4096

static int verbose;

/* splitmix64: the generator of the driver's inputs. */
static uint64_t prng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void run_file(const char *path)
{
	static uint8_t buf[FUZZ_MAX_INPUT];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (verbose)
		printf("fuzz-ipc: %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, n);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static unsigned long run_path(const char *path)
{
	struct stat st;
	struct dirent *d;
	char **names = NULL;
	size_t count = 0;
	DIR *dir;

	if (stat(path, &st) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return 1;
	}
	dir = opendir(path);
	while (dir != NULL && (d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		names[count] = malloc(strlen(path) + strlen(d->d_name) + 2);
		sprintf(names[count++], "%s/%s", path, d->d_name);
	}
	if (dir != NULL)
		closedir(dir);
	qsort(names, count, sizeof(*names), name_cmp);
	for (size_t i = 0; i < count; i++) {
		run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return count;
}

/* Input i of seed: a length, then bytes; some inputs repeat a short
 * pattern (long runs of the same operation). */
static size_t generate(uint64_t seed, unsigned long i, uint8_t *buf)
{
	uint64_t st = seed * 0x100000001b3ull + i;
	size_t n = 16 + prng_next(&st) % (FUZZ_MAX_INPUT / 2);
	size_t period = (prng_next(&st) % 4 == 0) ? 8 + prng_next(&st) % 48 : 0;

	for (size_t k = 0; k < n; k++)
		buf[k] = (period && k >= period) ? buf[k - period]
						 : (uint8_t)prng_next(&st);
	return n;
}

static void save(const char *path, const uint8_t *buf, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return;
	fwrite(buf, 1, n, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	static uint8_t buf[FUZZ_MAX_INPUT];
	unsigned long count = 20000, files = 0;
	uint64_t seed = 1;
	int i;

	if (getenv("FUZZ_IPC_COUNT") != NULL)
		count = strtoul(getenv("FUZZ_IPC_COUNT"), NULL, 0);
	LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			count = strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else {
			fprintf(stderr,
				"usage: %s [-n COUNT] [-s SEED] [-v] "
				"[FILE|DIR]...\n",
				argv[0]);
			return 2;
		}
	}
	if (i < argc) {
		for (; i < argc; i++)
			files += run_path(argv[i]);
	} else {
		const char *srcdir = getenv("top_srcdir");
		char corpus[4096];
		snprintf(corpus, sizeof(corpus), "%s/tests/fuzz/corpus",
			 srcdir != NULL ? srcdir : ".");
		files += run_path(corpus);
	}
	printf("fuzz-ipc: %lu corpus inputs passed\n", files);
	for (unsigned long k = 0; k < count; k++) {
		char name[64];
		size_t n = generate(seed, k, buf);
		snprintf(name, sizeof(name), "fuzz-crash-%llu-%lu",
			 (unsigned long long)seed, k);
		save(name, buf, n);
		LLVMFuzzerTestOneInput(buf, n);
		remove(name);
	}
	printf("fuzz-ipc: seed %llu: %lu generated inputs passed\n",
	       (unsigned long long)seed, count);
	printf("fuzz-ipc: %lu inputs, %lu ops, %lu sends (%lu ok), %lu "
	       "receives ok, %lu mach_port calls, %lu RPCs (%lu sent, %lu "
	       "replies)\n",
	       fuzz_stats.inputs, fuzz_stats.ops, fuzz_stats.sends,
	       fuzz_stats.sends_ok, fuzz_stats.receives_ok,
	       fuzz_stats.port_calls, fuzz_stats.rpcs, fuzz_stats.rpcs_sent,
	       fuzz_stats.replies);
	return 0;
}
