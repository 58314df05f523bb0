/*
 * base/ref.h - typed owning references, from one template.
 *
 *	struct port { struct ref ref; ... };
 *	REF_DEFINE(port, ref, port_destroy)
 *
 * gives port_ref(p) (take a reference), port_unref(p) (drop one; the last
 * drop calls port_destroy(p)) and port_refs(p) (the count, for tests).
 * The count is atomic. There is one way to drop a reference and it always
 * runs the destructor.
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

#define REF_DEFINE(type, field, destroy)                                       \
	static inline struct type *type##_ref(struct type *obj)                \
	{                                                                      \
		unsigned long old = __atomic_fetch_add(&obj->field.count, 1,   \
						       __ATOMIC_RELAXED);      \
		assert(old != 0);                                              \
		return obj;                                                    \
	}                                                                      \
	static inline void type##_unref(struct type *obj)                      \
	{                                                                      \
		unsigned long old = __atomic_fetch_sub(&obj->field.count, 1,   \
						       __ATOMIC_ACQ_REL);      \
		assert(old != 0);                                              \
		if (old == 1)                                                  \
			destroy(obj);                                          \
	}                                                                      \
	static inline unsigned long type##_refs(const struct type *obj)        \
	{                                                                      \
		return __atomic_load_n(&obj->field.count, __ATOMIC_RELAXED);   \
	}

#endif /* KERN_REF_H */
