/*
 * kern/main.c - the generic kernel entry: bring the subsystems up in
 * order, start the bootstrap tasks, and leave the CPU to them.
 */
#include <base/arch.h>
#include <base/boot.h>
#include <kern/bootstrap.h>
#include <base/debug.h>
#include <kern/host.h>
#include <kern/processor.h>
#include <kern/syscall.h>
#include <base/kmem.h>
#include <base/sched.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>
#include <kern/vm_kobject.h>
#include <vm/vm_map.h>
#include <kern/vm_pageout.h>
#include <base/vm_page.h>

void task_init_ipc(void);

static struct boot_info *boot_info;

const char *boot_cmdline(void)
{
	return boot_info != NULL ? boot_info->cmdline : "";
}

bool boot_option(const char *w)
{
	const char *p = boot_cmdline();
	size_t n = strlen(w);

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end != '\0' && *end != ' ')
			end++;
		if ((size_t)(end - p) == n && strncmp(p, w, n) == 0)
			return true;
		p = end;
	}
	return false;
}

noreturn void kernel_main(struct boot_info *bi)
{
	boot_info = bi;
	printf("Mach5 0.1 (" ARCH_NAME "), GNU Mach " ARCH_NAME " ABI\n");
	printf("command line: %s\n", bi->cmdline);

	vm_page_init();
	printf("memory: %lu pages free of %lu\n", vm_page_count_free(),
	       vm_page_count_total());
	kmem_init();
	vm_map_init();
	vm_pageout_init();
	thread_bootstrap();
	sched_init();
	task_init();
	ipc_kernel_init();
	task_init_ipc();
	host_init();
	vm_kobject_init();
	syscall_init();
	arch_clock_start();
	arch_cpus_start();
	processor_start_all();

	unsigned int n = bootstrap_run(bi);
	printf("bootstrap: %u task%s started\n", n, n == 1 ? "" : "s");
	thread_exit();
}
