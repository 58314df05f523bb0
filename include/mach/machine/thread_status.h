/*
 * <mach/machine/thread_status.h> - x86_64 thread state flavors
 * (../shared/abi/x86_64.md §8.3). i386_thread_state is the 64-bit register
 * set: 168 bytes, count 42.
 */
#ifndef _MACH_MACHINE_THREAD_STATUS_H_
#define _MACH_MACHINE_THREAD_STATUS_H_

#include <mach/machine/fp_reg.h>

#define i386_THREAD_STATE	1
#define i386_FLOAT_STATE	2
#define i386_ISA_PORT_MAP_STATE 3
#define i386_V86_ASSIST_STATE	4
#define i386_REGS_SEGS_STATE	5
#define i386_DEBUG_STATE	6
#define i386_FSGS_BASE_STATE	7
#define i386_XFLOAT_STATE	8

#ifdef __x86_64__
struct i386_thread_state {
	unsigned long r8;
	unsigned long r9;
	unsigned long r10;
	unsigned long r11;
	unsigned long r12;
	unsigned long r13;
	unsigned long r14;
	unsigned long r15;
	unsigned long rdi;
	unsigned long rsi;
	unsigned long rbp;
	unsigned long rsp; /* ignored on set, 0 on get */
	unsigned long rbx;
	unsigned long rdx;
	unsigned long rcx;
	unsigned long rax;
	unsigned long rip;
	unsigned int cs;
	unsigned long rfl;
	unsigned long ursp; /* the user stack pointer */
	unsigned int ss;
};
#else
struct i386_thread_state {
	unsigned int gs;
	unsigned int fs;
	unsigned int es;
	unsigned int ds;
	unsigned int edi;
	unsigned int esi;
	unsigned int ebp;
	unsigned int esp;
	unsigned int ebx;
	unsigned int edx;
	unsigned int ecx;
	unsigned int eax;
	unsigned int eip;
	unsigned int cs;
	unsigned int efl;
	unsigned int uesp;
	unsigned int ss;
};
#endif
#define i386_THREAD_STATE_COUNT                                                \
	(sizeof(struct i386_thread_state) / sizeof(unsigned int))

#define FP_STATE_BYTES                                                         \
	(sizeof(struct i386_fp_save) + sizeof(struct i386_fp_regs))

struct i386_float_state {
	int fpkind; /* FP_NO .. FP_387X */
	int initialized;
	unsigned char hw_state[FP_STATE_BYTES]; /* FSAVE format */
	int exc_status; /* exception status (readonly) */
};
#define i386_FLOAT_STATE_COUNT                                                 \
	(sizeof(struct i386_float_state) / sizeof(unsigned int))

struct i386_xfloat_state {
	int fpkind;
	int initialized;
	int exc_status;
	int fp_save_kind; /* 0 FNSAVE, 1 FXSAVE, 2 XSAVE, 3 XSAVEOPT, ... */
	unsigned char hw_state[]; /* i386_get_xstate_size() - 16 bytes */
};
#define i386_XFLOAT_STATE_COUNT                                                \
	(sizeof(struct i386_xfloat_state) / sizeof(unsigned int))

#define PORT_MAP_BITS 0x400
struct i386_isa_port_map_state {
	unsigned char pm[PORT_MAP_BITS >> 3];
};
#define i386_ISA_PORT_MAP_STATE_COUNT                                          \
	(sizeof(struct i386_isa_port_map_state) / sizeof(unsigned int))

struct i386_v86_assist_state {
	unsigned int int_table; /* interrupt table address */
	int int_count;		/* interrupt table size */
};
struct v86_interrupt_table {
	unsigned int count;
	unsigned short mask;
	unsigned short vec;
};
#define i386_V86_ASSIST_STATE_COUNT                                            \
	(sizeof(struct i386_v86_assist_state) / sizeof(unsigned int))

struct i386_debug_state {
	unsigned int dr[8];
};
#define i386_DEBUG_STATE_COUNT                                                 \
	(sizeof(struct i386_debug_state) / sizeof(unsigned int))

struct i386_fsgs_base_state {
	unsigned long long fs_base;
	unsigned long long gs_base;
};
#define i386_FSGS_BASE_STATE_COUNT                                             \
	(sizeof(struct i386_fsgs_base_state) / sizeof(unsigned int))

#ifdef __x86_64__
_Static_assert(sizeof(struct i386_thread_state) == 168, "i386_thread_state");
_Static_assert(i386_THREAD_STATE_COUNT == 42, "i386_THREAD_STATE_COUNT");
_Static_assert(__builtin_offsetof(struct i386_thread_state, rsp) == 88, "rsp");
_Static_assert(__builtin_offsetof(struct i386_thread_state, rax) == 120, "rax");
_Static_assert(__builtin_offsetof(struct i386_thread_state, rip) == 128, "rip");
_Static_assert(__builtin_offsetof(struct i386_thread_state, cs) == 136, "cs");
_Static_assert(__builtin_offsetof(struct i386_thread_state, rfl) == 144, "rfl");
_Static_assert(__builtin_offsetof(struct i386_thread_state, ursp) == 152,
	       "ursp");
_Static_assert(__builtin_offsetof(struct i386_thread_state, ss) == 160, "ss");
#else
_Static_assert(i386_THREAD_STATE_COUNT == 17, "i386_THREAD_STATE_COUNT");
#endif
_Static_assert(i386_FLOAT_STATE_COUNT == 30, "i386_FLOAT_STATE_COUNT");
_Static_assert(__builtin_offsetof(struct i386_float_state, exc_status) == 116,
	       "i386_float_state.exc_status");
_Static_assert(i386_ISA_PORT_MAP_STATE_COUNT == 32, "port map count");
_Static_assert(i386_V86_ASSIST_STATE_COUNT == 2, "v86 count");
_Static_assert(i386_DEBUG_STATE_COUNT == 8, "debug count");
_Static_assert(i386_FSGS_BASE_STATE_COUNT == 4, "fsgs count");
_Static_assert(sizeof(struct i386_xfloat_state) == 16, "xfloat header");

#endif /* _MACH_MACHINE_THREAD_STATUS_H_ */
