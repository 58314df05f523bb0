/*
 * Boot test smp-segments (i386): user segments with threads on several
 * processors. The i386 kernel keeps a GDT per processor (the TLS slots
 * 0x4B and 0x53 of the thread running there, the task's LDT descriptor)
 * and replaces a task's LDT only once no other processor has the old one
 * loaded (a shootdown reloads it there).
 *
 *  - the LDT reader spins, loading LDT selector 0x27 into %fs and reading
 *    through it, each read checked against its buffer's marker;
 *  - the TLS reader sets its own GDT slot (i386_set_gdt) to a buffer of
 *    its own and reads through %gs, yielding (swtch) every few reads so
 *    that it is switched out and in, perhaps on the other processor;
 *  - meanwhile the main thread, whose own GDT slot points elsewhere,
 *    replaces the task's LDT ROUNDS times, each one longer than the last
 *    (a new LDT, the old one freed) and entry 4 based at one of two
 *    buffers with the same marker, checking its own %gs after each call.
 * Every read must see its own marker; the LDT reader must have read
 * during the replacements. The waits are on events (flags) and the guest
 * clock (test_sleep_ms between rounds); with `smp 2` the readers run on
 * the other processor while the main thread works.
 *
 *   smp-segments HOST_PRIV DEVICE
 */
#include <stdio.h>

#include <mach/mach_interface.h>
#include <mach/machine/mach_i386.h>

#include "bootstrap/tests/mach_test_util.h"

#define ROUNDS	   64
#define ROUND_MS   5
#define MARK_LDT   0x1D71D700u
#define MARK_TLS   0x7157A000u
#define MARK_MAIN  0x3A1A3A1Au
#define LDT_SEL	   0x27 /* LDT entry 4, RPL 3 */
#define TLS_YIELDS 64	/* reads between the TLS reader's yields */

static volatile unsigned int ldt_buf[2][2] = {{MARK_LDT, 0}, {MARK_LDT, 1}};
static volatile unsigned int tls_buf[2] = {MARK_TLS, 0};
static volatile unsigned int main_buf[2] = {MARK_MAIN, 0};
static volatile int ldt_ready, tls_ready, stop, ldt_done, tls_done;
static volatile unsigned long ldt_reads, tls_reads;
static const char *volatile error;

/* A present 32-bit data segment of DPL 3 (access 0xF2), byte granular. */
static struct descriptor data_desc(unsigned int base, unsigned int limit)
{
	struct descriptor d;

	d.low_word = (limit & 0xFFFF) | (base & 0xFFFF) << 16;
	d.high_word = (base >> 16 & 0xFF) | 0xF2 << 8 |
		      (limit >> 16 & 0xF) << 16 | 0x40 << 16 |
		      (base >> 24) << 24;
	return d;
}

static unsigned int read_through(unsigned int sel)
{
	unsigned int v;

	__asm__ volatile("movl %1, %%fs\n\t"
			 "movl %%fs:0, %0\n\t"
			 "movl %2, %%fs"
			 : "=&r"(v)
			 : "r"(sel), "r"(0)
			 : "memory");
	return v;
}

static unsigned int read_gs(void)
{
	unsigned int v;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(v) : : "memory");
	return v;
}

static void ldt_reader(void)
{
	ldt_ready = 1;
	while (!stop) {
		if (read_through(LDT_SEL) != MARK_LDT) {
			error = "the LDT reader read a wrong value";
			break;
		}
		ldt_reads++;
	}
	ldt_done = 1;
	idle_forever();
}

static void tls_reader(void)
{
	struct descriptor d = data_desc((unsigned int)tls_buf, 7);
	int sel = -1;

	if (i386_set_gdt(mach_thread_self(), &sel, d) != KERN_SUCCESS) {
		error = "i386_set_gdt failed in the TLS reader";
		tls_done = 1;
		idle_forever();
	}
	__asm__ volatile("movl %0, %%gs" : : "r"(sel));
	tls_ready = 1;
	while (!stop) {
		if (read_gs() != MARK_TLS) {
			error = "the TLS reader read a wrong value";
			break;
		}
		if (++tls_reads % TLS_YIELDS == 0)
			swtch();
	}
	tls_done = 1;
	idle_forever();
}

/* Replace the task's LDT ROUNDS times, each one entry longer; entry 4
 * alternates between the two LDT buffers. */
static void replace_ldts(mach_port_t thread)
{
	for (unsigned int r = 0; r < ROUNDS; r++) {
		struct descriptor d[2] = {
			data_desc((unsigned int)ldt_buf[r % 2], 7),
			data_desc((unsigned int)ldt_buf[0], 7),
		};

		EXPECT(i386_set_ldt(thread, LDT_SEL, &d[0], 1), KERN_SUCCESS);
		EXPECT(i386_set_ldt(thread, LDT_SEL + 8 * (r + 1), &d[1], 1),
		       KERN_SUCCESS);
		CHECK_EQ(read_gs(), MARK_MAIN);
		if (error != NULL)
			TEST_FAIL("%s (round %u)", error, r);
		test_sleep_ms(ROUND_MS);
	}
}

int main(int argc, char **argv, char **envp)
{
	mach_port_t thread = mach_thread_self();
	struct descriptor d = data_desc((unsigned int)ldt_buf[0], 7);
	struct descriptor m = data_desc((unsigned int)main_buf, 7);
	unsigned long before;
	int sel = -1;

	(void)argc;
	(void)argv;
	(void)envp;
	EXPECT(i386_set_ldt(thread, LDT_SEL, &d, 1), KERN_SUCCESS);
	EXPECT(i386_set_gdt(thread, &sel, m), KERN_SUCCESS);
	__asm__ volatile("movl %0, %%gs" : : "r"(sel));
	CHECK_EQ(read_gs(), MARK_MAIN);
	start_thread(ldt_reader);
	start_thread(tls_reader);
	wait_flag(&ldt_ready, "the LDT reader");
	wait_flag(&tls_ready, "the TLS reader");
	before = ldt_reads;
	replace_ldts(thread);
	CHECK(ldt_reads > before);
	stop = 1;
	wait_flag(&ldt_done, "the LDT reader's end");
	wait_flag(&tls_done, "the TLS reader's end");
	if (error != NULL)
		TEST_FAIL("%s", error);
	CHECK(tls_reads > 0);
	CHECK_EQ(read_gs(), MARK_MAIN);
	printf("smp-segments: %d LDT replacements, the LDT reader read "
	       "through each (%lu reads), the TLS reader its own slot (%lu "
	       "reads)\n",
	       ROUNDS, ldt_reads - before, tls_reads);
	TEST_SUCCESS();
}
