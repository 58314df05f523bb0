/*
 * tests/hosted/stubs.c - weak stand-ins for symbols that other folders
 * own, so a unit test links only the kernel files it tests. A test that
 * links the real file gets the real symbol (a strong definition wins).
 *
 * STUBS: boot_option, boot_cmdline (kern/main.c); task_destroy
 * (kern/task.c), with hosted_task_new to make stand-in tasks;
 * arch_user_resume
 * (the arch's user entry, which hosted threads never use); pc_sample_tick,
 * pc_sample_free (base/pc_sample.c: without it nothing samples).
 *
 * Lock order: none.
 */
#include <stdlib.h>
#include <string.h>
#include <base/boot.h>
#include <base/pc_sample.h>
#include <base/task.h>
#include <base/thread.h>
#include "hosted.h"

#define WEAK __attribute__((weak))

static char hosted_cmdline[BOOT_CMDLINE_MAX];
unsigned long hosted_tasks_destroyed;

void hosted_set_cmdline(const char *cmdline)
{
	strncpy(hosted_cmdline, cmdline, sizeof(hosted_cmdline) - 1);
}

/* STUB of kern/main.c. */
WEAK const char *boot_cmdline(void)
{
	return hosted_cmdline;
}

/* STUB of kern/main.c: is w a whole word of the command line? */
WEAK bool boot_option(const char *w)
{
	size_t n = strlen(w);

	for (const char *p = hosted_cmdline; (p = strstr(p, w)) != NULL; p++) {
		if ((p == hosted_cmdline || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return true;
	}
	return false;
}

/* A stand-in task: one reference, no threads, no map or space. */
struct task *hosted_task_new(const char *name)
{
	struct task *task = calloc(1, sizeof(*task));

	if (!task)
		abort();
	ref_init(&task->ref, 1);
	strncpy(task->name, name, sizeof(task->name) - 1);
	task->active = true;
	list_init(&task->threads);
	list_init(
		&task->threads_wq.waiters); /* waitq_init, not linked in all */
	list_node_init(&task->all_node);
	return task;
}

/* STUB of kern/task.c: frees a hosted_task_new task. */
WEAK void task_destroy(struct task *task)
{
	if (task->nr_threads || !list_empty(&task->threads))
		panic("stub task_destroy: task %s still has threads",
		      task->name);
	hosted_tasks_destroyed++;
	free(task);
}

/* STUB of the arch user entry: hosted user threads start by
 * arch_user_enter only. */
WEAK noreturn void arch_user_resume(void)
{
	panic("hosted: arch_user_resume is not supported");
}

/* STUB of base/pc_sample.c: no buffer can exist without it. */
WEAK void pc_sample_tick(struct thread *t)
{
	(void)t;
}

/* STUB of base/pc_sample.c: no buffer, nothing to sample. */
WEAK bool pc_sample_wanted(const struct thread *t)
{
	(void)t;
	return false;
}

/* STUB of base/pc_sample.c. */
WEAK void pc_sample_free(struct pc_sample **slot)
{
	(void)slot;
}
