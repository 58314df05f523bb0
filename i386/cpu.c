/*
 * i386/cpu.c - descriptor tables, CPU control bits and the interrupt flag.
 *
 * GDT: 0x08 kernel code, 0x10 kernel data, 0x18 LDT, 0x20 TSS, 0x28 the
 * processor's struct cpu (base/cpu.h; the kernel's %gs, KERNEL_PERCPU),
 * 0x48 and 0x50 the current thread's two TLS slots (i386_set_gdt; user
 * selectors 0x4B, 0x53). LDT (ABI §6.4): 0x07 the Mach trap call gate
 * (DPL 3, word count 0, to syscall_gate_entry), 0x0F null, 0x17 user
 * code, 0x1F user data, both flat from 0 to the top of user space
 * (0xBFFFFFFF), DPL 3.
 * Each processor has its own GDT and TSS (struct cpu_tables, tables[i]
 * for processor i; x86/smp.c starts the others), so the same selectors
 * name its own TSS, struct cpu, TLS slots and loaded LDT; the default
 * LDT and the IDT are shared.
 * IDT: vectors 0-31 (exceptions), 32-47 (PIC IRQs) and 48-63 (the local
 * APIC's: timer, IPIs, spurious; x86/smp.c), all interrupt gates; only
 * 3, 4 and 5 may be raised with int N from user mode (DPL 3).
 */
#include <stdbool.h>
#include <stddef.h>
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include "asm.h"
#include "x86.h"

struct tss {
	uint32_t link;
	uint32_t esp0, ss0, esp1, ss1, esp2, ss2;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint32_t es, cs, ss, ds, fs, gs, ldt;
	uint16_t trap, iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t zero;
	uint8_t type; /* P | DPL | 0xE (32-bit interrupt gate) */
	uint16_t offset_high;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "tss size");
_Static_assert(offsetof(struct tss, esp0) == TSS_ESP0, "tss esp0");

#define NR_VECTORS 64
#define GDT_TLS	   9 /* slots 9 and 10 */
#define GDT_SLOTS  11

_Static_assert(KERNEL_PERCPU == ASM_KERNEL_PERCPU, "per-CPU selector");

/* One processor's GDT and TSS. */
struct cpu_tables {
	uint64_t gdt[GDT_SLOTS] __attribute__((aligned(16)));
	struct tss tss __attribute__((aligned(16)));
};

static struct cpu_tables tables[CPU_MAX];
/* Shared by every processor: the default LDT and the IDT. */
static uint64_t ldt[4] __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));

#define DESC_KERNEL_CODE 0x00CF9A000000FFFFULL
#define DESC_KERNEL_DATA 0x00CF92000000FFFFULL
/* Base 0, limit 0xBFFFF pages (up to 0xBFFFFFFF), 32-bit, DPL 3. */
#define DESC_USER_CODE 0x00CBFA000000FFFFULL
#define DESC_USER_DATA 0x00CBF2000000FFFFULL

/* An 8-byte system descriptor (type 0x89 TSS, 0x82 LDT). */
static uint64_t desc_system(uint32_t base, uint32_t limit, uint64_t type)
{
	return (limit & 0xFFFF) | ((uint64_t)(base & 0xFFFFFF) << 16) |
	       (type << 40) | ((uint64_t)(limit >> 16 & 0xF) << 48) |
	       ((uint64_t)(base >> 24 & 0xFF) << 56);
}

/* A 32-bit call gate to KERNEL_CS:entry, DPL 3, no parameters copied. */
static uint64_t desc_call_gate(uintptr_t entry)
{
	return (entry & 0xFFFF) | ((uint64_t)KERNEL_CS << 16) |
	       ((uint64_t)0xEC00 << 32) | ((uint64_t)(entry >> 16) << 48);
}

/* A kernel data segment (DPL 0, byte granular) of [base, base + len). */
static uint64_t desc_kernel_data(uint32_t base, uint32_t len)
{
	return desc_system(base, len - 1, 0x92) | (1ULL << 54); /* 32-bit */
}

/* Fill the default LDT (once, by the boot processor). */
static void ldt_fill(void)
{
	ldt[USER_GATE >> 3] = desc_call_gate((uintptr_t)syscall_gate_entry);
	ldt[USER_CS >> 3] = DESC_USER_CODE;
	ldt[USER_DS >> 3] = DESC_USER_DATA;
}

/* Fill processor c's GDT and TSS (ct), make c its per-CPU data, load
 * them and the default LDT, reload the segment registers (%gs: c) and
 * the task register. Interrupts off. */
static void gdt_init(struct cpu_tables *ct, struct cpu *c)
{
	uint64_t *gdt = ct->gdt;
	struct desc_ptr p = {sizeof(ct->gdt) - 1, (uint32_t)gdt};

	c->self = c;
	c->arch.tss = &ct->tss;
	c->arch.gdt = gdt;
	c->arch.ldt = ldt;
	c->arch.ldt_n = LDT_DEFAULT;
	gdt[KERNEL_CS >> 3] = DESC_KERNEL_CODE;
	gdt[KERNEL_DS >> 3] = DESC_KERNEL_DATA;
	gdt[KERNEL_PERCPU >> 3] = desc_kernel_data((uint32_t)c, sizeof(*c));
	gdt[LDT_SEL >> 3] = desc_system((uint32_t)ldt, sizeof(ldt) - 1, 0x82);
	gdt[TSS_SEL >> 3] =
		desc_system((uint32_t)&ct->tss, sizeof(ct->tss) - 1, 0x89);
	ct->tss.ss0 = KERNEL_DS;
	ct->tss.iomap_base = sizeof(ct->tss);
	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %5, %%eax\n\t"
			 "movl %%eax, %%gs\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "ltr %w3\n\t"
			 "lldt %w4"
			 :
			 : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(TSS_SEL),
			   "r"(LDT_SEL), "i"(KERNEL_PERCPU)
			 : "eax", "memory");
}

