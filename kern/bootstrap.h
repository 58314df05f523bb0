/*
 * kern/bootstrap.h - starting the bootstrap tasks from the boot modules.
 */
#ifndef KERN_BOOTSTRAP_H
#define KERN_BOOTSTRAP_H

#include <stdint.h>

struct boot_info;
struct task;
struct vm_map;

struct port;

/*
 * A port a module offers the boot script: BOOT_PORT(var, "name", fn)
 * defines ${name} as the send right fn() returns (when bootstrap_run sets
 * up the script's variables, after every *_init). The entries form the
 * "mach5_bootports" linker set, so the core names no module.
 */
struct boot_port {
	const char *name;
	struct port *(*port)(void);
} __attribute__((aligned(8))); /* the linker set's stride */

#define BOOT_PORT(var, name_, fn_)                                             \
	static const struct boot_port var __attribute__((                      \
		used, section("mach5_bootports"), aligned(8))) = {             \
		.name = (name_),                                               \
		.port = (fn_),                                                 \
	}

/* User stack of a bootstrap task: 128 KiB ending at USER_ADDR_MAX. */
#define BOOTSTRAP_STACK_SIZE (128 * 1024)

/*
 * Run the boot script of the module lines: create the tasks, load the
 * programs, give them their arguments and rights, and resume those that
 * ask for it. Returns the number of tasks started; if none could start,
 * prints why ("bootstrap: no task could start: ...") and stops the machine
 * (arch_stop_failure) instead of returning.
 */
unsigned int bootstrap_run(struct boot_info *bi);

/*
 * The last user task is gone (kern/task.c, any context): once bootstrap_run
 * has started tasks, print "bootstrap: every task has exited; halting" and
 * stop the machine (arch_stop_failure). Before that, nothing.
 */
void bootstrap_tasks_gone(void);

/*
 * Build the argument block (argc, argv[], NULL, envp[], NULL, strings) at
 * the top of the stack [stack_top - BOOTSTRAP_STACK_SIZE, stack_top) of
 * map; return the initial user rsp (16-byte aligned), or 0 on failure.
 */
uintptr_t bootstrap_push_args(struct vm_map *map, uintptr_t stack_top,
			      char *const argv[], unsigned int argc,
			      char *const envp[], unsigned int envc);

#endif /* KERN_BOOTSTRAP_H */
