/*
 * base/thread_hook.h - what the layers above base/ do when a thread dies.
 *
 * base/thread.c knows nothing of ports: ipc/ (the thread port, its
 * kernel-call reply buffer) and kern/ (the special ports) register a hook
 * at boot. Hooks run the latest registered first, so a higher layer
 * tears down before the layer it stands on.
 */
#ifndef BASE_THREAD_HOOK_H
#define BASE_THREAD_HOOK_H

#include <base/list.h>

struct thread;

struct thread_hook {
	/* The thread is exiting (thread_exit: it is the current thread, not
	 * yet dead, still in its task). Kernel lock held. May be NULL. */
	void (*exit)(struct thread *t);
	/* The struct is about to be freed (thread_destroy, after the last
	 * reference). Kernel lock not held. May be NULL. */
	void (*destroy)(struct thread *t);
	struct list node; /* base/thread.c's, zero or unlinked until then */
};

/* Register h, once (registering it again does nothing). Lock taken
 * inside. */
void thread_hook_register(struct thread_hook *h);

#endif /* BASE_THREAD_HOOK_H */
