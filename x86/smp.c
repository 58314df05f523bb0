/*
 * x86/smp.c - the processors of both x86 ports: found, started, run
 * threads; the local APICs: timers, reschedule and TLB shootdown
 * interrupts.
 *
 * cpus_discover (arch_boot, before kernel_main) reads the local APIC
 * entries of the ACPI MADT (RSDP -> XSDT or RSDT -> "APIC"), or those of
 * the MP table when there is no ACPI, into cpus[]: the boot processor
 * (BSP) first, then the application processors (APs) in table order.
 * The tables and the APIC registers are reached through pmap_boot_map
 * (x86_64: the direct map of the low 4 GiB; i386: the direct map of the
 * low 768 MiB, or 2 MiB pages mapped at boot above the kernel window).
 *
 * arch_cpus_start (kernel_main, after the clock started) starts the APs
 * one at a time: INIT, 10 ms, startup IPI, 200 us, a second startup IPI
 * if the AP has not answered yet, then up to AP_START_TIMEOUT_NS of guest
 * time for it to report. Each AP comes up in the port's smp_tramp.S (real
 * mode to long mode on x86_64, to 32-bit protected mode with PAE paging
 * on i386, on the page-table root pmap_tramp_root built: the kernel's,
 * with low memory also mapped at 0) and continues in ap_main on its own
 * kernel stack: the kernel's page tables, its own tables and per-CPU
 * base (cpu_init_ap: GDT and TSS, its struct cpu in the GS base on
 * x86_64 or behind the %gs segment on i386, the shared IDT and LDT, the
 * FPU bits), its local APIC (enabled, LINT0/1 masked, the timer periodic
 * at CLOCK_HZ); it prints its banner line on the console, sets its online
 * flag and joins the scheduler (sched_cpu_run), which waits for the
 * kernel lock.
 *
 * The BSP keeps the PIC and the PIT (x86/clock.c: the clock, the
 * deadlines, its own ticks); its local APIC is enabled for the IPIs, its
 * timer only measured (lapic_calibrate). Vectors (x86/smp.h):
 * VECTOR_LAPIC_TIMER (an AP's tick: clock_interrupt_cpu), VECTOR_RESCHED
 * (arch_cpu_poke: the receiver passes a preemption point),
 * VECTOR_SHOOTDOWN (served without the kernel lock: pmap_flush_local,
 * then clear the request), and VECTOR_SPURIOUS. The APIC registers are
 * uncached by the MTRRs; they are below 4 GiB on every PC.
 *
 * Lock order: cpus[] is written by the BSP before an AP starts and by
 * that AP only in its online flag (release store, acquire load); the AP
 * writes the console only while the BSP waits for that flag. IPIs are
 * sent under the kernel lock (one ICR user at a time, interrupts off). A
 * shootdown request word (struct cpu's tlb_flush) is set by the lock
 * holder and cleared by its processor, which serves it from the IPI or
 * while it spins for the lock (arch_lock_spin_poll).
 */
#include <stdbool.h>
#include <stddef.h>
#include <base/arch.h>
#include <base/boot.h>
#include <base/clock.h>
#include <base/cpu.h>
#include <base/sched.h>
#include <base/debug.h>
#include <base/kmem.h>
#include <base/string.h>
#include "shared.h"
#include "smp.h"

#define AP_START_TIMEOUT_NS 2000000000ULL /* guest time, per AP */
#define INIT_DELAY_NS	    10000000ULL	  /* 10 ms after INIT */
#define SIPI_DELAY_NS	    200000ULL	  /* 200 us after a startup IPI */
#define IPI_SEND_TIMEOUT_NS 10000000ULL	  /* ICR delivery status */

#define LAPIC_ID	 0x020
#define LAPIC_EOI	 0x0B0
#define LAPIC_SVR	 0x0F0
#define LAPIC_LVT_TIMER	 0x320
#define LAPIC_LVT_LINT0	 0x350
#define LAPIC_LVT_LINT1	 0x360
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	 0x390
#define LAPIC_TIMER_DIV	 0x3E0
#define SVR_ENABLE	 0x100U
#define LVT_MASKED	 0x10000U
#define LVT_PERIODIC	 0x20000U
#define TIMER_DIV_16	 0x3U
#define CALIBRATE_NS	 10000000ULL /* 10 ms */
#define LAPIC_ICR_LOW	 0x300
#define LAPIC_ICR_HIGH	 0x310
#define ICR_PENDING	 (1U << 12)
#define ICR_INIT	 0x00000500U
#define ICR_STARTUP	 0x00000600U
#define ICR_LEVEL_ASSERT 0x00004000U
#define LAPIC_DEFAULT_PA 0xFEE00000ULL
#define MSR_APIC_BASE	 0x1B
#define APIC_BASE_ADDR	 0x0000000FFFFFF000ULL
#define CPUID1_EDX_APIC	 (1U << 9)

