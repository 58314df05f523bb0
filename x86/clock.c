/*
 * x86/clock.c - the 8259 interrupt controllers and the 8254 timer.
 *
 * The PICs deliver IRQ 0-15 on vectors 32-47, all masked except the
 * cascade until a driver unmasks its line. PIT channel 0 runs in rate
 * generator mode at CLOCK_HZ; arch_clock_ns counts whole PIT periods
 * (ticks) plus the progress of the current period read from the counter,
 * so it is exact in PIT input clocks and follows QEMU's virtual clock
 * (also under -icount).
 */
#include <base/arch.h>
#include <base/clock.h>
#include <base/debug.h>
#include <base/lock.h>
#include "shared.h"

#define PIC1_CMD     0x20
#define PIC1_DATA    0x21
#define PIC2_CMD     0xA0
#define PIC2_DATA    0xA1
#define PIC_EOI	     0x20
#define PIC_READ_IRR 0x0A
#define PIC_READ_ISR 0x0B

#define PIT_CH0	    0x40
#define PIT_CMD	    0x43
#define PIT_HZ	    1193182UL
#define PIT_DIVISOR ((PIT_HZ + CLOCK_HZ / 2) / CLOCK_HZ)

static uint16_t pic_mask = 0xFFFB; /* all masked but IRQ 2 (cascade) */
static volatile uint64_t pit_ticks;
static bool clock_started;
static uint64_t clock_last_ns;
/* The PIT's latch and counter, pit_ticks and clock_last_ns, from any
 * processor (arch_clock_ns runs with or without the kernel lock). */
static struct spinlock clock_lock;
/* The timer tick's frame while clock_interrupt (or clock_interrupt_cpu)
 * runs, else NULL; under the kernel lock. */
static const struct trap_frame *irq_frame;

static void pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask & 0xFF);
	outb(PIC2_DATA, pic_mask >> 8);
}

/* Remap the PICs to 32-47, mask everything; program PIT channel 0.
 * Interrupts off; called once at boot. */
void pic_init(void)
{
	outb(PIC1_CMD, 0x11); /* ICW1: edge, cascade, ICW4 */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, 32); /* ICW2: vector base */
	outb(PIC2_DATA, 40);
	outb(PIC1_DATA, 1 << 2); /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_write_mask();
	outb(PIT_CMD, 0x34); /* channel 0, lo/hi, mode 2, binary */
	outb(PIT_CH0, PIT_DIVISOR & 0xFF);
	outb(PIT_CH0, PIT_DIVISOR >> 8);
}

void pic_unmask(unsigned int irq)
{
	unsigned long s = arch_intr_save();

	pic_mask &= ~(1U << irq);
	pic_write_mask();
	arch_intr_restore(s);
}

void arch_clock_start(void)
{
	unsigned long s = arch_intr_save();

	clock_started = true;
	pic_unmask(0);
	arch_intr_restore(s);
}

/* Read one PIC register (IRR or ISR) of both chips. Interrupts off. */
static uint16_t pic_read(uint8_t which)
{
	outb(PIC1_CMD, which);
	outb(PIC2_CMD, which);
	return inb(PIC1_CMD) | (inb(PIC2_CMD) << 8);
}

/* Nanoseconds in n PIT input clocks, without overflow for centuries. */
static uint64_t pit_clocks_to_ns(uint64_t n)
{
	return (n / PIT_HZ) * 1000000000UL +
	       (n % PIT_HZ) * 1000000000UL / PIT_HZ;
}

uint64_t arch_clock_ns(void)
{
	unsigned long s = arch_intr_save();
	uint64_t ticks, elapsed, ns;
	uint16_t count;

	if (!clock_started) {
		arch_intr_restore(s);
		return 0;
	}
	spin_lock(&clock_lock);
	ticks = pit_ticks;
	outb(PIT_CMD, 0x00); /* latch channel 0 */
	count = inb(PIT_CH0);
	count |= inb(PIT_CH0) << 8;
	elapsed = count <= PIT_DIVISOR ? PIT_DIVISOR - count : 0;
	/* A period ended but its interrupt is not yet taken. */
	if ((pic_read(PIC_READ_IRR) & 1) && elapsed < PIT_DIVISOR / 2)
		elapsed += PIT_DIVISOR;
	ns = pit_clocks_to_ns(ticks * PIT_DIVISOR + elapsed);
	if (ns < clock_last_ns)
		ns = clock_last_ns;
	clock_last_ns = ns;
	spin_unlock(&clock_lock);
	arch_intr_restore(s);
	return ns;
}

/* Send end-of-interrupt for irq. */
static void pic_eoi(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/*
 * IRQ dispatch for vectors 32-47, interrupts off on entry and exit. The EOI
 * is sent first, so a thread switch inside clock_interrupt's caller chain
 * does not hold back later interrupts.
 */
void irq_handler(struct trap_frame *f)
{
	unsigned int irq = trap_frame_vector(f) - 32;

	if ((irq == 7 || irq == 15) &&
	    !(pic_read(PIC_READ_ISR) & (1U << irq))) {
		if (irq == 15) /* spurious on the slave: the master saw IRQ 2 */
			outb(PIC1_CMD, PIC_EOI);
		return;
	}
	if (irq == 0) { /* EOI sent, period counted: pit_lockless */
		irq_frame = f;
		clock_interrupt();
		irq_frame = NULL;
		return;
	}
	pic_eoi(irq);
	if (irq == console_irq())
		console_interrupt();
}

/*
 * The PIT's interrupt (IRQ 0), first part, without the kernel lock
 * (trap_lockless, before any locked handling of the vector): the EOI
 * sent and the period counted, then the tick itself if it needs no lock
 * (clock_interrupt_lockless: true, all done). False: irq_handler runs the
 * tick (clock_interrupt) under the lock. Interrupts off.
 */
bool pit_lockless(const struct trap_frame *f)
{
	if (trap_frame_vector(f) != 32)
		return false;
	pic_eoi(0);
	spin_lock(&clock_lock);
	pit_ticks++;
	spin_unlock(&clock_lock);
	return clock_interrupt_lockless();
}

void timer_tick_cpu(const struct trap_frame *f)
{
	irq_frame = f;
	clock_interrupt_cpu();
	irq_frame = NULL;
}

bool arch_intr_user_pc(uintptr_t *pc)
{
	const struct trap_frame *f = irq_frame;

	if (f == NULL || !trap_frame_from_user(f))
		return false;
	*pc = trap_frame_pc(f);
	return true;
}
