/*
 * kern/gsync.c - the gsync table: threads waiting on user memory words.
 *
 * Each waiter lives on its own kernel stack (struct gsync_waiter) and sits
 * on the list of its key's bucket; it sleeps on a wait queue of its own,
 * so that a requeue only relinks it and a wake picks exactly it. A waiter
 * that times out or is interrupted unlinks itself; a waker unlinks the
 * waiter before waking it, so a linked waiter is always asleep.
 *
 * Keys hold no references: a private key names the map of the task the
 * waiter runs in (alive while it waits), a shared key the VM object mapped
 * at the address when the wait began. A key is only compared, never
 * followed.
 *
 * Lock order: the kernel lock only (vm/ functions called inside nest).
 */
#include <kern/gsync.h>
#include <base/list.h>
#include <base/lock.h>
#include <base/task.h>
#include <base/thread.h>
#include <base/waitq.h>
#include <vm/vm_map.h>

#define GSYNC_BUCKETS 64

struct gsync_key {
	uintptr_t space; /* struct vm_map * or struct vm_object * */
	uint64_t offset; /* address in the map or offset in the object */
};

struct gsync_waiter {
	struct list node; /* on its bucket, while linked */
	struct gsync_key key;
	struct waitq wq; /* the waiter alone */
};

static struct list gsync_buckets[GSYNC_BUCKETS];
static bool gsync_ready;

void gsync_init(void)
{
	spl_t s = splhigh();

	if (!gsync_ready) {
		for (int i = 0; i < GSYNC_BUCKETS; i++)
			list_init(&gsync_buckets[i]);
		gsync_ready = true;
	}
	splx(s);
}

static struct list *gsync_bucket(const struct gsync_key *key)
{
	uint64_t h = (uint64_t)key->space * 0x9E3779B97F4A7C15ULL ^
		     (key->offset >> 2) * 0xC2B2AE3D27D4EB4FULL;

	return &gsync_buckets[(h >> 32) % GSYNC_BUCKETS];
}

static bool gsync_key_equal(const struct gsync_key *a,
			    const struct gsync_key *b)
{
	return a->space == b->space && a->offset == b->offset;
}

/*
 * Decode: the key of addr in task. KERN_INVALID_ADDRESS when addr is
 * misaligned or not mapped. Kernel lock held.
 */
static kern_return_t gsync_key_of(struct task *task, uintptr_t addr, int flags,
				  struct gsync_key *key)
{
	uintptr_t align = (flags & GSYNC_QUAD) ? 8 : 4;
	struct vm_map_entry *e;

	if (task == NULL || !task->active || task->map == NULL)
		return KERN_INVALID_ARGUMENT;
	if (addr & (align - 1))
		return KERN_INVALID_ADDRESS;
	e = vm_map_lookup(task->map, addr);
	if (e == NULL)
		return KERN_INVALID_ADDRESS;
	if ((flags & GSYNC_SHARED) && e->object != NULL) {
		key->space = (uintptr_t)e->object;
		key->offset = e->offset + (addr - e->start);
	} else {
		/* Private, or shared memory not touched yet: nobody else
		 * can map a page that has no object. */
		key->space = (uintptr_t)task->map;
		key->offset = addr;
	}
	return KERN_SUCCESS;
}

