/*
 * kern/exception.h - user exceptions (../shared/abi/x86_64.md §8).
 */
#ifndef KERN_EXCEPTION_H
#define KERN_EXCEPTION_H

/* The exception codes and exception_raise_user are declared with the
 * arch's other callbacks. */
#include <base/arch_callbacks.h>

#endif /* KERN_EXCEPTION_H */
