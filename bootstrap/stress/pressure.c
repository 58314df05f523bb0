/*
 * bootstrap/stress/pressure.c - memory pressure with a user default pager
 * (bootstrap/pager/default-pager.c, started beside this task by
 * stress-pressure.boot, which gives the machine 32 MiB).
 *
 * This task wires what it has (vm_wire_all, VM_WIRE_CURRENT: its text,
 * data and stacks stay resident, so the counts compare), then each round
 *  - dirties REGIONS anonymous regions that together are a quarter more
 *    than the machine's memory: pageout sends pages to the default pager;
 *  - moves a part of the first region out of line to itself (copy) while
 *    memory is short, and checks what arrives;
 *  - reads every region back (faults ask the default pager) and checks
 *    every word, rewrites one word per page and checks again;
 *  - frees everything: the objects terminate, the pager gives its
 *    storage back.
 * The counts come back to the baseline (ports, objects, kmem...).
 */
#include <string.h>

#include <mach/gnumach.h>
#include <mach/vm_wire.h>

#include "stress.h"

#define PAGE	  4096UL
#define WORDS	  (PAGE / sizeof(uint64_t)) /* 64-bit words on both ports */
#define ROUNDS	  1
#define REGIONS	  4
#define OOL_BYTES (1024 * 1024UL)

struct region {
	vm_address_t addr;
	unsigned long pages;
};

static uint64_t pattern(uint64_t round, uint64_t region, uint64_t page,
			uint64_t word)
{
	/* Few runs per page, so the default pager stores it small. */
	uint64_t tag = (round << 40) ^ (region << 32) ^ page;

	return word < 4 ? tag * 0x9e3779b97f4a7c15ULL + word : tag;
}

static void fill(const struct region *r, unsigned long round, unsigned long n)
{
	volatile uint64_t *w = (volatile uint64_t *)r->addr;

	for (unsigned long p = 0; p < r->pages; p++)
		for (unsigned long i = 0; i < WORDS; i++)
			w[p * WORDS + i] = pattern(round, n, p, i);
}

/* Every word as fill wrote it, but word 5 of each page, which is
 * expected to be extra (0 for none). */
static void check(const struct region *r, unsigned long round, unsigned long n,
		  uint64_t extra)
{
	volatile uint64_t *w = (volatile uint64_t *)r->addr;

	for (unsigned long p = 0; p < r->pages; p++) {
		for (unsigned long i = 0; i < WORDS; i++) {
			uint64_t want = extra != 0 && i == 5
						? extra
						: pattern(round, n, p, i);
			if (w[p * WORDS + i] != want)
				TEST_FAIL("pressure: region %lu page %lu word "
					  "%lu reads %llx, not %llx",
					  n, p, i,
					  (unsigned long long)w[p * WORDS + i],
					  (unsigned long long)want);
		}
	}
}

/* Send the first OOL_BYTES of r out of line (copied) to a port of this
 * task, receive it and check the copy against r. */
static void ool_round_trip(const struct region *r)
{
	struct ool_msg {
		mach_msg_header_t head;
		mach_msg_type_long_t type;
		vm_address_t data;
	} msg = {0};
	union {
		struct ool_msg m;
		char buf[256];
	} in;
	mach_port_t port = stress_port_alloc();

	msg.head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) |
			     MACH_MSGH_BITS_COMPLEX;
	msg.head.msgh_size = sizeof(msg);
	msg.head.msgh_remote_port = port;
	msg.head.msgh_id = 4242;
	msg.type.msgtl_header.msgt_longform = 1;
	msg.type.msgtl_header.msgt_inline = 0;
	msg.type.msgtl_name = MACH_MSG_TYPE_BYTE;
	msg.type.msgtl_size = 8;
	msg.type.msgtl_number = OOL_BYTES;
	msg.data = r->addr;
	EXPECT_OK(mach_msg(&msg.head, MACH_SEND_MSG, sizeof(msg), 0,
			   MACH_PORT_NULL, 0, MACH_PORT_NULL));
	EXPECT_OK(mach_msg(&in.m.head, MACH_RCV_MSG, 0, sizeof(in), port, 0,
			   MACH_PORT_NULL));
	CHECK_EQ(in.m.head.msgh_id, 4242);
	CHECK_EQ(in.m.type.msgtl_number, OOL_BYTES);
	CHECK(memcmp((void *)in.m.data, (void *)r->addr, OOL_BYTES) == 0);
	EXPECT_OK(vm_deallocate(mach_task_self(), in.m.data, OOL_BYTES));
	stress_port_destroy(port);
}

static void pressure_round(unsigned long round, unsigned long total_pages)
{
	struct region r[REGIONS];
	unsigned long each = total_pages * 5 / 4 / REGIONS;

	for (unsigned long n = 0; n < REGIONS; n++) {
		r[n].addr = 0;
		r[n].pages = each;
		EXPECT_OK(vm_allocate(mach_task_self(), &r[n].addr, each * PAGE,
				      TRUE));
		fill(&r[n], round, n);
	}
	ool_round_trip(&r[0]);
	for (unsigned long n = 0; n < REGIONS; n++)
		check(&r[n], round, n, 0);
	for (unsigned long n = 0; n < REGIONS; n++) {
		volatile uint64_t *w = (volatile uint64_t *)r[n].addr;
		for (unsigned long p = 0; p < r[n].pages; p++)
			w[p * WORDS + 5] = 0x5a5a5a5a00000000ULL | round;
	}
	for (unsigned long n = 0; n < REGIONS; n++)
		check(&r[n], round, n, 0x5a5a5a5a00000000ULL | round);
	for (unsigned long n = 0; n < REGIONS; n++)
		EXPECT_OK(vm_deallocate(mach_task_self(), r[n].addr,
					r[n].pages * PAGE));
}

static unsigned int pageouts(void)
{
	vm_statistics_data_t st;

	EXPECT_OK(vm_statistics(mach_task_self(), &st));
	return (unsigned int)st.pageouts;
}

/* The default pager's port, once one registered (else MACH_PORT_NULL). */
static mach_port_t default_pager(void)
{
	mach_port_t dm = MACH_PORT_NULL;

	EXPECT_OK(vm_set_default_memory_manager(test_host_priv(), &dm));
	return dm;
}

/* Wait until the default pager has registered. */
static void wait_for_pager(void)
{
	mach_port_t dm = MACH_PORT_NULL;

	TEST_WAIT_UNTIL((dm = default_pager()) != MACH_PORT_NULL, 30,
			"pressure: no default pager registered in 30 s");
	EXPECT_OK(mach_port_deallocate(mach_task_self(), dm));
}

void stress_pressure(void)
{
	unsigned long n = ROUNDS * stress_scale, total;
	mach5_test_counts_t counts;
	unsigned int before;

	wait_for_pager();
	EXPECT_OK(vm_wire_all(test_host_priv(), mach_task_self(),
			      VM_WIRE_CURRENT));
	stress_counts(counts);
	total = counts[MACH5_TEST_TOTAL_PAGES];
	stress_baseline("pressure");
	before = pageouts();
	for (unsigned long k = 0; k < n; k++)
		pressure_round(k + 1, total);
	printf("stress pressure: %lu rounds of %lu KiB, %u pages out\n", n,
	       total * 5 / 4 * PAGE / 1024, pageouts() - before);
	CHECK(pageouts() - before > total / 4);
	stress_check("pressure", n);
}