struct x86_cpu {
	uint32_t apic_id;
	int online; /* the CPU runs its own code; atomic */
};

/* What smp_tramp.S reads (the offsets: x86/smp.h). */
struct smp_tramp_params {
	uint32_t cr3;
	uint32_t efer;
	uint64_t stack;
	uint64_t entry;
	uint64_t arg;
};
_Static_assert(sizeof(struct smp_tramp_params) == TRAMP_PARAMS_LEN,
	       "tramp params");
_Static_assert(offsetof(struct smp_tramp_params, efer) == TRAMP_EFER &&
		       offsetof(struct smp_tramp_params, stack) ==
			       TRAMP_STACK &&
		       offsetof(struct smp_tramp_params, entry) ==
			       TRAMP_ENTRY &&
		       offsetof(struct smp_tramp_params, arg) == TRAMP_ARG,
	       "tramp params layout");

static struct x86_cpu cpus[CPU_MAX];
static unsigned int cpu_count = 1;
static const char *cpu_source = "no table";
static unsigned int cpus_ignored;
static phys_addr_t lapic_pa = LAPIC_DEFAULT_PA;
static volatile uint32_t *lapic_regs; /* pmap_boot_map(lapic_pa) */
static bool tramp_usable;
static uint32_t lapic_ticks_per_tick; /* timer counts per clock tick */

/* ---- Finding the tables ------------------------------------------------ */

/* A kernel address of [pa, pa + len), or NULL (pa 0, or beyond what
 * the port can map). */
static const void *phys_map(uint64_t pa, uint64_t len)
{
	return pa == 0 ? NULL : pmap_boot_map(pa, len);
}

static bool checksum_ok(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (n-- > 0)
		sum += *b++;
	return sum == 0;
}

/* The first 16-byte aligned structure in [start, end) that begins with
 * sig (len bytes) and that valid accepts, or NULL. */
static const void *scan(uint64_t start, uint64_t end, const char *sig,
			size_t len, bool (*valid)(const void *))
{
	for (uint64_t pa = (start + 15) & ~15ULL; pa + len <= end; pa += 16) {
		const void *p = phystokv(pa);

		if (memcmp(p, sig, len) == 0 && valid(p))
			return p;
	}
	return NULL;
}

/* The BIOS areas where RSDP and MP pointers live: the first KiB of the
 * EBDA, the last KiB of base memory, the BIOS ROM. */
static const void *scan_bios(const char *sig, size_t len,
			     bool (*valid)(const void *))
{
	uint64_t ebda = (uint64_t) * (const uint16_t *)phystokv(0x40E) << 4;
	uint64_t base_kib = *(const uint16_t *)phystokv(0x413);
	const void *p = NULL;

	if (ebda >= 0x80000 && ebda < 0xA0000)
		p = scan(ebda, ebda + 1024, sig, len, valid);
	if (p == NULL && base_kib >= 512 && base_kib <= 640)
		p = scan(base_kib * 1024 - 1024, base_kib * 1024, sig, len,
			 valid);
	if (p == NULL)
		p = scan(0xE0000, 0x100000, sig, len, valid);
	return p;
}

/* ---- ACPI ---------------------------------------------------------------- */

