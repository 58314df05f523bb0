/*
 * bootstrap/stress/task.c - task and thread churn: tasks created (every
 * other one inheriting this task's memory), given threads that never run,
 * one of them terminated alone, then the task terminated; and threads of
 * this task started, run and terminated, TASK_LOCAL_THREADS at a time.
 */
#include "stress.h"

#define TASKS		   60
#define THREADS_PER_TASK   3
#define TASK_LOCAL_THREADS 4

static volatile unsigned long local_work;

static void task_one(unsigned long k)
{
	mach_port_t self = mach_task_self(), task, threads[THREADS_PER_TASK];

	EXPECT_OK(task_create(self, k % 2, &task));
	for (int i = 0; i < THREADS_PER_TASK; i++)
		EXPECT_OK(thread_create(task, &threads[i]));
	EXPECT_OK(thread_terminate(threads[0]));
	if (k % 3 == 0)
		EXPECT_OK(task_suspend(task));
	EXPECT_OK(task_terminate(task));
	for (int i = 0; i < THREADS_PER_TASK; i++)
		EXPECT_OK(mach_port_deallocate(self, threads[i]));
	EXPECT_OK(mach_port_deallocate(self, task));
}

static void local_thread(void *arg)
{
	__atomic_add_fetch(&local_work, 1, __ATOMIC_RELAXED);
}

static void task_local_threads(void)
{
	struct stress_thread t[TASK_LOCAL_THREADS];

	for (int i = 0; i < TASK_LOCAL_THREADS; i++)
		stress_thread_start(&t[i], local_thread, NULL);
	for (int i = 0; i < TASK_LOCAL_THREADS; i++)
		stress_thread_join(&t[i]);
}

void stress_task(void)
{
	unsigned long n = TASKS * stress_scale;

	for (unsigned long k = 0; k < 6; k++) { /* warm-up: each kind */
		task_one(k);
		task_local_threads();
	}
	stress_baseline("task");
	for (unsigned long k = 0; k < n; k++) {
		task_one(k);
		task_local_threads();
	}
	CHECK_EQ(local_work, (n + 6) * TASK_LOCAL_THREADS);
	stress_check("task", n * (1 + THREADS_PER_TASK + TASK_LOCAL_THREADS));
}
