/*
 * <mach5/thread_regs.h> - the registers a test task sets in a thread's
 * i386_THREAD_STATE (flavor 1), named the same on both x86 ports:
 * st.TS_PC (rip / eip), st.TS_SP (the user stack pointer: ursp / uesp)
 * and st.TS_RET (the return-value register: rax / eax). A new thread's
 * stack pointer is as after a call: top - sizeof(void *).
 *
 * A thread started at a function of one integer argument: the function
 * declared TS_ARG_FN (i386: regparm(1), the argument in eax), the
 * argument in st.TS_ARG0 (rdi / eax).
 */
#ifndef _MACH5_THREAD_REGS_H_
#define _MACH5_THREAD_REGS_H_

#include <mach/thread_status.h>

#ifdef __x86_64__
#define TS_PC	rip
#define TS_SP	ursp
#define TS_RET	rax
#define TS_ARG0 rdi
#define TS_ARG_FN
#else
#define TS_PC	  eip
#define TS_SP	  uesp
#define TS_RET	  eax
#define TS_ARG0	  eax
#define TS_ARG_FN __attribute__((regparm(1)))
#endif

#endif /* _MACH5_THREAD_REGS_H_ */
