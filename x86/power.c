/*
 * x86/power.c - idling, halting and stopping the machine, the same on both
 * x86 ports: hlt, QEMU's isa-debug-exit device, the keyboard-controller
 * reset.
 */
#include <stdint.h>
#include <base/arch.h>
#include "shared.h"

static inline void power_cli(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/* Interrupts off on entry and exit; sti takes effect after hlt starts, so
 * an interrupt pending at sti wakes the hlt (no lost wakeup). */
void arch_cpu_idle(void)
{
	__asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
}

noreturn void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

/* QEMU's isa-debug-exit device, as ./build.sh and the boot-test runner
 * start QEMU (-device isa-debug-exit,iobase=0xf4,iosize=4): a write of v
 * makes QEMU exit with status 2 * v + 1. Unused on PCs otherwise. */
#define DEBUG_EXIT_PORT 0xf4

noreturn void arch_stop_failure(unsigned int code)
{
	power_cli();
	outb(DEBUG_EXIT_PORT, (uint8_t)code);
	arch_halt();
}

/* An empty IDT for lidt (limit 0): any interrupt then triple-faults. */
struct empty_idt_ptr {
	uint16_t limit;
	uintptr_t base;
} __attribute__((packed));

/* Keyboard-controller reset, then a triple fault (empty IDT). */
noreturn void arch_reboot(void)
{
	struct empty_idt_ptr none = {0, 0};
	unsigned int i;

	power_cli();
	for (i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xFE);
	for (i = 0; i < 1000000; i++)
		__asm__ volatile("pause");
	__asm__ volatile("lidt %0\n\tint3" : : "m"(none));
	arch_halt();
}