struct acpi_rsdp {
	char sig[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length; /* revision >= 2 */
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __attribute__((packed));

struct acpi_header {
	char sig[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_revision;
	uint32_t creator;
	uint32_t creator_revision;
} __attribute__((packed));

#define MADT_LAPIC	   0
#define MADT_LAPIC_ADDR	   5
#define MADT_X2APIC	   9
#define MADT_ENABLED	   1U
#define XAPIC_BROADCAST_ID 0xFF

static bool rsdp_valid(const void *p)
{
	const struct acpi_rsdp *r = p;

	if (!checksum_ok(r, 20))
		return false;
	return r->revision < 2 ||
	       (r->length >= sizeof(*r) && r->length <= 4096 &&
		checksum_ok(r, r->length));
}

/* The table at pa if its header, length and checksum are sound. */
static const struct acpi_header *acpi_table(uint64_t pa)
{
	const struct acpi_header *h = phys_map(pa, sizeof(*h));

	if (h == NULL || h->length < sizeof(*h))
		return NULL;
	h = phys_map(pa, h->length); /* the whole table */
	if (h == NULL || !checksum_ok(h, h->length))
		return NULL;
	return h;
}

/* The table with signature sig listed in the XSDT (or the RSDT). */
static const struct acpi_header *acpi_find(const struct acpi_rsdp *rsdp,
					   const char *sig)
{
	bool x = rsdp->revision >= 2 && rsdp->xsdt != 0;
	const struct acpi_header *root =
		acpi_table(x ? rsdp->xsdt : rsdp->rsdt);
	size_t width = x ? 8 : 4;

	if (root == NULL)
		return NULL;
	size_t n = (root->length - sizeof(*root)) / width;
	const uint8_t *entries = (const uint8_t *)(root + 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t pa = 0;
		const struct acpi_header *t;

		memcpy(&pa, entries + i * width, width);
		t = acpi_table(pa);
		if (t != NULL && memcmp(t->sig, sig, 4) == 0)
			return t;
	}
	return NULL;
}

/* Record a processor with local APIC id; duplicates and the ones past
 * CPU_MAX are left out (the latter counted). */
static void cpu_add(uint32_t apic_id)
{
	for (unsigned int i = 0; i < cpu_count; i++)
		if (cpus[i].apic_id == apic_id)
			return;
	if (cpu_count == CPU_MAX) {
		cpus_ignored++;
		return;
	}
	cpus[cpu_count++].apic_id = apic_id;
}

/* Read the MADT's processors; false when there is no MADT. */
static bool madt_read(void)
{
	const struct acpi_rsdp *rsdp = scan_bios("RSD PTR ", 8, rsdp_valid);
	const struct acpi_header *madt;
	const uint8_t *p, *end;

	if (rsdp == NULL || (madt = acpi_find(rsdp, "APIC")) == NULL ||
	    madt->length < sizeof(*madt) + 8)
		return false;
	p = (const uint8_t *)(madt + 1);
	end = (const uint8_t *)madt + madt->length;
	lapic_pa = *(const uint32_t *)p;
	for (p += 8; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t flags, id;

		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			memcpy(&flags, p + 4, 4);
			if (flags & MADT_ENABLED)
				cpu_add(p[3]);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&id, p + 4, 4);
			memcpy(&flags, p + 8, 4);
			if ((flags & MADT_ENABLED) && id < XAPIC_BROADCAST_ID)
				cpu_add(id);
		} else if (p[0] == MADT_LAPIC_ADDR && p[1] >= 12) {
			memcpy(&lapic_pa, p + 4, 8);
		}
	}
	cpu_source = "ACPI MADT";
	return true;
}

/* ---- The MP table (Intel MultiProcessor Specification 1.4) ----------- */

struct mp_pointer {
	char sig[4];
	uint32_t config;
	uint8_t length; /* in 16-byte units */
	uint8_t revision;
	uint8_t checksum;
	uint8_t features[5]; /* features[0] != 0: a default configuration */
} __attribute__((packed));

struct mp_config {
	char sig[4];
	uint16_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem[8];
	char product[12];
	uint32_t oem_table;
	uint16_t oem_table_size;
	uint16_t entries;
	uint32_t lapic;
	uint16_t ext_length;
	uint8_t ext_checksum;
	uint8_t reserved;
} __attribute__((packed));

#define MP_PROCESSOR	 0
#define MP_PROCESSOR_LEN 20
#define MP_OTHER_LEN	 8
#define MP_LAST_TYPE	 4
#define MP_CPU_ENABLED	 1U

static bool mp_pointer_valid(const void *p)
{
	const struct mp_pointer *m = p;

	return m->length == 1 && checksum_ok(m, sizeof(*m));
}

/* Read the MP table's processors; false when there is none we can read
 * (no pointer, or a default configuration without a table). */
static bool mp_read(void)
{
	const struct mp_pointer *mp = scan_bios("_MP_", 4, mp_pointer_valid);
	const struct mp_config *c;
	const uint8_t *p, *end;

	if (mp == NULL || mp->features[0] != 0 ||
	    (c = phys_map(mp->config, sizeof(*c))) == NULL)
		return false;
	if (memcmp(c->sig, "PCMP", 4) != 0 || c->length < sizeof(*c) ||
	    (c = phys_map(mp->config, c->length)) == NULL ||
	    !checksum_ok(c, c->length))
		return false;
	lapic_pa = c->lapic;
	p = (const uint8_t *)(c + 1);
	end = (const uint8_t *)c + c->length;
	for (unsigned int i = 0; i < c->entries && p < end; i++) {
		size_t len =
			p[0] == MP_PROCESSOR ? MP_PROCESSOR_LEN : MP_OTHER_LEN;

		if (p[0] > MP_LAST_TYPE || p + len > end)
			break;
		if (p[0] == MP_PROCESSOR && (p[3] & MP_CPU_ENABLED))
			cpu_add(p[1]);
		p += len;
	}
	cpu_source = "MP table";
	return true;
}

/* ---- The local APIC ------------------------------------------------------ */

static uint32_t lapic_read(unsigned int reg)
{
	return lapic_regs[reg / 4];
}

static void lapic_write(unsigned int reg, uint32_t v)
{
	lapic_regs[reg / 4] = v;
}

/* Map the registers of the local APIC at lapic_pa; false if the port
 * cannot. */
static bool lapic_map(void)
{
	lapic_regs = (volatile uint32_t *)phys_map(lapic_pa, PAGE_SIZE);
	return lapic_regs != NULL;
}

/* Busy-wait until the clock passes deadline_ns or done() (when not NULL)
 * holds; true if done() held. Interrupts enabled (the clock advances). */
static bool wait_until(uint64_t deadline_ns, bool (*done)(const void *),
		       const void *arg)
{
	for (;;) {
		if (done != NULL && done(arg))
			return true;
		if (arch_clock_ns() >= deadline_ns)
			return done != NULL && done(arg);
		__asm__ volatile("pause");
	}
}

static bool ipi_delivered(const void *arg)
{
	(void)arg;
	return !(lapic_read(LAPIC_ICR_LOW) & ICR_PENDING);
}

/* Send the IPI command low to the CPU with local APIC id; false if the
 * APIC did not take it within IPI_SEND_TIMEOUT_NS. */
static bool lapic_ipi(uint32_t apic_id, uint32_t low)
{
	unsigned long s = arch_intr_save(); /* the ICR's two words together */

	lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	lapic_write(LAPIC_ICR_LOW, low);
	arch_intr_restore(s);
	return wait_until(arch_clock_ns() + IPI_SEND_TIMEOUT_NS, ipi_delivered,
			  NULL);
}

static void delay_ns(uint64_t ns)
{
	wait_until(arch_clock_ns() + ns, NULL, NULL);
}

/* ---- Finding the processors (arch_boot) ------------------------------ */

/* The trampoline's two pages at SMP_TRAMP_PA are free low memory: below
 * the end of base memory (low_kib KiB, 0 if unknown) and in no module. */
static bool tramp_area_free(const struct boot_info *bi, uint32_t low_kib)
{
	uint64_t start = SMP_TRAMP_PA, end = SMP_TRAMP_ROOT_PA + PAGE_SIZE;

	if ((uint64_t)low_kib * 1024 < end)
		return false;
	for (unsigned int i = 0; i < bi->nr_modules; i++)
		if (bi->modules[i].start < end && bi->modules[i].end > start)
			return false;
	return true;
}

void cpus_discover(const struct boot_info *bi, uint32_t low_kib)
{
	uint32_t a, b, c, d;
	uint32_t bsp_id;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_APIC)) {
		cpu_source = "no local APIC";
		return;
	}
	lapic_pa = rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR;
	if (!lapic_map())
		return;
	bsp_id = lapic_read(LAPIC_ID) >> 24;
	cpus[0].apic_id = bsp_id;
	cpus[0].online = 1;
	if (!madt_read())
		mp_read();
	if (!lapic_map() || lapic_read(LAPIC_ID) >> 24 != bsp_id) {
		/* The table names another APIC: believe none of it. */
		cpu_count = 1;
		cpu_source = "a table with a bad local APIC address";
		lapic_pa = LAPIC_DEFAULT_PA;
		lapic_map();
		return;
	}
	tramp_usable = tramp_area_free(bi, low_kib);
}

