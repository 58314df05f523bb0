/*
 * Boot test vm-pageout: memory pressure with the default pager
 * (bootstrap/pager/default-pager.c, started beside this task; the boot
 * file gives the machine 16 MiB).
 *
 *  - vm_set_default_memory_manager with a null port only asks: wait
 *    until the default pager has registered;
 *  - dirty 20 MiB of anonymous memory with a pattern (more than RAM):
 *    the kernel's pageout sends pages to the default pager as free pages
 *    fall below the target;
 *  - read all of it back (faults ask the default pager again) and
 *    check every word; write and check once more.
 */
#include <stdint.h>

#include <mach/mach_port.h>

#include "../mach_test_util.h"

#define PAGE  4096UL
#define WORDS (PAGE / 8) /* 64-bit words */
#define SIZE  (20UL * 1024 * 1024)

static uint64_t pattern(unsigned long page, unsigned long word,
			unsigned long round)
{
	/* Few runs per page, so the default pager stores it small. */
	return word < 8 ? page * 0x100000001ULL + word + round
			: 0x5a5a000000000000ULL ^ ((uint64_t)page << 8) ^ round;
}

static void fill(volatile uint64_t *w, unsigned long round)
{
	for (unsigned long p = 0; p < SIZE / PAGE; p++)
		for (unsigned long i = 0; i < WORDS; i++)
			w[p * WORDS + i] = pattern(p, i, round);
}

static void check(volatile uint64_t *w, unsigned long round)
{
	for (unsigned long p = 0; p < SIZE / PAGE; p++)
		for (unsigned long i = 0; i < WORDS; i++)
			if (w[p * WORDS + i] != pattern(p, i, round))
				TEST_FAIL("page %lu word %lu reads %llx", p, i,
					  (unsigned long long)w[p * WORDS + i]);
}

static unsigned int pageouts(void)
{
	vm_statistics_data_t st;

	EXPECT(vm_statistics(mach_task_self(), &st), KERN_SUCCESS);
	return (unsigned int)st.pageouts;
}

/* The default pager's port, once one registered (else MACH_PORT_NULL). */
static mach_port_t default_pager(void)
{
	mach_port_t dm = MACH_PORT_NULL;

	EXPECT(vm_set_default_memory_manager(test_host_priv(), &dm),
	       KERN_SUCCESS);
	return dm;
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t dm = MACH_PORT_NULL;
	vm_address_t a = 0;
	unsigned int before;

	(void)argc;
	(void)argv;
	(void)envp;
	TEST_WAIT_UNTIL((dm = default_pager()) != MACH_PORT_NULL, 10,
			"no default pager registered in 10 s");
	printf("vm-pageout: default pager is there\n");

	before = pageouts();
	EXPECT(vm_allocate(mach_task_self(), &a, SIZE, TRUE), KERN_SUCCESS);
	fill((volatile uint64_t *)a, 0);
	printf("vm-pageout: 20 MiB written, %u pages out\n",
	       pageouts() - before);
	CHECK(pageouts() - before > 1024);
	check((volatile uint64_t *)a, 0);
	printf("vm-pageout: 20 MiB read back intact\n");
	fill((volatile uint64_t *)a, 7);
	check((volatile uint64_t *)a, 7);
	printf("vm-pageout: rewritten and read back intact, %u pages out\n",
	       pageouts() - before);
	EXPECT(vm_deallocate(mach_task_self(), a, SIZE), KERN_SUCCESS);
	TEST_SUCCESS();
}
