/*
 * kern/clock.h - the periodic clock and deadline expiry.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdint.h>

#define CLOCK_HZ 100

struct thread;

/*
 * Called by the arch timer interrupt CLOCK_HZ times a second, with
 * interrupts disabled: wakes waiters whose deadline has passed (with
 * WAIT_TIMED_OUT) and charges the running thread's quantum (requesting a
 * reschedule when it runs out).
 */
void clock_interrupt(void);

/*
 * Deadline list, used by kern/waitq.c: threads sorted by t->deadline.
 * Lock held.
 */
void clock_deadline_add(struct thread *t);
void clock_deadline_remove(struct thread *t);

/* Ticks since boot. */
uint64_t clock_ticks(void);

#endif /* KERN_CLOCK_H */