/* ---- Starting the application processors ------------------------------ */

/* Send vector to the CPU with local APIC id (fixed delivery), after the
 * previous IPI left the ICR. Interrupts off. */
static void lapic_send(uint32_t apic_id, uint32_t vector)
{
	for (unsigned int i = 0;
	     i < 1000000 && (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING); i++)
		arch_cpu_relax();
	lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	lapic_write(LAPIC_ICR_LOW, vector);
}

static void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Software-enable this CPU's local APIC (spurious vector). */
static void lapic_enable(void)
{
	lapic_write(LAPIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
}

/* The BSP: enable its APIC for IPIs and measure its timer against the
 * PIT clock (interrupts on: the clock advances). */
static void lapic_calibrate(void)
{
	lapic_enable();
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED | VECTOR_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_TIMER_INIT, 0xFFFFFFFFU);
	delay_ns(CALIBRATE_NS);
	lapic_ticks_per_tick =
		(0xFFFFFFFFU - lapic_read(LAPIC_TIMER_CUR)) *
		(uint32_t)(1000000000ULL / CLOCK_HZ / CALIBRATE_NS);
	lapic_write(LAPIC_TIMER_INIT, 0);
	if (lapic_ticks_per_tick == 0)
		lapic_ticks_per_tick = 1;
}

