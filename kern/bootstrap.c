/*
 * kern/bootstrap.c - the bootstrap tasks: boot script, loading, start.
 *
 * Runs once, in the boot thread, before any user task exists. The steps
 * follow the ABI sheet §7.1: every command's functions first (task-create
 * creates the command's task), then for each command in module order its
 * arguments (port variables insert send rights into its task, lowest names
 * first), its program and its stack; tasks stay suspended until all are
 * loaded, then the task-resume ones are resumed.
 *
 * A boot that starts no task (no module, a module that is not an ELF64
 * program, a boot-script error), and a boot whose tasks have all exited,
 * end with one line saying why and arch_stop_failure: under QEMU with the
 * debug-exit device, QEMU exits with a non-zero status.
 */
#include <stdarg.h>

#include <mach/kern_return.h>

#include <base/arch.h>
#include <base/boot.h>
#include <kern/bootscript.h>
#include <kern/bootstrap.h>
#include <base/debug.h>
#include <kern/elf.h>
#include <kern/host.h>
#include <base/kmem.h>
#include <base/string.h>
#include <base/task.h>
#include <base/thread.h>
#include <ipc/ipc_kernel.h>
#include <vm/vm_map.h>

#define ARG_MAX 256 /* bytes of one expanded argument */

struct boot_command {
	struct boot_module *module;
	char *words[BS_MAX_WORDS];
	unsigned int nwords;
	struct task *task; /* from $(task-create), else NULL: not run */
	bool resume;
	char *argv[BS_MAX_WORDS];
	unsigned int argc;
};

static struct bs_env boot_env;
static struct boot_command boot_commands[BOOT_MAX_MODULES];
static char boot_string_vars[BOOT_CMDLINE_MAX];
static char boot_args_buf[64];
/* Why the first module that did not start did not (the halt's line). */
static char boot_failure[160];
/* Set once tasks were started: the last one's end stops the machine. */
static bool boot_tasks_running;

/* Stop codes of arch_stop_failure (QEMU's exit status is 2 * code + 1). */
#define BOOT_STOP_NO_TASK    1
#define BOOT_STOP_ALL_EXITED 2

static const char *const kern_return_names[] = {
	[KERN_SUCCESS] = "KERN_SUCCESS",
	[KERN_INVALID_ADDRESS] = "KERN_INVALID_ADDRESS",
	[KERN_PROTECTION_FAILURE] = "KERN_PROTECTION_FAILURE",
	[KERN_NO_SPACE] = "KERN_NO_SPACE",
	[KERN_INVALID_ARGUMENT] = "KERN_INVALID_ARGUMENT",
	[KERN_FAILURE] = "KERN_FAILURE",
	[KERN_RESOURCE_SHORTAGE] = "KERN_RESOURCE_SHORTAGE",
	[KERN_NO_ACCESS] = "KERN_NO_ACCESS",
	[KERN_MEMORY_FAILURE] = "KERN_MEMORY_FAILURE",
	[KERN_MEMORY_ERROR] = "KERN_MEMORY_ERROR",
	[KERN_INVALID_VALUE] = "KERN_INVALID_VALUE",
};

/* The name of a kern_return_t of the loader, or "" if it has none here. */
static const char *kern_return_name(int kr)
{
	if (kr < 0 ||
	    (unsigned int)kr >=
		    sizeof(kern_return_names) / sizeof(kern_return_names[0]) ||
	    kern_return_names[kr] == NULL)
		return "";
	return kern_return_names[kr];
}

/* Say why module i did not start; the first reason is kept for the line
 * printed if no task starts. */
