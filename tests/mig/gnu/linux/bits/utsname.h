/*
 * tests/mig/gnu/linux/bits/utsname.h - found before the host's when the
 * Hurd's hurd_types.defs is preprocessed on GNU/Linux: the Hurd's glibc
 * has 1024-byte utsname fields (utsname_t is 5 of them), Linux's 65.
 */
#ifndef MACH5_TEST_HURD_UTSNAME_LENGTH
#define MACH5_TEST_HURD_UTSNAME_LENGTH
#define _UTSNAME_LENGTH 1024
#endif