/* An AP: its APIC enabled, LINT0/1 masked (the PIC is the BSP's), the
 * timer periodic at CLOCK_HZ. Interrupts off. */
static void lapic_init_ap(void)
{
	lapic_enable();
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_PERIODIC | VECTOR_LAPIC_TIMER);
	lapic_write(LAPIC_TIMER_INIT, lapic_ticks_per_tick);
}

/* The AP's first C code, on its own stack, interrupts off, the
 * trampoline's page tables and GDT loaded. */
static noreturn void ap_main(struct x86_cpu *c)
{
	unsigned int i = (unsigned int)(c - cpus);
	char line[80];
	int n;

	write_cr3((unsigned long)pmap_kernel_root_pa());
	cpu_init_ap(i);
	pmap_cpu_init();
	lapic_init_ap();
	n = snprintf(line, sizeof(line), "cpu%u: online (local APIC id %u)\n",
		     i, c->apic_id);
	for (int k = 0; k < n && k < (int)sizeof(line) - 1; k++)
		arch_console_putc(line[k]);
	__atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
	sched_cpu_run();
}

static bool cpu_is_online(const void *arg)
{
	const struct x86_cpu *c = arg;

	return __atomic_load_n(&c->online, __ATOMIC_ACQUIRE) != 0;
}

/* Copy the trampoline to SMP_TRAMP_PA and build its page-table root in
 * the page after it (the port's pmap_tramp_root). */
static void tramp_install(void)
{
	memcpy(phystokv(SMP_TRAMP_PA), smp_tramp_start,
	       (size_t)(smp_tramp_end - smp_tramp_start));
	pmap_tramp_root(SMP_TRAMP_ROOT_PA);
}

/* Give AP c its stack and tables (the port's cpu_ap_prepare), and point
 * the trampoline at it; false when out of memory. */
static bool ap_prepare(struct x86_cpu *c)
{
	unsigned int i = (unsigned int)(c - cpus);
	struct smp_tramp_params *p = phystokv(
		SMP_TRAMP_PA + (uintptr_t)(smp_tramp_params - smp_tramp_start));
	uint8_t *stack = kalloc(KSTACK_SIZE);

	if (stack == NULL)
		return false;
	if (!cpu_ap_prepare(i)) {
		kfree(stack, KSTACK_SIZE);
		return false;
	}
	sched_cpu_prepare(i);
	cpu_get(i)->index = i;
	cpu_get(i)->arch.apic_id = c->apic_id;
	p->cr3 = SMP_TRAMP_ROOT_PA;
	p->efer = cpu_tramp_efer();
	p->stack = (uintptr_t)(stack + KSTACK_SIZE);
	p->entry = (uintptr_t)ap_main;
	p->arg = (uintptr_t)c;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return true;
}

/* INIT, startup IPI, a second one if needed; true once c reported. */
static bool ap_start(struct x86_cpu *c)
{
	uint32_t sipi = ICR_STARTUP | (SMP_TRAMP_PA >> 12);

	if (!lapic_ipi(c->apic_id, ICR_INIT | ICR_LEVEL_ASSERT))
		return false;
	delay_ns(INIT_DELAY_NS);
	if (!lapic_ipi(c->apic_id, sipi))
		return false;
	if (wait_until(arch_clock_ns() + SIPI_DELAY_NS, cpu_is_online, c))
		return true;
	if (!lapic_ipi(c->apic_id, sipi))
		return false;
	return wait_until(arch_clock_ns() + AP_START_TIMEOUT_NS, cpu_is_online,
			  c);
}

