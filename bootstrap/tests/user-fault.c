/*
 * Boot test user-fault: a write to the unmapped address 0x10 must raise
 * EXC_BAD_ACCESS (exception 1, code KERN_INVALID_ADDRESS 1, subcode 0x10);
 * with no exception port the kernel terminates the task and logs it
 * (tests/boot/user-fault.boot checks the line). Getting past the write is a
 * failure.
 */
#include <stdio.h>

#include <mach5/test.h>

int main(int argc, char **argv, char **envp)
{
	unsigned long addr = 0x10;

	printf("user-fault: writing to 0x%lx\n", addr);
	fflush(NULL);
	/* In asm, so the compiler cannot treat it as a null dereference. */
	__asm__ volatile("movl $1, (%0)" : : "r"(addr) : "memory");
	TEST_FAIL("user-fault: the write to 0x%lx did not fault", addr);
}
