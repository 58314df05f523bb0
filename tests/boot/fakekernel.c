/*
 * A stand-in multiboot kernel for the boot-test runner's self-test
 * (selftest.sh): it proves the runner's verdicts without depending on the
 * real kernel. 32-bit, freestanding; links with fakekernel.lds.
 *
 * It prints its command line and every module's command line on COM1
 * ("fake-kernel: module <line>"), then acts as the word fake=WHAT on its
 * command line asks:
 *   pass    print the success marker, then reset the machine
 *   fail    print the failure marker, then reset
 *   panic   print a panic line, then hang
 *   fault   print a user-fault line like the kernel's, then hang
 *   triple  triple-fault (QEMU -no-reboot exits)
 *   reset   reset without printing anything more
 *   hang    hang (default)
 */

#define MULTIBOOT_MAGIC	 0x1BADB002u
#define MBI_FLAG_CMDLINE (1u << 2)
#define MBI_FLAG_MODS	 (1u << 3)
#define COM1		 0x3F8

/* Multiboot v1 header: magic, flags 0, checksum. */
__attribute__((section(".multiboot"), used,
	       aligned(4))) static const unsigned int multiboot_header[3] = {
	MULTIBOOT_MAGIC, 0, -MULTIBOOT_MAGIC};

struct mb_info {
	unsigned int flags, mem_lower, mem_upper, boot_device, cmdline;
	unsigned int mods_count, mods_addr;
};

struct mb_module {
	unsigned int start, end, cmdline, reserved;
};

unsigned char fake_stack[4096] __attribute__((aligned(16)));

void fake_main(unsigned int magic, const struct mb_info *mbi);

/* Entry: eax = multiboot magic, ebx = info; no stack yet. */
__asm__(".text\n"
	".globl fake_start\n"
	"fake_start:\n"
	"	movl $fake_stack + 4096, %esp\n"
	"	pushl %ebx\n"
	"	pushl %eax\n"
	"	call fake_main\n"
	"1:	cli\n"
	"	hlt\n"
	"	jmp 1b\n");

static void outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static unsigned char inb(unsigned short port)
{
	unsigned char v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void put(const char *s)
{
	for (; *s; s++) {
		while (!(inb(COM1 + 5) & 0x20))
			;
		outb(COM1, *s);
	}
}

/* Does s contain w? */
static int contains(const char *s, const char *w)
{
	int i;

	for (; *s; s++) {
		for (i = 0; w[i] && s[i] == w[i]; i++)
			;
		if (!w[i])
			return 1;
	}
	return 0;
}

static void __attribute__((noreturn)) hang(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Load an empty IDT and trap: the CPU shuts down. */
static void __attribute__((noreturn)) triple_fault(void)
{
	static const struct {
		unsigned short limit;
		unsigned int base;
	} __attribute__((packed)) idt = {0, 0};

	__asm__ volatile("lidt %0; int3" : : "m"(idt));
	hang();
}

/* Reset through the keyboard controller; QEMU -no-reboot then exits. */
static void __attribute__((noreturn)) reset(void)
{
	outb(0x64, 0xFE);
	triple_fault();
}

static void print_modules(const struct mb_info *mbi)
{
	const struct mb_module *mod;
	unsigned int i;

	if (!(mbi->flags & MBI_FLAG_MODS))
		return;
	mod = (const struct mb_module *)mbi->mods_addr;
	for (i = 0; i < mbi->mods_count; i++) {
		put("fake-kernel: module ");
		put((const char *)mod[i].cmdline);
		put("\n");
	}
}

void fake_main(unsigned int magic, const struct mb_info *mbi)
{
	const char *cmdline = "";

	if (magic != 0x2BADB002u)
		put("fake-kernel: bad multiboot magic\n");
	if (mbi->flags & MBI_FLAG_CMDLINE)
		cmdline = (const char *)mbi->cmdline;
	put("fake-kernel: cmdline ");
	put(cmdline);
	put("\n");
	print_modules(mbi);
	if (contains(cmdline, "fake=pass")) {
		put("gnumach-test-success-and-reboot\n");
		reset();
	} else if (contains(cmdline, "fake=fail")) {
		put("gnumach-test-failure\n");
		reset();
	} else if (contains(cmdline, "fake=panic")) {
		put("panic: fake kernel panic\n");
	} else if (contains(cmdline, "fake=fault")) {
		put("mach5: task user-fault: exception 1 code 0x1 subcode "
		    "0x10: "
		    "no handler, task terminated\n");
	} else if (contains(cmdline, "fake=triple")) {
		triple_fault();
	} else if (contains(cmdline, "fake=reset")) {
		reset();
	}
	hang();
}
