/*
 * tests/fuzz/fuzz_ipc.h - the hosted IPC fuzz target (fuzz_ipc.c).
 *
 * One input is a byte string decoded into a sequence of operations on a
 * few name spaces (tests/fuzz/README.md lists them). After each input
 * every space is destroyed and the kernel's object counts must be back to
 * their baseline, else the target calls abort() so that the fuzzer (or
 * the deterministic driver) reports the input.
 *
 * Entry points in libFuzzer's convention; fuzz_driver.c calls them
 * without libFuzzer.
 */
#ifndef TESTS_FUZZ_FUZZ_IPC_H
#define TESTS_FUZZ_FUZZ_IPC_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Operations run and messages sent so far (the driver's summary). */
struct fuzz_stats {
	unsigned long inputs;
	unsigned long ops;
	unsigned long sends;
	unsigned long sends_ok;
	unsigned long receives_ok;
	unsigned long port_calls;
	unsigned long rpcs;
	unsigned long rpcs_sent;
	unsigned long replies;
};
extern struct fuzz_stats fuzz_stats;

#endif /* TESTS_FUZZ_FUZZ_IPC_H */