/* Point IDT vector v at handler with the given DPL. */
static void idt_set(unsigned int v, uintptr_t handler, int dpl)
{
	idt[v].offset_low = handler & 0xFFFF;
	idt[v].selector = KERNEL_CS;
	idt[v].zero = 0;
	idt[v].type = 0x8E | (dpl << 5);
	idt[v].offset_high = handler >> 16;
}

/* Fill the IDT (once, by the boot processor). Interrupts off. */
static void idt_fill(void)
{
	for (unsigned int v = 0; v < NR_VECTORS; v++) {
		int dpl = (v == 3 || v == 4 || v == 5) ? 3 : 0;
		idt_set(v, trap_stub_table[v], dpl);
	}
}

/* Load the IDT on this processor. Interrupts off. */
static void idt_load(void)
{
	struct desc_ptr p = {sizeof(idt) - 1, (uint32_t)idt};

	__asm__ volatile("lidt %0" : : "m"(p));
}

/* FPU/SSE on (fxsave, #XM), WP on; the first FPU use traps (#NM). The
 * CPU must have FXSR (Pentium II and later). */
static void fpu_init(void)
{
	uint32_t a, b, c, d;
	uint32_t cr0 = read_cr0();

	cpuid(1, &a, &b, &c, &d);
	if (!(d & (1U << 24)))
		panic("cpu: no FXSAVE/FXRSTOR (Mach5 i386 needs a Pentium II "
		      "or later)");
	cr0 &= ~(1UL << 2);			      /* EM */
	cr0 |= (1UL << 1) | (1UL << 5) | (1UL << 16); /* MP, NE, WP */
	write_cr0(cr0);
	write_cr4(
		read_cr4() | (1UL << 9) |
		((d & (1U << 25)) ? (1UL << 10) : 0)); /* OSFXSR, OSXMMEXCPT */
	__asm__ volatile("fninit");
	write_cr0(read_cr0() | CR0_TS);
}

/* Set up the boot CPU. Called once by arch_boot, interrupts off. */
void cpu_init(void)
{
	ldt_fill();
	idt_fill();
	gdt_init(&tables[0], cpu_get(0));
	idt_load();
	fpu_init();
}

uint32_t cpu_tramp_efer(void)
{
	return boot_nx ? EFER_NXE : 0;
}

/* Processor i's tables are static (tables[i]); #DF has no stack of its
 * own on i386 (an interrupt gate, as on the boot processor). */
bool cpu_ap_prepare(unsigned int i)
{
	return i < CPU_MAX;
}

/* Set up application processor i (x86/smp.c): its own GDT and TSS, its
 * struct cpu behind %gs, the shared IDT and LDT, the FPU bits.
 * Interrupts off. */
void cpu_init_ap(unsigned int i)
{
	gdt_init(&tables[i], cpu_get(i));
	idt_load();
	fpu_init();
}

/* Kernel stack for the next entry from user mode on this processor (its
 * TSS esp0). Interrupts off. */
void cpu_set_kernel_stack(uintptr_t top)
{
	((struct tss *)cpu_self()->arch.tss)->esp0 = top;
}

_Static_assert(sizeof(ldt) / sizeof(ldt[0]) == LDT_DEFAULT, "ldt size");

void cpu_load_ldt(const uint64_t *d, unsigned int n)
{
	struct arch_cpu *c = &cpu_self()->arch;

	if (d == NULL) {
		d = ldt;
		n = LDT_DEFAULT;
	}
	c->ldt = d;
	c->ldt_n = n;
	c->gdt[LDT_SEL >> 3] = desc_system((uint32_t)d, n * 8 - 1, 0x82);
	__asm__ volatile("lldt %w0" : : "r"(LDT_SEL) : "memory");
}

void cpu_ldt_default(uint64_t out[LDT_DEFAULT])
{
	for (unsigned int i = 0; i < LDT_DEFAULT; i++)
		out[i] = ldt[i];
}

bool cpu_user_seg_ok(uint32_t sel)
{
	const struct arch_cpu *c = &cpu_self()->arch;
	unsigned int i = (sel & 0xFFFF) >> 3, access;
	uint64_t d;

	if ((sel & 3) != 3)
		return false;
	if (sel & 4)
		d = i < c->ldt_n ? c->ldt[i] : 0;
	else if (i == GDT_TLS || i == GDT_TLS + 1)
		d = c->gdt[i];
	else
		return false;
	access = d >> 40 & 0xFF;
	/* present, DPL 3, not a system segment; code only if readable */
	return (access & 0xF0) == 0xF0 && (!(access & 0x8) || (access & 0x2));
}

void cpu_set_tls(const uint64_t tls[2])
{
	uint64_t *gdt = cpu_self()->arch.gdt;

	gdt[GDT_TLS] = tls[0];
	gdt[GDT_TLS + 1] = tls[1];
}
