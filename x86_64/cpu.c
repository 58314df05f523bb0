/*
 * x86_64/cpu.c - descriptor tables, the syscall MSRs, CPU control bits and
 * the interrupt flag.
 *
 * GDT (syscall/sysret need kernel code, kernel data in this order):
 *	0x00 null	0x08 unused	0x10 user data	0x18 user code 64
 *	0x20 unused	0x28 kernel code 64	0x30 kernel data
 *	0x38 TSS (16 bytes)	0x48 LDT (16 bytes)
 * The user selectors of the ABI, ss 0x17 and cs 0x1F, have TI set: they
 * name LDT entries 2 (data) and 3 (code 64), both DPL 3. sysret loads them
 * from STAR without reading a table; iretq reads the LDT. (GDT 0x10/0x18
 * describe the same segments and are not used.)
 * Each CPU has its own GDT and TSS (struct cpu_tables: the boot CPU's
 * boot_tables, the others' ap_tables, given #DF and NMI stacks by
 * cpu_ap_prepare when x86/smp.c starts them); the LDT and the IDT are
 * shared.
 * IDT: vectors 0-31 (exceptions), 32-47 (PIC IRQs) and 48-63 (the local
 * APIC's: timer, IPIs, spurious; x86/smp.c), all interrupt gates;
 * only 3, 4 and 5 may be raised with int N from user mode (DPL 3). #DF runs
 * on IST 1, NMI and #MC on IST 2.
 */
#include <stdbool.h>
#include <stddef.h>
#include <base/arch.h>
#include <base/cpu.h>
#include <base/debug.h>
#include <base/kmem.h>
#include "asm.h"
#include "x86.h"

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type; /* P | DPL | 0xE (64-bit interrupt gate) */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

_Static_assert(sizeof(struct tss) == 104, "tss size");
_Static_assert(offsetof(struct tss, rsp) == TSS_RSP0, "tss rsp0");

#define NR_VECTORS 64
#define IST_DF	   1
#define IST_NMI	   2

/* The boot CPU's TSS. */
static struct tss cpu_tss __attribute__((aligned(16)));
static uint8_t df_stack[CPU_IST_STACK_SIZE] __attribute__((aligned(16)));
static uint8_t nmi_stack[CPU_IST_STACK_SIZE] __attribute__((aligned(16)));
static struct cpu_tables boot_tables = {
	.tss = &cpu_tss,
	.df_stack_top = (uintptr_t)(df_stack + sizeof(df_stack)),
	.nmi_stack_top = (uintptr_t)(nmi_stack + sizeof(nmi_stack)),
};
/* The application processors' (x86/smp.c): tables and TSS. */
static struct ap_tables {
	struct cpu_tables tables;
	struct tss tss __attribute__((aligned(16)));
} ap_tables[CPU_MAX];
/* Shared by every CPU: the LDT (the user segments) and the IDT. */
static uint64_t ldt[4] __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));

bool cpu_has_nx;

#define DESC_USER_DATA	   0x00CFF2000000FFFFUL
#define DESC_USER_CODE64   0x00AFFA000000FFFFUL
#define DESC_KERNEL_CODE64 0x00AF9A000000FFFFUL
#define DESC_KERNEL_DATA   0x00CF92000000FFFFUL

/* A 16-byte system descriptor (type 0x89 TSS, 0x82 LDT) at slot sel of
 * gdt. */
static void gdt_set_system(uint64_t *gdt, unsigned int sel, uint64_t base,
			   uint32_t limit, uint64_t type)
{
	gdt[sel >> 3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
			(type << 40) | ((uint64_t)(limit >> 16 & 0xF) << 48) |
			((base >> 24 & 0xFF) << 56);
	gdt[(sel >> 3) + 1] = base >> 32;
}

/* Fill ct's GDT and TSS (and the shared LDT), load them, reload the
 * segment registers and the task register. Interrupts off. */
static void gdt_init(struct cpu_tables *ct)
{
	uint64_t *gdt = ct->gdt;
	struct tss *tss = ct->tss;
	struct desc_ptr p = {sizeof(ct->gdt) - 1, (uint64_t)gdt};

	gdt[0x10 >> 3] = DESC_USER_DATA;
	gdt[0x18 >> 3] = DESC_USER_CODE64;
	gdt[KERNEL_CS >> 3] = DESC_KERNEL_CODE64;
	gdt[KERNEL_DS >> 3] = DESC_KERNEL_DATA;
	gdt_set_system(gdt, TSS_SEL, (uint64_t)tss, sizeof(*tss) - 1, 0x89);
	gdt_set_system(gdt, LDT_SEL, (uint64_t)ldt, sizeof(ldt) - 1, 0x82);
	ldt[USER_DS >> 3] = DESC_USER_DATA;
	ldt[USER_CS >> 3] = DESC_USER_CODE64;
	tss->ist[IST_DF - 1] = ct->df_stack_top;
	tss->ist[IST_NMI - 1] = ct->nmi_stack_top;
	tss->iomap_base = sizeof(*tss);
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3\n\t"
			 "lldt %w4"
			 :
			 : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS), "r"(TSS_SEL),
			   "r"(LDT_SEL)
			 : "rax", "memory");
}