void arch_cpus_start(void)
{
	unsigned long s = arch_intr_save();
	unsigned int up = 1;

	printf("cpus: %u found (%s)%s\n", cpu_count, cpu_source,
	       cpus_ignored ? ", more ignored" : "");
	if (cpu_count > 1 && !tramp_usable) {
		printf("cpus: low memory at 0x%x is not free: APs not "
		       "started\n",
		       SMP_TRAMP_PA);
		arch_intr_restore(s);
		return;
	}
	if (cpu_count > 1)
		tramp_install();
	sti(); /* the clock must advance while we wait on it */
	if (cpu_count > 1)
		lapic_calibrate();
	for (unsigned int i = 1; i < cpu_count; i++) {
		struct x86_cpu *c = &cpus[i];

		if (!ap_prepare(c)) {
			printf("cpu%u: no memory for its stacks\n", i);
			break;
		}
		if (!ap_start(c)) {
			/* It may still come up late: stop, so that no other
			 * AP reuses the trampoline's parameters. */
			printf("cpu%u: did not start (local APIC id %u)\n", i,
			       c->apic_id);
			break;
		}
		up++;
	}
	arch_intr_restore(s);
	if (cpu_count > 1)
		printf("cpus: %u of %u online, all running threads\n", up,
		       cpu_count);
}

unsigned int arch_cpu_count(void)
{
	return cpu_count;
}

bool arch_cpu_started(unsigned int i)
{
	return i < cpu_count &&
	       __atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE) != 0;
}

/* ---- Interrupts between processors --------------------------------------- */

void arch_cpu_poke(unsigned int i)
{
	if (i < cpu_count && i != cpu_self()->index)
		lapic_send(cpus[i].apic_id, VECTOR_RESCHED);
}

void tlb_shootdown_serve(void)
{
	struct arch_cpu *c = &cpu_self()->arch;

	if (__atomic_load_n(&c->tlb_flush, __ATOMIC_ACQUIRE)) {
		pmap_flush_local();
		__atomic_store_n(&c->tlb_flush, 0, __ATOMIC_RELEASE);
	}
}

void tlb_shootdown(uint32_t mask)
{
	unsigned int me = cpu_self()->index;
	uint32_t sent = 0;

	for (unsigned int i = 0; i < cpu_count; i++) {
		struct arch_cpu *c = &cpu_get(i)->arch;

		if (i == me || !(mask & (1U << i)) || !arch_cpu_started(i))
			continue;
		__atomic_store_n(&c->tlb_flush, 1, __ATOMIC_RELEASE);
		lapic_send(cpus[i].apic_id, VECTOR_SHOOTDOWN);
		sent |= 1U << i;
	}
	for (unsigned int i = 0; i < cpu_count; i++)
		while ((sent & (1U << i)) &&
		       __atomic_load_n(&cpu_get(i)->arch.tlb_flush,
				       __ATOMIC_ACQUIRE))
			arch_cpu_relax();
}

void tlb_shootdown_lazy(void)
{
	unsigned int me = cpu_self()->index;

	for (unsigned int i = 0; i < cpu_count; i++)
		if (i != me && arch_cpu_started(i))
			__atomic_store_n(&cpu_get(i)->arch.tlb_flush, 1,
					 __ATOMIC_RELEASE);
}

bool lapic_lockless(struct trap_frame *f)
{
	switch (f->vector) {
	case VECTOR_SHOOTDOWN:
		tlb_shootdown_serve();
		lapic_eoi();
		return true;
	case VECTOR_SPURIOUS:
		return true;
	case VECTOR_LAPIC_TIMER:
		/* A tick that only counts (an idle processor's, or a thread
		 * with quantum left) is not worth the kernel lock. */
		if (!clock_interrupt_cpu_lockless())
			return false;
		lapic_eoi();
		return true;
	default:
		return false;
	}
}

void lapic_interrupt(struct trap_frame *f)
{
	lapic_eoi();
	if (f->vector == VECTOR_LAPIC_TIMER)
		timer_tick_cpu(f);
	/* VECTOR_RESCHED: the sender set resched; the way out preempts. */
}
