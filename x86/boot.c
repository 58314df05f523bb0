/*
 * x86/boot.c - from the multiboot hand-off to kernel_main.
 *
 * arch_boot runs on the boot stack with interrupts disabled. It sets up the
 * CPU and the console, describes physical memory to base/vm_page.c (usable
 * RAM from the multiboot memory map; the kernel image, the modules and the
 * multiboot data reserved), copies the command lines into a struct
 * boot_info and calls kernel_main.
 */
#include <stddef.h>
#include <base/arch.h>
#include <base/lock.h>
#include <base/boot.h>
#include <base/debug.h>
#include <base/string.h>
#include <base/vm_page.h>
#include "shared.h"

/* Multiboot v1 information (the fields we use). */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper;
	uint32_t boot_device;
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
} __attribute__((packed));

struct multiboot_module {
	uint32_t start, end;
	uint32_t string;
	uint32_t reserved;
} __attribute__((packed));

struct multiboot_mmap {
	uint32_t size; /* of the rest of the entry */
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

#define MBI_MEM	    (1U << 0)
#define MBI_CMDLINE (1U << 2)
#define MBI_MODS    (1U << 3)
#define MBI_MMAP    (1U << 6)
#define MBI_LOADER  (1U << 9)

#define LOW_MEMORY_END 0x100000UL

extern char _kernel_start_phys[], _end[];

static struct boot_info boot_info;

/* Copy the NUL-terminated string at physical pa into dst (truncating) and
 * reserve its bytes. */
static void boot_copy_string(char *dst, size_t size, uint32_t pa)
{
	const char *s = phystokv(pa);
	size_t n = 0;

	while (s[n] != '\0') {
		if (n + 1 < size)
			dst[n] = s[n];
		n++;
	}
	dst[n < size ? n : size - 1] = '\0';
	vm_page_reserve(pa, pa + n + 1);
}

/* True if the loader's name (multiboot boot_loader_name) starts with
 * prefix. */
static bool boot_loader_is(const struct multiboot_info *mbi, const char *prefix)
{
	const char *name;
	size_t i;

	if (!(mbi->flags & MBI_LOADER) || mbi->boot_loader_name == 0)
		return false;
	name = phystokv(mbi->boot_loader_name);
	for (i = 0; prefix[i] != '\0'; i++)
		if (name[i] != prefix[i])
			return false;
	return true;
}

/* Copy the kernel command line into boot_info. QEMU's own multiboot
 * loader (-kernel FILE -append ARGS) passes "FILE ARGS" where GRUB's
 * multiboot command (multiboot FILE ARGS) passes "ARGS": FILE is
 * dropped, so both loaders give the kernel the same line. */
static void boot_copy_cmdline(const struct multiboot_info *mbi)
{
	char *line = boot_info.cmdline;
	size_t skip = 0;

	if (!(mbi->flags & MBI_CMDLINE))
		return;
	boot_copy_string(line, sizeof(boot_info.cmdline), mbi->cmdline);
	if (!boot_loader_is(mbi, "qemu"))
		return;
	while (line[skip] != '\0' && line[skip] != ' ')
		skip++;
	if (line[skip] == ' ')
		skip++;
	memmove(line, line + skip, strlen(line + skip) + 1);
}

/* Declare usable RAM [start, end), clipped to [1 MiB, PHYSMAP_SIZE). */
static void boot_load_range(uint64_t start, uint64_t end)
{
	if (start < LOW_MEMORY_END)
		start = LOW_MEMORY_END;
	if (end > PHYSMAP_SIZE)
		end = PHYSMAP_SIZE;
	if (start < end)
		vm_page_load(start, end);
}

/* Feed the memory map (or mem_upper) to vm_page_load; reserve the map. */
static void boot_memory(const struct multiboot_info *mbi)
{
	uint32_t off = 0;

	if (!(mbi->flags & MBI_MMAP)) {
		if (!(mbi->flags & MBI_MEM))
			panic("boot: no memory information from the loader");
		boot_load_range(LOW_MEMORY_END,
				LOW_MEMORY_END +
					(uint64_t)mbi->mem_upper * 1024);
		return;
	}
	while (off + sizeof(struct multiboot_mmap) <= mbi->mmap_length) {
		const struct multiboot_mmap *e = phystokv(mbi->mmap_addr + off);
		if (e->type == 1)
			boot_load_range(e->addr, e->addr + e->len);
		off += e->size + 4;
	}
	vm_page_reserve(mbi->mmap_addr, mbi->mmap_addr + mbi->mmap_length);
}

/* Record and reserve every module and its string. */
static void boot_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_module *m;
	uint32_t i;

	if (!(mbi->flags & MBI_MODS) || mbi->mods_count == 0)
		return;
	m = phystokv(mbi->mods_addr);
	vm_page_reserve(mbi->mods_addr,
			mbi->mods_addr + mbi->mods_count * sizeof(*m));
	for (i = 0; i < mbi->mods_count; i++) {
		struct boot_module *bm;

		vm_page_reserve(m[i].start, m[i].end);
		if (boot_info.nr_modules == BOOT_MAX_MODULES) {
			printf("boot: module %u ignored (at most %d)\n", i,
			       BOOT_MAX_MODULES);
			continue;
		}
		bm = &boot_info.modules[boot_info.nr_modules++];
		bm->start = m[i].start;
		bm->end = m[i].end;
		bm->cmdline[0] = '\0';
		if (m[i].string != 0)
			boot_copy_string(bm->cmdline, sizeof(bm->cmdline),
					 m[i].string);
	}
}

/*
 * Called by start.S in the higher half, on the boot stack, interrupts off,
 * with the physical address of the multiboot info. Never returns.
 */
noreturn void arch_boot(uint32_t mbi_pa)
{
	const struct multiboot_info *mbi = phystokv(mbi_pa);

	cpu_init();
	kernel_lock_acquire(); /* the boot thread's, until it hands it on */
	pmap_bootstrap();
	boot_copy_cmdline(mbi);
	console_init(boot_info.cmdline);
	pic_init();
	boot_memory(mbi);
	vm_page_reserve(mbi_pa, mbi_pa + sizeof(*mbi));
	vm_page_reserve((phys_addr_t)(uintptr_t)_kernel_start_phys,
			kvtophys(_end));
	boot_modules(mbi);
	cpus_discover(&boot_info, (mbi->flags & MBI_MEM) ? mbi->mem_lower : 0);
	kernel_main(&boot_info);
}
