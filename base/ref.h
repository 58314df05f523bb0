/*
 * base/ref.h - typed owning references, from one template.
 *
 *	struct port { struct ref ref; ... };
 *	REF_DEFINE_NAMED(ipc_port, port, ref, ipc_port_free)
 *
 * gives ipc_port_ref(p) (take a reference), ipc_port_unref(p) (drop one;
 * the last drop calls ipc_port_free(p)), ipc_port_move(&p) (hand over the
 * reference p holds: returns it and leaves p NULL) and ipc_port_refs(p)
 * (the count, for tests); ipc_port_ref_held(p) and ipc_port_unref_held(p)
 * are ref and unref for a caller that knows the count is not zero (a
 * reference it holds, or took and has not dropped), without the check:
 * for the fast path's kernel calls, where the check is a third of the
 * cost. REF_DEFINE(task, ref, task_destroy) is the same
 * with the functions named after the type (task_ref ...). The count is
 * atomic. There is one way to drop a reference and it always runs the
 * destructor.
 */
#ifndef KERN_REF_H
#define KERN_REF_H

#include <base/debug.h>

struct ref {
	unsigned long count;
};

static inline void ref_init(struct ref *r, unsigned long n)
{
	__atomic_store_n(&r->count, n, __ATOMIC_RELAXED);
}

#define REF_DEFINE_NAMED(prefix, type, field, destroy)                         \
	static inline struct type *prefix##_ref(struct type *obj)              \
	{                                                                      \
		unsigned long old = __atomic_fetch_add(&obj->field.count, 1,   \
						       __ATOMIC_RELAXED);      \
		assert(old != 0);                                              \
		return obj;                                                    \
	}                                                                      \
	static inline void prefix##_unref(struct type *obj)                    \
	{                                                                      \
		unsigned long old = __atomic_fetch_sub(&obj->field.count, 1,   \
						       __ATOMIC_ACQ_REL);      \
		assert(old != 0);                                              \
		if (old == 1)                                                  \
			destroy(obj);                                          \
	}                                                                      \
	static inline struct type *prefix##_move(struct type **holder)         \
	{                                                                      \
		struct type *obj = *holder;                                    \
                                                                               \
		*holder = NULL;                                                \
		return obj;                                                    \
	}                                                                      \
	static inline unsigned long prefix##_refs(const struct type *obj)      \
	{                                                                      \
		return __atomic_load_n(&obj->field.count, __ATOMIC_RELAXED);   \
	}                                                                      \
	static inline                                                          \
		__attribute__((always_inline)) struct type *prefix##_ref_held( \
			struct type *obj)                                      \
	{                                                                      \
		__atomic_fetch_add(&obj->field.count, 1, __ATOMIC_RELAXED);    \
		return obj;                                                    \
	}                                                                      \
	static inline __attribute__((always_inline)) void prefix##_unref_held( \
		struct type *obj)                                              \
	{                                                                      \
		if (__atomic_sub_fetch(&obj->field.count, 1,                   \
				       __ATOMIC_ACQ_REL) == 0)                 \
			destroy(obj);                                          \
	}

#define REF_DEFINE(type, field, destroy)                                       \
	REF_DEFINE_NAMED(type, type, field, destroy)

#endif /* KERN_REF_H */
