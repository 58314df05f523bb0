/*
 * tests/boot/i386/gnu/gnu_i686.h - what the gnu-i686 test program shares:
 * the traps of traps.S (gnumach-dev's <mach/syscall_sw.h>, which has no C
 * prototypes; the C library's would) and the printing of runtime.c.
 */
#ifndef GNU_I686_H
#define GNU_I686_H

#include <mach/message.h>
#include <mach/port.h>

mach_port_t mach_task_self(void);
mach_port_t mach_reply_port(void);
mach_port_t mach_thread_self(void);
mach_port_t mach_host_self(void);
void mach_print(const char *s);

unsigned int strlen(const char *s);
int strcmp(const char *a, const char *b);
void *memset(void *dst, int c, unsigned int n);
void *memcpy(void *dst, const void *src, unsigned int n);

/* Print "gnu-i686: " FMT "\n" through mach_print; FMT knows %s, %u and %x
 * (32-bit). */
void say(const char *fmt, ...);

#endif