static void boot_fail(unsigned int i, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void boot_fail(unsigned int i, const char *fmt, ...)
{
	char why[sizeof(boot_failure) - 16];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	printf("bootstrap: module %u not started: %s\n", i, why);
	if (boot_failure[0] == '\0')
		snprintf(boot_failure, sizeof(boot_failure), "module %u: %s", i,
			 why);
}

/*
 * Why image is not an ELF64 x86_64 program, from its header (ELF_* names
 * the check that failed); NULL if the header is one.
 */
static const char *boot_elf_reason(const unsigned char *image, size_t size)
{
	if (size < (ARCH_ELF_CLASS == 2 ? 64 : 52))
		return "not an " ARCH_ELF_NAME " executable (ELF_TOO_SHORT)";
	if (image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' ||
	    image[3] != 'F')
		return "not an " ARCH_ELF_NAME " executable (ELF_BAD_MAGIC)";
	if (image[4] != ARCH_ELF_CLASS)
		return "not an " ARCH_ELF_NAME " executable (" ARCH_ELF_WRONG
		       ")";
	if (image[5] != 1)
		return "not an " ARCH_ELF_NAME
		       " executable (ELF_NOT_LITTLE_ENDIAN)";
	unsigned int type = image[16] | image[17] << 8;
	unsigned int machine = image[18] | image[19] << 8;
	if (machine != ARCH_ELF_MACHINE)
		return "not an " ARCH_NAME " program (ELF_BAD_MACHINE)";
	if (type < 1 || type > 3)
		return "not an executable (ELF_BAD_TYPE)";
	return NULL;
}

/* bs_name_fn: insert a send right into the command's task. */
static bool boot_name_fn(void *ctx, const struct bs_var *v, char *buf,
			 size_t size)
{
	struct boot_command *cmd = ctx;
	struct port *port;

	if (cmd->task == NULL)
		return false;
	port = v->type == BS_TASK ? ((struct task *)v->obj)->self : v->obj;
	mach_port_name_t name = ipc_kernel_insert_send(cmd->task, port);
	if (name == 0)
		return false;
	snprintf(buf, size, "%u", name);
	return true;
}

/* The string variables: kernel-command-line, boot-args, root-device, and
 * every NAME=VALUE word of the kernel command line. */
static void boot_define_strings(const char *cmdline)
{
	char *words[BS_MAX_WORDS];
	size_t flags = 1;

	bs_set(&boot_env, "kernel-command-line", BS_STRING, cmdline, NULL);
	bs_set(&boot_env, "root-device", BS_STRING, "UNKNOWN", NULL);
	strncpy(boot_string_vars, cmdline, sizeof(boot_string_vars) - 1);
	boot_args_buf[0] = '-';
	unsigned int n = bs_split(boot_string_vars, words, BS_MAX_WORDS);
	for (unsigned int i = 0; i < n; i++) {
		char *w = words[i];
		char *eq = strchr(w, '=');
		if (w[0] == '-') {
			for (char *c = w + 1;
			     *c && flags + 1 < sizeof(boot_args_buf); c++)
				boot_args_buf[flags++] = *c;
		} else if (eq != NULL) {
			*eq = '\0';
			const char *val = eq + 1;
			if (strcmp(w, "root") == 0) {
				if (strncmp(val, "/dev/", 5) == 0)
					val += 5;
				bs_set(&boot_env, "root-device", BS_STRING, val,
				       NULL);
			}
			bs_set(&boot_env, w, BS_STRING, val, NULL);
		}
	}
	if (flags == 1)
		boot_args_buf[flags++] = 'x';
	boot_args_buf[flags] = '\0';
	bs_set(&boot_env, "boot-args", BS_STRING, boot_args_buf, NULL);
}

/* The modules' ports: the "mach5_bootports" linker set (BOOT_PORT). */
extern const struct boot_port __start_mach5_bootports[] __attribute__((weak));
extern const struct boot_port __stop_mach5_bootports[] __attribute__((weak));

static void boot_define_ports(void)
{
	const struct boot_port *bp;

	bs_set(&boot_env, "host-port", BS_PORT, NULL, host_priv_port());
	bs_set(&boot_env, "device-port", BS_PORT, NULL, device_master_port());
	bs_set(&boot_env, "kernel-task", BS_TASK, NULL, kernel_task());
	if (__start_mach5_bootports == NULL)
		return;
	for (bp = __start_mach5_bootports; bp < __stop_mach5_bootports; bp++)
		bs_set(&boot_env, bp->name, BS_PORT, NULL, bp->port());
}

/* Pass 1: the $(fn) calls of one command. */
static void boot_run_calls(struct boot_command *cmd)
{
	char fn[BS_NAME_MAX], var[BS_NAME_MAX];

	for (unsigned int i = 0; i < cmd->nwords; i++) {
		if (!bs_parse_call(cmd->words[i], fn, var, sizeof(fn)))
			continue;
		if (strcmp(fn, "task-create") == 0) {
			if (cmd->task == NULL)
				cmd->task =
					task_create(NULL, false, cmd->words[0]);
			if (cmd->task == NULL)
				panic("bootstrap: cannot create task %s",
				      cmd->words[0]);
			if (var[0] != '\0')
				bs_set(&boot_env, var, BS_TASK, NULL,
				       cmd->task);
		} else if (strcmp(fn, "task-resume") == 0 ||
			   strcmp(fn, "prompt-task-resume") == 0) {
			cmd->resume = true;
		} else {
			printf("bootstrap: unknown function $(%s) ignored\n",
			       fn);
		}
	}
}

/* Pass 2: the arguments of one command, in order. */
static bool boot_expand_args(unsigned int idx, struct boot_command *cmd)
{
	char buf[ARG_MAX];

	cmd->argc = 0;
	for (unsigned int i = 0; i < cmd->nwords; i++) {
		int r = bs_expand(&boot_env, cmd->words[i], buf, sizeof(buf),
				  boot_name_fn, cmd);
		if (r < 0) {
			boot_fail(idx,
				  "boot-script error: cannot expand '%s' "
				  "(undefined, bad syntax or over %d bytes)",
				  cmd->words[i], ARG_MAX - 1);
			return false;
		}
		if (r == 0)
			continue;
		size_t len = strlen(buf) + 1;
		char *arg = kalloc(len);
		if (arg == NULL) {
			boot_fail(idx, "no memory for its arguments "
				       "(KERN_RESOURCE_SHORTAGE)");
			return false;
		}
		memcpy(arg, buf, len);
		cmd->argv[cmd->argc++] = arg;
	}
	if (cmd->argc == 0)
		boot_fail(idx, "boot-script error: no program name");
	return cmd->argc > 0;
}

static void boot_free_args(struct boot_command *cmd)
{
	for (unsigned int i = 0; i < cmd->argc; i++)
		kfree(cmd->argv[i], strlen(cmd->argv[i]) + 1);
	cmd->argc = 0;
}

uintptr_t bootstrap_push_args(struct vm_map *map, uintptr_t stack_top,
			      char *const argv[], unsigned int argc,
			      char *const envp[], unsigned int envc)
{
	size_t strings = 0;
	for (unsigned int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	for (unsigned int i = 0; i < envc; i++)
		strings += strlen(envp[i]) + 1;
	size_t ptrs = sizeof(uintptr_t) * (1 + argc + 1 + envc + 1);
	size_t total = ptrs + strings;
	if (total > BOOTSTRAP_STACK_SIZE / 2)
		return 0;

	uintptr_t sp =
		(stack_top - total) & ~(uintptr_t)(ARCH_USER_STACK_ALIGN - 1);
	uintptr_t *block = kalloc(total);
	if (block == NULL)
		return 0;
	char *str = (char *)block + ptrs;
	uintptr_t ustr = sp + ptrs;
	unsigned int k = 0;
	block[k++] = argc;
	for (unsigned int pass = 0; pass < 2; pass++) {
		char *const *list = pass == 0 ? argv : envp;
		unsigned int n = pass == 0 ? argc : envc;
		for (unsigned int i = 0; i < n; i++) {
			size_t len = strlen(list[i]) + 1;
			memcpy(str, list[i], len);
			block[k++] = ustr;
			str += len;
			ustr += len;
		}
		block[k++] = 0;
	}
	int kr = vm_map_write(map, sp, block, total);
	kfree(block, total);
	return kr == KERN_SUCCESS ? sp : 0;
}

static void boot_log_argv(const struct boot_command *cmd)
{
	printf("task loaded:");
	for (unsigned int i = 0; i < cmd->argc; i++)
		printf(" %s", cmd->argv[i]);
	printf("\n");
}

/* Pass 3: load the program of one command into its task. */
static bool boot_load(unsigned int idx, struct boot_command *cmd)
{
	struct boot_module *m = cmd->module;
	struct elf_program prog;
	struct task *task = cmd->task;
	const char *why;

	if (m->end <= m->start) {
		boot_fail(idx, "%s: empty module (ELF_TOO_SHORT)",
			  cmd->argv[0]);
		return false;
	}
	why = boot_elf_reason(phystokv(m->start), m->end - m->start);
	if (why != NULL) {
		boot_fail(idx, "%s: %s", cmd->argv[0], why);
		return false;
	}
	int kr = elf_load(task->map, phystokv(m->start), m->end - m->start,
			  &prog);
	if (kr == KERN_INVALID_ARGUMENT) {
		boot_fail(idx, "%s: bad ELF program headers (ELF_BAD_PHDR)",
			  cmd->argv[0]);
		return false;
	}
	if (kr != KERN_SUCCESS) {
		boot_fail(idx, "%s: cannot map its segments (%s %d)",
			  cmd->argv[0], kern_return_name(kr), kr);
		return false;
	}
	uintptr_t stack = USER_ADDR_MAX - BOOTSTRAP_STACK_SIZE;
	kr = vm_map_enter(task->map, &stack, BOOTSTRAP_STACK_SIZE, false,
			  prog.stack_prot, VM_PROT_ALL, VM_INHERIT_COPY);
	if (kr != KERN_SUCCESS) {
		boot_fail(idx, "%s: no stack (%s %d)", cmd->argv[0],
			  kern_return_name(kr), kr);
		return false;
	}
	uintptr_t sp = bootstrap_push_args(task->map, USER_ADDR_MAX, cmd->argv,
					   cmd->argc, NULL, 0);
	if (sp == 0) {
		boot_fail(idx, "%s: arguments do not fit its stack",
			  cmd->argv[0]);
		return false;
	}
	/* The task stays suspended until task-resume; the thread itself is
	 * resumed now so that resuming the task is all it takes. */
	struct thread *t = thread_create_user(task, prog.entry, sp);
	if (t == NULL) {
		boot_fail(idx, "%s: no thread (KERN_RESOURCE_SHORTAGE)",
			  cmd->argv[0]);
		return false;
	}
	task_suspend(task);
	thread_resume(t);
	boot_log_argv(cmd);
	return true;
}

/* Compat mode: one module with a bare name (ABI sheet §7.1). */
static void boot_compat_words(struct boot_command *cmd)
{
	static char *const words[] = {"bootstrap",	"${boot-args}",
				      "${host-port}",	"${device-port}",
				      "${root-device}", "$(task-create)",
				      "$(task-resume)"};

	cmd->nwords = sizeof(words) / sizeof(words[0]);
	memcpy(cmd->words, words, sizeof(words));
}

static unsigned int boot_parse(struct boot_info *bi)
{
	unsigned int n = bi->nr_modules;

	for (unsigned int i = 0; i < n; i++) {
		struct boot_command *cmd = &boot_commands[i];
		struct boot_module *m = &bi->modules[i];

		printf("module %u: %s\n", i, m->cmdline);
		cmd->module = m;
		cmd->nwords = bs_split(m->cmdline, cmd->words, BS_MAX_WORDS);
		if (cmd->nwords > 0 && cmd->words[0][0] == '#')
			cmd->nwords = 0;
	}
	if (n == 1 && boot_commands[0].nwords == 1)
		boot_compat_words(&boot_commands[0]);
	return n;
}

static noreturn void boot_no_task(unsigned int n);

unsigned int bootstrap_run(struct boot_info *bi)
{
	unsigned int n = boot_parse(bi), started = 0;

	boot_define_strings(bi->cmdline);
	boot_define_ports();
	for (unsigned int i = 0; i < n; i++)
		boot_run_calls(&boot_commands[i]);
	for (unsigned int i = 0; i < n; i++) {
		struct boot_command *cmd = &boot_commands[i];
		if (cmd->task == NULL || cmd->nwords == 0)
			continue;
		if (!boot_expand_args(i, cmd) || !boot_load(i, cmd)) {
			cmd->resume = false;
			task_terminate(cmd->task);
		}
	}
	for (unsigned int i = 0; i < n; i++) {
		struct boot_command *cmd = &boot_commands[i];
		if (cmd->resume && cmd->task != NULL) {
			/* Before it can run (and perhaps exit). */
			boot_tasks_running = true;
			printf("start %s: \n", cmd->argv[0]);
			task_resume(cmd->task);
			started++;
		}
		boot_free_args(cmd);
		if (cmd->task != NULL)
			task_unref(cmd->task);
	}
	if (started == 0)
		boot_no_task(n);
	return started;
}

/* No task started: say why on one line and stop the machine. */
static noreturn void boot_no_task(unsigned int n)
{
	if (boot_failure[0] != '\0')
		printf("bootstrap: no task could start: %s\n", boot_failure);
	else if (n == 0)
		printf("bootstrap: no task could start: no boot module "
		       "(none given, or the boot loader could not load it)\n");
	else
		printf("bootstrap: no task could start: no module line asks "
		       "for $(task-create) and $(task-resume)\n");
	arch_stop_failure(BOOT_STOP_NO_TASK);
}

void bootstrap_tasks_gone(void)
{
	if (!boot_tasks_running)
		return;
	printf("bootstrap: every task has exited; halting\n");
	arch_stop_failure(BOOT_STOP_ALL_EXITED);
}
