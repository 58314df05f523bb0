/*
 * tests/mig/bytes/harness.h - included by the generated driver of
 * tests/mig/bytes.sh (gen.awk). The driver calls every user stub of one
 * interface with fixed arguments; harness.c is the fake kernel (mach_msg)
 * that prints each request, hands it to the server demux, prints the reply
 * and gives it back to the stub. Fake server routines print what they
 * received and return fixed out-values. The output is compared line by
 * line between GNU MIG's stubs (expected/BASE.bytes) and mach5-mig's.
 *
 * All memory the stubs see comes from a pool mapped at a fixed address,
 * filled with a fixed pattern before each call, so that every address and
 * byte is the same from one program to the next.
 */
#ifndef TESTS_MIG_BYTES_HARNESS_H
#define TESTS_MIG_BYTES_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- harness.c ---------------------------------------------------------- */

struct hd_routine {
	const char *name;
	void (*call)(void);
};

/* Defined by the driver. */
extern const struct hd_routine hd_routines[];
extern int (*const hd_demux)(void *in, void *out);

/* The pool: region K (0 <= K < 512) is 64 KiB, refilled by hd_begin. */
void *hd_region(int k);
int hd_in_pool(uintptr_t a);
/* Fill n bytes at p with region k's pattern. */
void hd_fill(void *p, size_t n, int k);
/* Print "NAME PASS TAG " then the bytes (runs shortened), then a newline. */
void hd_dump(const char *tag, const void *p, size_t n);
/* Fill the stack below the caller with 0xEE, so that bytes a stub leaves
   unwritten are the same in every program. */
void hd_stack_fill(void);
/* What fake server routines return (KERN_SUCCESS, then an error). */
extern int hd_kr;

/* ---- Helpers for the generated code -------------------------------------- */

#define HD_IS_PTR(x) (__builtin_classify_type(x) == 5)
#define HD_IS_INT(x) (__builtin_classify_type(x) == 1)
/* x itself if it is a pointer, else a (char *)0 that is never used. */
#define HD_PTR(x) __builtin_choose_expr(HD_IS_PTR(x), (x), (char *)0)
/* A real pointer variable (not an array of pointer size). */
#define HD_PTR_VAR(x) (HD_IS_PTR(x) && sizeof(x) == sizeof(void *))

static inline void hd_set_ptr(void *slot, void *v)
{
	memcpy(slot, &v, sizeof v);
}

static inline uintptr_t hd_get_word(const void *slot, size_t n)
{
	uintptr_t v = 0;
	memcpy(&v, slot, n < sizeof v ? n : sizeof v);
	return v;
}

/*
 * An argument of the user stub, number k: pattern bytes; a pointer points
 * at region k (whose first word points at region k + 256 when the pointee
 * is itself a pointer); a word-sized integer is region k's address (it
 * may be an out-of-line address, pointer_t).
 */
#define HD_ARG(a, k)                                                           \
	do {                                                                   \
		hd_fill(&(a), sizeof(a), (k));                                 \
		if (HD_PTR_VAR(a)) {                                           \
			hd_set_ptr(&(a), hd_region(k));                        \
			if (HD_IS_PTR(*HD_PTR(a)))                             \
				hd_set_ptr(hd_region(k),                       \
					   hd_region((k) + 256));              \
		} else if (HD_IS_INT(a) && sizeof(a) == sizeof(void *)) {      \
			hd_set_ptr(&(a), hd_region(k));                        \
		}                                                              \
	} while (0)

/*
 * Whether an array element x holds an address (vm_offset_t, pointer_t's C
 * type: the count is then in bytes). On x86_64 any word-sized element is
 * taken for one; on i386, where every int is word-sized, gen.awk says so
 * from the element's type name (isaddr).
 */
#if HD_LAYOUT == 2
#define HD_ADDR_ELEM(x, isaddr) (isaddr)
#else
#define HD_ADDR_ELEM(x, isaddr) (sizeof(x) == sizeof(void *))
#endif