/* The word at addr (4 or 8 bytes). Kernel lock held. */
static kern_return_t gsync_read(struct task *task, uintptr_t addr, int flags,
				uint64_t *value)
{
	uint32_t lo = 0, hi = 0;

	if (vm_map_read(task->map, addr, &lo, sizeof(lo)) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	if ((flags & GSYNC_QUAD) &&
	    vm_map_read(task->map, addr + 4, &hi, sizeof(hi)) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	*value = (uint64_t)hi << 32 | lo;
	return KERN_SUCCESS;
}

static kern_return_t gsync_wait_result(enum wait_result r)
{
	switch (r) {
	case WAIT_AWAKENED:
		return KERN_SUCCESS;
	case WAIT_TIMED_OUT:
		return KERN_TIMEDOUT;
	default:
		return KERN_INTERRUPTED;
	}
}

kern_return_t gsync_wait(struct task *task, uintptr_t addr, uint32_t val1,
			 uint32_t val2, uint32_t msec, int flags)
{
	struct gsync_waiter w;
	uint64_t expected =
		(flags & GSYNC_QUAD) ? (uint64_t)val2 << 32 | val1 : val1;
	uint64_t value, deadline = WAITQ_FOREVER;
	enum wait_result r;
	kern_return_t kr;
	spl_t s;

	gsync_init();
	if (flags & GSYNC_TIMED)
		deadline = deadline_after_ms(msec);
	s = splhigh();
	kr = gsync_key_of(task, addr, flags, &w.key);
	if (kr == KERN_SUCCESS)
		kr = gsync_read(task, addr, flags, &value);
	if (kr == KERN_SUCCESS && value != expected)
		kr = KERN_INVALID_ARGUMENT;
	if (kr != KERN_SUCCESS) {
		splx(s);
		return kr;
	}
	/* No waker can run between the read and the link: the kernel lock
	 * is held, so a wake after the store is not lost. */
	waitq_init(&w.wq);
	list_insert_tail(gsync_bucket(&w.key), &w.node);
	r = waitq_wait(&w.wq, deadline);
	if (!list_node_unlinked(&w.node))
		list_remove(&w.node); /* timed out or interrupted */
	splx(s);
	return gsync_wait_result(r);
}

/* Wake the waiters of key: one, or all when all. Kernel lock held. */
static unsigned int gsync_wake_key(const struct gsync_key *key, bool all)
{
	struct list *bucket = gsync_bucket(key), *node, *tmp;
	unsigned int n = 0;

	list_for_each_safe (bucket, node, tmp) {
		struct gsync_waiter *w =
			list_entry(node, struct gsync_waiter, node);

		if (!gsync_key_equal(&w->key, key))
			continue;
		list_remove(&w->node);
		waitq_wakeup_one(&w->wq, WAIT_AWAKENED);
		n++;
		if (!all)
			break;
	}
	return n;
}

kern_return_t gsync_wake(struct task *task, uintptr_t addr, uint32_t val,
			 int flags)
{
	struct gsync_key key;
	kern_return_t kr;
	spl_t s;

	gsync_init();
	s = splhigh();
	kr = gsync_key_of(task, addr, flags & ~GSYNC_QUAD, &key);
	if (kr == KERN_SUCCESS && (flags & GSYNC_MUTATE) &&
	    vm_map_write(task->map, addr, &val, sizeof(val)) != KERN_SUCCESS)
		kr = KERN_INVALID_ADDRESS;
	if (kr == KERN_SUCCESS)
		gsync_wake_key(&key, flags & GSYNC_BROADCAST);
	splx(s);
	return kr;
}

kern_return_t gsync_requeue(struct task *task, uintptr_t src, uintptr_t dst,
			    bool wake_one, int flags)
{
	struct gsync_key from, to;
	struct list *bucket, *node, *tmp;
	kern_return_t kr;
	spl_t s;

	gsync_init();
	s = splhigh();
	kr = gsync_key_of(task, src, flags, &from);
	if (kr == KERN_SUCCESS)
		kr = gsync_key_of(task, dst, flags, &to);
	if (kr != KERN_SUCCESS) {
		splx(s);
		return kr;
	}
	if (wake_one)
		gsync_wake_key(&from, false);
	if (!gsync_key_equal(&from, &to)) {
		bucket = gsync_bucket(&from);
		list_for_each_safe (bucket, node, tmp) {
			struct gsync_waiter *w =
				list_entry(node, struct gsync_waiter, node);

			if (!gsync_key_equal(&w->key, &from))
				continue;
			list_remove(&w->node);
			w->key = to;
			list_insert_tail(gsync_bucket(&to), &w->node);
		}
	}
	splx(s);
	return KERN_SUCCESS;
}
