/*
 * Boot test bad-trap-range: a trap number outside 0 ... -129 is not a call
 * but an exception: EXC_BAD_INSTRUCTION (2), code EXC_I386_INVOP (1),
 * subcode 0 (ABI §2.1, §8.2). With no exception port the kernel terminates
 * the task. argv[3] is the trap number (default 5).
 */
#include <stdio.h>
#include <stdlib.h>

#include <mach5/test.h>

int main(int argc, char **argv, char **envp)
{
	long trap = argc > 3 ? strtol(argv[3], NULL, 0) : 5;
	long r;

	printf("bad-trap-range: calling trap %ld\n", trap);
	fflush(NULL);
	r = mach5_raw_trap(trap, 0, 0, 0, 0, 0, 0);
	TEST_FAIL("trap %ld returned %ld instead of raising an exception", trap,
		  r);
}
