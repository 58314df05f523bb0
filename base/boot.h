/*
 * base/boot.h - what the arch boot code hands to the generic kernel.
 */
#ifndef KERN_BOOT_H
#define KERN_BOOT_H

#include <stdnoreturn.h>
#include <base/arch.h>

#define BOOT_MAX_MODULES 32
#define BOOT_CMDLINE_MAX 1024

struct boot_module {
	phys_addr_t start; /* module image, physical [start, end) */
	phys_addr_t end;
	char cmdline[BOOT_CMDLINE_MAX]; /* GRUB's module string (copied) */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_MAX]; /* kernel command line (copied) */
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
};

/*
 * The generic kernel entry. The arch code calls it once, on the boot stack,
 * with interrupts disabled, after it has: set up the CPU (GDT, IDT, TSS,
 * syscall MSRs), the console, and described physical memory with
 * vm_page_load / vm_page_reserve (reserving the kernel image, the modules
 * and the multiboot data).
 */
noreturn void kernel_main(struct boot_info *bi);

/* The kernel command line, for option lookups (valid after kernel_main). */
const char *boot_cmdline(void);
/* True if the kernel command line contains the word w (e.g. "-H"). */
bool boot_option(const char *w);

#endif /* KERN_BOOT_H */
