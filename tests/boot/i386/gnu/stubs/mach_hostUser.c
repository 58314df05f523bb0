#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "mach_host.h"
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

/* Routine host_processors */
mig_external kern_return_t host_processors
(
	mach_port_t host_priv,
	processor_array_t *processor_list,
	mach_msg_type_number_t *processor_listCnt
)
{
	typedef struct {
		mach_msg_header_t Head;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_long_t processor_listType;
		processor_array_t processor_list;
	} Reply;

	union {
		Request In;
		Reply Out;
	} Mess;

	Request *InP = &Mess.In;
	Reply *OutP = &Mess.Out;

	mach_msg_return_t msg_result;
#if	TypeCheck
	boolean_t msgh_simple;
#endif	/* TypeCheck */
#if	TypeCheck
	unsigned int msgh_size;
#endif	/* TypeCheck */

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = host_priv;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2600;

	_Static_assert(sizeof(Request) == 24, "Request expected to be 24 bytes");
	InP->Head.msgh_size = 24;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 24, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2700)) {
		if (OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)
			return MIG_SERVER_DIED;
		else {
			mig_dealloc_reply_port(InP->Head.msgh_reply_port);
			return MIG_REPLY_MISMATCH;
		}
	}

#if	TypeCheck
	msgh_size = OutP->Head.msgh_size;
	msgh_simple = !(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX);

	if (mig_unlikely (((msgh_size != 48) || msgh_simple) &&
	    ((msgh_size != sizeof(mig_reply_header_t)) ||
	     !msgh_simple ||
	     (OutP->RetCode == KERN_SUCCESS))))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

#if	TypeCheck
	if (BAD_TYPECHECK (&OutP->RetCodeType, &RetCodeCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	if (OutP->RetCode != KERN_SUCCESS)
		return OutP->RetCode;

#if	TypeCheck
	if (mig_unlikely ((OutP->processor_listType.msgtl_header.msgt_inline != FALSE) ||
	    (OutP->processor_listType.msgtl_header.msgt_longform != TRUE) ||
	    (OutP->processor_listType.msgtl_name != MACH_MSG_TYPE_PORT_SEND) ||
	    (OutP->processor_listType.msgtl_size != 32)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*processor_list = OutP->processor_list;

	*processor_listCnt = OutP->processor_listType.msgtl_number;

	return KERN_SUCCESS;
}

/* Routine host_reboot */
mig_external kern_return_t host_reboot
(
	mach_port_t host_priv,
	int options
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t optionsType;
		int options;
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

	const mach_msg_type_t optionsType = {
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

	InP->optionsType = optionsType;

	InP->options = options;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = host_priv;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2635;

	_Static_assert(sizeof(Request) == 32, "Request expected to be 32 bytes");
	InP->Head.msgh_size = 32;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 32, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2735)) {
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

/* Routine host_info */
mig_external kern_return_t host_info
(
	mach_port_t host,
	int flavor,
	host_info_t host_info_out,
	mach_msg_type_number_t *host_info_outCnt
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t flavorType;
		int flavor;
		mach_msg_type_t host_info_outCntType;
		mach_msg_type_number_t host_info_outCnt;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t host_info_outType;
		union {
			integer_t host_info_out[1024];
			integer_t *host_info_outP;
		};
	} Reply;

	union {
		Request In;
		Reply Out;
	} Mess;

	Request *InP = &Mess.In;
	Reply *OutP = &Mess.Out;

	mach_msg_return_t msg_result;
#if	TypeCheck
	unsigned int msgh_size;
#endif	/* TypeCheck */

	const mach_msg_type_t flavorType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(int) == 4 * 1, "expected int to be size 4 * 1");

	const mach_msg_type_t host_info_outCntType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_msg_type_number_t) == 4 * 1, "expected mach_msg_type_number_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->flavorType = flavorType;

	InP->flavor = flavor;

	InP->host_info_outCntType = host_info_outCntType;

	if (*host_info_outCnt < 1024)
		InP->host_info_outCnt = *host_info_outCnt;
	else
		InP->host_info_outCnt = 1024;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = host;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2638;

	_Static_assert(sizeof(Request) == 40, "Request expected to be 40 bytes");
	InP->Head.msgh_size = 40;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 40, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2738)) {
		if (OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)
			return MIG_SERVER_DIED;
		else {
			mig_dealloc_reply_port(InP->Head.msgh_reply_port);
			return MIG_REPLY_MISMATCH;
		}
	}

#if	TypeCheck
	msgh_size = OutP->Head.msgh_size;

	if (mig_unlikely ((OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) ||
	    ((msgh_size < 36) &&
	     ((msgh_size != sizeof(mig_reply_header_t)) ||
	      (OutP->RetCode == KERN_SUCCESS)))))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

#if	TypeCheck
	if (BAD_TYPECHECK (&OutP->RetCodeType, &RetCodeCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	if (OutP->RetCode != KERN_SUCCESS)
		return OutP->RetCode;

#if	TypeCheck
	if (mig_unlikely ((OutP->host_info_outType.msgt_inline != TRUE) ||
	    (OutP->host_info_outType.msgt_longform != FALSE) ||
	    (OutP->host_info_outType.msgt_name != MACH_MSG_TYPE_INTEGER_32) ||
	    (OutP->host_info_outType.msgt_size != 32)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

#if	TypeCheck
	if (mig_unlikely (msgh_size != 36 + (4 * OutP->host_info_outType.msgt_number)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	if (OutP->host_info_outType.msgt_number > *host_info_outCnt) {
		if (*host_info_outCnt)
			memcpy(host_info_out, OutP->host_info_out, 4 * *host_info_outCnt);
		*host_info_outCnt = OutP->host_info_outType.msgt_number;
		return MIG_ARRAY_TOO_LARGE;
	}
	else if (OutP->host_info_outType.msgt_number) {
		memcpy(host_info_out, OutP->host_info_out, 4 * OutP->host_info_outType.msgt_number);
	}

	*host_info_outCnt = OutP->host_info_outType.msgt_number;

	return KERN_SUCCESS;
}