/* Print an array the caller got back (pointer p, count c elements). */
#define HD_OUT_ARRAY(tag, a, c, isaddr)                                        \
	do {                                                                   \
		size_t n_ = (c) > 4096 ? 4096 : (c);                           \
		if (HD_IS_PTR(*HD_PTR(a))) {                                   \
			const void *b_ = (const void *)(uintptr_t)hd_get_word( \
				HD_PTR(a), sizeof(void *));                    \
			if (hd_in_pool((uintptr_t)b_))                         \
				hd_dump(tag, b_,                               \
					n_ * sizeof(*HD_PTR(*HD_PTR(a))));     \
		} else if (HD_ADDR_ELEM(*HD_PTR(a), isaddr) &&                 \
			   hd_in_pool(hd_get_word(HD_PTR(a), 8))) {            \
			hd_dump(tag, (const void *)hd_get_word(HD_PTR(a), 8),  \
				n_);                                           \
		} else {                                                       \
			hd_dump(tag, HD_PTR(a), n_ * sizeof(*HD_PTR(a)));      \
		}                                                              \
	} while (0)

/* Print what a pointer argument points at (one value; a string). */
#define HD_OUT_VALUE(tag, a)                                                   \
	do {                                                                   \
		if (sizeof(*HD_PTR(a)) == 1)                                   \
			hd_dump(tag, HD_PTR(a),                                \
				strnlen((const char *)HD_PTR(a), 8192) + 1);   \
		else                                                           \
			hd_dump(tag, HD_PTR(a), sizeof(*HD_PTR(a)));           \
	} while (0)

/* Server side: an in-array of c elements, or the bytes of a value. */
#define HD_IN_ARRAY(tag, a, c)                                                 \
	do {                                                                   \
		size_t n_ = (c) > 4096 ? 4096 : (c);                           \
		if (HD_IS_PTR(a)) {                                            \
			hd_dump(tag, HD_PTR(a), n_ * sizeof(*HD_PTR(a)));      \
		} else {                                                       \
			if (hd_in_pool(hd_get_word(&(a), sizeof(a))))          \
				hd_dump(tag,                                   \
					(const void *)hd_get_word(&(a),        \
								  sizeof(a)),  \
					n_);                                   \
			hd_dump(tag "=", &(a), sizeof(a));                     \
		}                                                              \
	} while (0)

#define HD_IN_VALUE(tag, a)                                                    \
	do {                                                                   \
		if (HD_IS_PTR(a))                                              \
			HD_OUT_VALUE(tag, a);                                  \
		else                                                           \
			hd_dump(tag, &(a), sizeof(a));                         \
	} while (0)

/*
 * Server side: out array a with count *c: two elements, in the server's
 * own buffer (region k) when the stub passes a pointer to a pointer.
 */
#define HD_SET_ARRAY(a, c, k, isaddr)                                          \
	do {                                                                   \
		if (HD_IS_PTR(*HD_PTR(a))) {                                   \
			hd_set_ptr(HD_PTR(a), hd_region(k));                   \
			*(c) = 2;                                              \
		} else if (HD_ADDR_ELEM(*HD_PTR(a), isaddr)) {                 \
			hd_set_ptr(HD_PTR(a), hd_region(k));                   \
			*(c) = 16;                                             \
		} else {                                                       \
			unsigned n_ = *(c) < 2 ? *(c) : 2;                     \
			hd_fill(HD_PTR(a), n_ * sizeof(*HD_PTR(a)), (k));      \
			*(c) = n_;                                             \
		}                                                              \
	} while (0)

/* Server side: one out value (a string if it is char). */
#define HD_SET_VALUE(a, k)                                                     \
	do {                                                                   \
		if (sizeof(*HD_PTR(a)) == 1) {                                 \
			memcpy(HD_PTR(a), "srv", 4);                           \
		} else {                                                       \
			hd_fill(HD_PTR(a), sizeof(*HD_PTR(a)), (k));           \
			if (HD_IS_PTR(*HD_PTR(a)))                             \
				hd_set_ptr(HD_PTR(a), hd_region(k));           \
		}                                                              \
	} while (0)

#endif