/* Point IDT vector v at handler with the given DPL and IST. */
static void idt_set(unsigned int v, uintptr_t handler, int dpl, int ist)
{
	idt[v].offset_low = handler & 0xFFFF;
	idt[v].selector = KERNEL_CS;
	idt[v].ist = ist;
	idt[v].type = 0x8E | (dpl << 5);
	idt[v].offset_mid = (handler >> 16) & 0xFFFF;
	idt[v].offset_high = handler >> 32;
	idt[v].reserved = 0;
}

/* Fill the IDT (once, by the boot CPU). Interrupts off. */
static void idt_fill(void)
{
	unsigned int v;

	for (v = 0; v < NR_VECTORS; v++) {
		int dpl = (v == 3 || v == 4 || v == 5) ? 3 : 0;
		int ist = v == 8 ? IST_DF : (v == 2 || v == 18) ? IST_NMI : 0;
		idt_set(v, trap_stub_table[v], dpl, ist);
	}
}

/* Load the IDT on this CPU. Interrupts off. */
static void idt_load(void)
{
	struct desc_ptr p = {sizeof(idt) - 1, (uint64_t)idt};

	__asm__ volatile("lidt %0" : : "m"(p));
}

/* EFER.SCE and the syscall MSRs. Interrupts off. */
static void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* syscall: cs 0x28, ss 0x30. sysret: cs 0x0F + 16, ss 0x0F + 8. */
	wrmsr(MSR_STAR, ((uint64_t)0x0F << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_TF | RFLAGS_DF | RFLAGS_AC |
				  RFLAGS_IOPL | RFLAGS_NT);
}

/* FPU/SSE on (fxsave, #XM), WP on; the first FPU use traps (#NM). */
static void fpu_init(void)
{
	uint64_t cr0 = read_cr0();

	cr0 &= ~(1UL << 2);			      /* EM */
	cr0 |= (1UL << 1) | (1UL << 5) | (1UL << 16); /* MP, NE, WP */
	write_cr0(cr0);
	write_cr4(read_cr4() | (1UL << 9) |
		  (1UL << 10)); /* OSFXSR, OSXMMEXCPT */
	__asm__ volatile("fninit");
	write_cr0(read_cr0() | CR0_TS);
}

/* What every CPU sets up for itself once its tables are in place: the
 * GS base is c (base/cpu.h), the user's is 0. */
static void cpu_init_common(struct cpu *c, struct tss *tss)
{
	c->self = c;
	c->arch.tss = tss;
	idt_load();
	syscall_init();
	fpu_init();
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* Set up the boot CPU. Called once by arch_boot, interrupts off. */
void cpu_init(void)
{
	gdt_init(&boot_tables);
	idt_fill();
	cpu_init_common(cpu_get(0), &cpu_tss);
	cpu_has_nx = (rdmsr(MSR_EFER) & EFER_NXE) != 0;
}

uint32_t cpu_tramp_efer(void)
{
	return (uint32_t)(rdmsr(MSR_EFER) & EFER_NXE);
}

/* Application processor i's TSS and its #DF and NMI stacks (kalloc'd,
 * kept while the machine runs). */
bool cpu_ap_prepare(unsigned int i)
{
	struct ap_tables *a = &ap_tables[i];
	uint8_t *df = kalloc(CPU_IST_STACK_SIZE);
	uint8_t *nmi = kalloc(CPU_IST_STACK_SIZE);

	if (df == NULL || nmi == NULL) {
		if (df != NULL)
			kfree(df, CPU_IST_STACK_SIZE);
		if (nmi != NULL)
			kfree(nmi, CPU_IST_STACK_SIZE);
		return false;
	}
	a->tables.tss = &a->tss;
	a->tables.df_stack_top = (uintptr_t)(df + CPU_IST_STACK_SIZE);
	a->tables.nmi_stack_top = (uintptr_t)(nmi + CPU_IST_STACK_SIZE);
	return true;
}

/* Set up application processor i (x86/smp.c) with its own GDT and TSS
 * (cpu_ap_prepare's), the shared IDT and LDT, the syscall MSRs and the
 * FPU bits. Interrupts off. */
void cpu_init_ap(unsigned int i)
{
	gdt_init(&ap_tables[i].tables);
	cpu_init_common(cpu_get(i), &ap_tables[i].tss);
}

/* Kernel stack for the next entry from user mode on this CPU (its TSS
 * rsp0, and the word the syscall entry reads). Interrupts off. */
void cpu_set_kernel_stack(uintptr_t top)
{
	struct cpu *c = cpu_self();

	((struct tss *)c->arch.tss)->rsp[0] = top;
	c->arch.kstack_top = top;
}
