/*
 * base/lock.h - the kernel lock.
 *
 * Mach5 runs on one CPU; a critical section is a region with interrupts
 * disabled. Sections nest: each saves and restores the previous state.
 *
 *	unsigned long s = splhigh();
 *	... touch shared state ...
 *	splx(s);
 *
 * Blocking (waitq_wait) is allowed inside a section: the section resumes,
 * still with interrupts disabled, when the thread runs again.
 */
#ifndef KERN_LOCK_H
#define KERN_LOCK_H

#include <base/arch.h>

typedef unsigned long spl_t;

static inline spl_t splhigh(void)
{
	return arch_intr_save();
}

static inline void splx(spl_t s)
{
	arch_intr_restore(s);
}

#endif /* KERN_LOCK_H */
