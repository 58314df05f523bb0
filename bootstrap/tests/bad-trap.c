/*
 * Boot test bad-trap: unused slots of the trap table return
 * KERN_INVALID_ARGUMENT, historic stub slots return 0 (ABI §2.2), and the
 * task survives both.
 */
#include <stdio.h>

#include <mach5/test.h>

/* Trap `trap` with junk arguments; fail unless it returns `expected`. */
static void check_trap(long trap, int expected)
{
	long r = mach5_raw_trap(trap, 0x1111, 0x2222, 0x3333, 0x4444, 0x5555,
				0x6666);

	printf("bad-trap: trap %ld returned %d\n", trap, (int)r);
	if ((int)r != expected)
		TEST_FAIL("trap %ld returned %d, expected %d", trap, (int)r,
			  expected);
}

int main(int argc, char **argv, char **envp)
{
	static const long unused[] = {0, -1, -50, -129};
	static const long historic[] = {-10, -13, -55, -56};
	unsigned i;

	for (i = 0; i < sizeof(unused) / sizeof(unused[0]); i++)
		check_trap(unused[i], KERN_INVALID_ARGUMENT);
	for (i = 0; i < sizeof(historic) / sizeof(historic[0]); i++)
		check_trap(historic[i], MACH_PORT_NULL);
	TEST_SUCCESS();
}
