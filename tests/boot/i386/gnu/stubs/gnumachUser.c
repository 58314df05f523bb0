#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "gnumach.h"
#define EXPORT_BOOLEAN
#include <mach/boolean.h>
#include <mach/kern_return.h>
#include <mach/message.h>
#include <mach/notify.h>
#include <mach/mach_types.h>
#include <mach/mig_errors.h>
#include <mach/mig_support.h>
#include <stdint.h>

#ifndef	mig_internal
#define	mig_internal	static
#endif

#ifndef	mig_external
#define mig_external
#endif

#ifndef	mig_unlikely
#define	mig_unlikely(X)	__builtin_expect (!! (X), 0)
#endif

#ifndef	TypeCheck
#define	TypeCheck 1
#endif

#ifndef	UseExternRCSId
#define	UseExternRCSId		1
#endif

#define BAD_TYPECHECK(type, check) mig_unlikely (({\
  union { mach_msg_type_t t; uint32_t w; } _t, _c;\
  _t.t = *(type); _c.t = *(check);_t.w != _c.w; }))
#define msgh_request_port	msgh_remote_port
#define msgh_reply_port		msgh_local_port

#include <mach/std_types.h>
#include <mach/mach_types.h>
#include <mach_debug/mach_debug_types.h>

/* Routine gsync_wait */
mig_external kern_return_t gsync_wait
(
	mach_port_t task,
	vm_address_t addr,
	unsigned val1,
	unsigned val2,
	natural_t msec,
	int flags
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t addrType;
		vm_address_t addr;
		mach_msg_type_t val1Type;
		unsigned val1;
		mach_msg_type_t val2Type;
		unsigned val2;
		mach_msg_type_t msecType;
		natural_t msec;
		mach_msg_type_t flagsType;
		int flags;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
	} Reply;

	union {
		Request In;
		Reply Out;
	} Mess;

	Request *InP = &Mess.In;
	Reply *OutP = &Mess.Out;

	mach_msg_return_t msg_result;

	const mach_msg_type_t addrType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(vm_address_t) == 4 * 1, "expected vm_address_t to be size 4 * 1");

	const mach_msg_type_t val1Type = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(unsigned) == 4 * 1, "expected unsigned to be size 4 * 1");

	const mach_msg_type_t val2Type = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(unsigned) == 4 * 1, "expected unsigned to be size 4 * 1");

	const mach_msg_type_t msecType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(natural_t) == 4 * 1, "expected natural_t to be size 4 * 1");

	const mach_msg_type_t flagsType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(int) == 4 * 1, "expected int to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->addrType = addrType;

	InP->addr = addr;

	InP->val1Type = val1Type;

	InP->val1 = val1;

	InP->val2Type = val2Type;

	InP->val2 = val2;

	InP->msecType = msecType;

	InP->msec = msec;

	InP->flagsType = flagsType;

	InP->flags = flags;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 4204;

	_Static_assert(sizeof(Request) == 64, "Request expected to be 64 bytes");
	InP->Head.msgh_size = 64;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 64, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 4304)) {
		if (OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)
			return MIG_SERVER_DIED;
		else {
			mig_dealloc_reply_port(InP->Head.msgh_reply_port);
			return MIG_REPLY_MISMATCH;
		}
	}

#if	TypeCheck
	if (mig_unlikely ((OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    (OutP->Head.msgh_size != 32)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

#if	TypeCheck
	if (BAD_TYPECHECK (&OutP->RetCodeType, &RetCodeCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	return OutP->RetCode;
}

/* SimpleRoutine gsync_wake */
mig_external kern_return_t gsync_wake
(
	mach_port_t task,
	vm_address_t addr,
	unsigned val,
	int flags
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t addrType;
		vm_address_t addr;
		mach_msg_type_t valType;
		unsigned val;
		mach_msg_type_t flagsType;
		int flags;
	} Request;

	union {
		Request In;
	} Mess;

	Request *InP = &Mess.In;

	const mach_msg_type_t addrType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(vm_address_t) == 4 * 1, "expected vm_address_t to be size 4 * 1");

	const mach_msg_type_t valType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(unsigned) == 4 * 1, "expected unsigned to be size 4 * 1");

	const mach_msg_type_t flagsType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(int) == 4 * 1, "expected int to be size 4 * 1");

	InP->addrType = addrType;

	InP->addr = addr;

	InP->valType = valType;

	InP->val = val;

	InP->flagsType = flagsType;

	InP->flags = flags;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = MACH_PORT_NULL;
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 4205;

	_Static_assert(sizeof(Request) == 48, "Request expected to be 48 bytes");
	InP->Head.msgh_size = 48;

	return mach_msg(&InP->Head, MACH_SEND_MSG|MACH_MSG_OPTION_NONE, 48, 0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

