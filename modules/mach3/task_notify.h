/*
 * modules/mach3/task_notify.h - the new-task notification
 * (gnumach.defs register_new_task_notification, task_notify.defs 4400).
 *
 * Lock: kernel lock held or not; each function takes it itself.
 */
#ifndef MODULES_MACH3_TASK_NOTIFY_H
#define MODULES_MACH3_TASK_NOTIFY_H

struct port;
struct task;

/*
 * Register notify (a send right, consumed; NULL unregisters) as the port
 * told of every new task; the previous one is released.
 */
void task_notify_register(struct port *notify);

/*
 * Tell the registered port (if any) that task was created by parent
 * (NULL: none): mach_notify_new_task, id 4400, 64 bytes, COMPLEX, two
 * MOVE_SEND rights (task, parent) in 8-byte slots. Never blocks (the
 * message ignores the queue limit, as kernel notifications do).
 */
void task_notify_new_task(struct task *task, struct task *parent);

#endif /* MODULES_MACH3_TASK_NOTIFY_H */
