/*
 * tests/mig/gnu/linux/hurd-sizes.h - force-included (-include) when stubs
 * of the Hurd's .defs are compiled on GNU/Linux. The Hurd's hurd_types.h
 * takes struct stat64, struct statfs64 and struct utsname from the C
 * library, whose Hurd x86_64 sizes are not Linux's: 176, 112 and 5 * 1024
 * bytes (the sizes hurd_types.defs gives io_statbuf_t, fsys_statfsbuf_t
 * and utsname_t). Here they are byte arrays of those sizes, after the
 * host's headers that declare the originals. Under -m32 (the i386 stubs),
 * the Hurd's i386 sizes: 128, 88, 5 * 1024, and struct flock64 (flock_t:
 * int, int, two 64-bit offsets 4-aligned, int; Linux's has short
 * l_type and l_whence) 28.
 */
#ifndef MACH5_TEST_HURD_SIZES_H
#define MACH5_TEST_HURD_SIZES_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <sys/utsname.h>

#ifdef __i386__
struct mach5_hurd_stat64 {
	unsigned char bytes[128];
};
struct mach5_hurd_statfs64 {
	unsigned char bytes[88];
};
struct mach5_hurd_flock64 {
	unsigned char bytes[28];
};
#define flock64 mach5_hurd_flock64
#else
struct mach5_hurd_stat64 {
	unsigned char bytes[176];
};
struct mach5_hurd_statfs64 {
	unsigned char bytes[112];
};
#endif
struct mach5_hurd_utsname {
	unsigned char bytes[5 * 1024];
};
#define stat64	 mach5_hurd_stat64
#define statfs64 mach5_hurd_statfs64
#define utsname	 mach5_hurd_utsname

#endif
