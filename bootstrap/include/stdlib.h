/* <stdlib.h> - program exit (libmach, freestanding). */
#ifndef _MACH5_STDLIB_H_
#define _MACH5_STDLIB_H_

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* Flush output, then end the task. */
void exit(int status) __attribute__((noreturn));
/* End the task at once (no flush). */
void _exit(int status) __attribute__((noreturn));
/* Print "abort" and end the task. */
void abort(void) __attribute__((noreturn));
/* Decimal/hex/octal conversion as strtol; no errno. */
long strtol(const char *s, char **end, int base);
int atoi(const char *s);

#endif /* _MACH5_STDLIB_H_ */
