/*
 * base/clock.h - the periodic clock and deadline expiry.
 */
#ifndef KERN_CLOCK_H
#define KERN_CLOCK_H

#include <stdbool.h>
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
 * Called by the timer interrupt of each other processor (a local timer),
 * CLOCK_HZ times a second, interrupts disabled, kernel lock held: charges
 * that processor's running thread (quantum, PC sampling). The deadlines
 * and the ticks are the boot processor's clock_interrupt's.
 */
void clock_interrupt_cpu(void);

/*
 * The same two without the kernel lock, when the tick has nothing to do
 * that needs it: no deadline due (the global tick), and the running
 * thread's tick only counts (sched_tick_lockless: no PC sampling, its
 * quantum not running out). True when done; false, nothing changed, when
 * the caller must take the lock and call the one above. So two
 * processors running RPCs under the lock shared are not stopped CLOCK_HZ
 * times a second each by every processor's tick (base/lock.h). A
 * deadline added on another processor meanwhile may be seen one tick
 * late. Interrupts disabled.
 */
bool clock_interrupt_lockless(void);
bool clock_interrupt_cpu_lockless(void);

/*
 * Deadline list, used by base/waitq.c: threads sorted by t->deadline.
 * Lock held.
 */
void clock_deadline_add(struct thread *t);
void clock_deadline_remove(struct thread *t);

/* Ticks since boot. */
uint64_t clock_ticks(void);

/*
 * Wall clock: nanoseconds since the epoch, kept as uptime plus an
 * offset that host_set_time / host_adjust_time move (modules/mach3
 * host_server.c). Setting it rewrites the mapped time at once. Lock held.
 */
int64_t clock_wall_ns(void);
void clock_wall_set(int64_t ns);
void clock_wall_adjust(int64_t delta_ns);

struct mapped_time_value;

/*
 * Publish the wall clock in *mtime (the mapped time page, kern/vm_kobject.h)
 * now and on every tick. Fields are stored in the order that lets a
 * reader detect a torn read: check_seconds, microseconds, seconds (and
 * check_seconds64, time_value.nanoseconds, time_value.seconds), so a
 * reader that reads seconds, then microseconds, then check_seconds and
 * finds seconds == check_seconds has a consistent pair. Boot, once.
 */
void clock_map_time(struct mapped_time_value *mtime);

#endif /* KERN_CLOCK_H */
