#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "mach_port.h"
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

/* Routine mach_port_names */
mig_external kern_return_t mach_port_names
(
	mach_port_t task,
	mach_port_name_array_t *names,
	mach_msg_type_number_t *namesCnt,
	mach_port_type_array_t *types,
	mach_msg_type_number_t *typesCnt
)
{
	typedef struct {
		mach_msg_header_t Head;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_long_t namesType;
		mach_port_name_array_t names;
		mach_msg_type_long_t typesType;
		mach_port_type_array_t types;
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
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3200;

	_Static_assert(sizeof(Request) == 24, "Request expected to be 24 bytes");
	InP->Head.msgh_size = 24;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 24, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3300)) {
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

	if (mig_unlikely (((msgh_size != 64) || msgh_simple) &&
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
	if (mig_unlikely ((OutP->namesType.msgtl_header.msgt_inline != FALSE) ||
	    (OutP->namesType.msgtl_header.msgt_longform != TRUE) ||
	    (OutP->namesType.msgtl_name != MACH_MSG_TYPE_PORT_NAME) ||
	    (OutP->namesType.msgtl_size != 32)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*names = OutP->names;

	*namesCnt = OutP->namesType.msgtl_number;

#if	TypeCheck
	if (mig_unlikely ((OutP->typesType.msgtl_header.msgt_inline != FALSE) ||
	    (OutP->typesType.msgtl_header.msgt_longform != TRUE) ||
	    (OutP->typesType.msgtl_name != MACH_MSG_TYPE_INTEGER_32) ||
	    (OutP->typesType.msgtl_size != 32)))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*types = OutP->types;

	*typesCnt = OutP->typesType.msgtl_number;

	return KERN_SUCCESS;
}

/* Routine mach_port_type */
mig_external kern_return_t mach_port_type
(
	mach_port_t task,
	mach_port_name_t name,
	mach_port_type_t *ptype
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t ptypeType;
		mach_port_type_t ptype;
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

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t ptypeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3201;

	_Static_assert(sizeof(Request) == 32, "Request expected to be 32 bytes");
	InP->Head.msgh_size = 32;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 32, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3301)) {
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
	    ((msgh_size != 40) &&
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
	if (BAD_TYPECHECK (&OutP->ptypeType, &ptypeCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*ptype = OutP->ptype;

	return KERN_SUCCESS;
}

/* Routine mach_port_allocate */
mig_external kern_return_t mach_port_allocate
(
	mach_port_t task,
	mach_port_right_t right,
	mach_port_name_t *name
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t rightType;
		mach_port_right_t right;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t nameType;
		mach_port_name_t name;
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

	const mach_msg_type_t rightType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_right_t) == 4 * 1, "expected mach_port_right_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t nameCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->rightType = rightType;

	InP->right = right;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3204;

	_Static_assert(sizeof(Request) == 32, "Request expected to be 32 bytes");
	InP->Head.msgh_size = 32;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 32, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3304)) {
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
	    ((msgh_size != 40) &&
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
	if (BAD_TYPECHECK (&OutP->nameType, &nameCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*name = OutP->name;

	return KERN_SUCCESS;
}

/* Routine mach_port_deallocate */
mig_external kern_return_t mach_port_deallocate
(
	mach_port_t task,
	mach_port_name_t name
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
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

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3206;

	_Static_assert(sizeof(Request) == 32, "Request expected to be 32 bytes");
	InP->Head.msgh_size = 32;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 32, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3306)) {
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

/* Routine mach_port_get_refs */
mig_external kern_return_t mach_port_get_refs
(
	mach_port_t task,
	mach_port_name_t name,
	mach_port_right_t right,
	mach_port_urefs_t *refs
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
		mach_msg_type_t rightType;
		mach_port_right_t right;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t refsType;
		mach_port_urefs_t refs;
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

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t rightType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_right_t) == 4 * 1, "expected mach_port_right_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t refsCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->rightType = rightType;

	InP->right = right;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3207;

	_Static_assert(sizeof(Request) == 40, "Request expected to be 40 bytes");
	InP->Head.msgh_size = 40;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 40, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3307)) {
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
	    ((msgh_size != 40) &&
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
	if (BAD_TYPECHECK (&OutP->refsType, &refsCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*refs = OutP->refs;

	return KERN_SUCCESS;
}

/* Routine mach_port_mod_refs */
mig_external kern_return_t mach_port_mod_refs
(
	mach_port_t task,
	mach_port_name_t name,
	mach_port_right_t right,
	mach_port_delta_t delta
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
		mach_msg_type_t rightType;
		mach_port_right_t right;
		mach_msg_type_t deltaType;
		mach_port_delta_t delta;
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

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t rightType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_right_t) == 4 * 1, "expected mach_port_right_t to be size 4 * 1");

	const mach_msg_type_t deltaType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_delta_t) == 4 * 1, "expected mach_port_delta_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->rightType = rightType;

	InP->right = right;

	InP->deltaType = deltaType;

	InP->delta = delta;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3208;

	_Static_assert(sizeof(Request) == 48, "Request expected to be 48 bytes");
	InP->Head.msgh_size = 48;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 48, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3308)) {
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

/* Routine mach_port_request_notification */
mig_external kern_return_t mach_port_request_notification
(
	mach_port_t task,
	mach_port_name_t name,
	mach_msg_id_t id,
	mach_port_mscount_t sync,
	mach_port_t notify,
	mach_msg_type_name_t notifyPoly,
	mach_port_t *previous
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
		mach_msg_type_t idType;
		mach_msg_id_t id;
		mach_msg_type_t syncType;
		mach_port_mscount_t sync;
		mach_msg_type_t notifyType;
		mach_port_name_inlined_t notify;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t previousType;
		mach_port_name_inlined_t previous;
	} Reply;

	union {
		Request In;
		Reply Out;
	} Mess;

	Request *InP = &Mess.In;
	Reply *OutP = &Mess.Out;

	mach_msg_return_t msg_result;
	boolean_t msgh_simple = TRUE;
#if	TypeCheck
	unsigned int msgh_size;
#endif	/* TypeCheck */

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t idType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_msg_id_t) == 4 * 1, "expected mach_msg_id_t to be size 4 * 1");

	const mach_msg_type_t syncType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_mscount_t) == 4 * 1, "expected mach_port_mscount_t to be size 4 * 1");

	const mach_msg_type_t notifyType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_POLYMORPHIC,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_inlined_t) == 4 * 1, "expected mach_port_name_inlined_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t previousCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_SEND_ONCE,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->idType = idType;

	InP->id = id;

	InP->syncType = syncType;

	InP->sync = sync;

	InP->notifyType = notifyType;

	InP->notify.name = notify;

	if (MACH_MSG_TYPE_PORT_ANY(notifyPoly))
		msgh_simple = FALSE;

	InP->notifyType.msgt_name = notifyPoly;

	InP->Head.msgh_bits = msgh_simple ?
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) :
		(MACH_MSGH_BITS_COMPLEX|
		 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE));
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3214;

	_Static_assert(sizeof(Request) == 56, "Request expected to be 56 bytes");
	InP->Head.msgh_size = 56;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 56, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3314)) {
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

	if (mig_unlikely (((msgh_size != 40) || msgh_simple) &&
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
	if (BAD_TYPECHECK (&OutP->previousType, &previousCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*previous = OutP->previous.name;

	return KERN_SUCCESS;
}

/* Routine mach_port_insert_right */
mig_external kern_return_t mach_port_insert_right
(
	mach_port_t task,
	mach_port_name_t name,
	mach_port_t poly,
	mach_msg_type_name_t polyPoly
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
		mach_msg_type_t polyType;
		mach_port_name_inlined_t poly;
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
	boolean_t msgh_simple = TRUE;

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t polyType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_POLYMORPHIC,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_inlined_t) == 4 * 1, "expected mach_port_name_inlined_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->polyType = polyType;

	InP->poly.name = poly;

	if (MACH_MSG_TYPE_PORT_ANY(polyPoly))
		msgh_simple = FALSE;

	InP->polyType.msgt_name = polyPoly;

	InP->Head.msgh_bits = msgh_simple ?
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) :
		(MACH_MSGH_BITS_COMPLEX|
		 MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE));
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3215;

	_Static_assert(sizeof(Request) == 40, "Request expected to be 40 bytes");
	InP->Head.msgh_size = 40;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 40, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3315)) {
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

/* Routine mach_port_get_receive_status */
mig_external kern_return_t mach_port_get_receive_status
(
	mach_port_t task,
	mach_port_name_t name,
	mach_port_status_t *status
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t nameType;
		mach_port_name_t name;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t statusType;
		mach_port_status_t status;
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

	const mach_msg_type_t nameType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_NAME,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(mach_port_name_t) == 4 * 1, "expected mach_port_name_t to be size 4 * 1");

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t statusCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		9,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->nameType = nameType;

	InP->name = name;

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = task;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 3217;

	_Static_assert(sizeof(Request) == 32, "Request expected to be 32 bytes");
	InP->Head.msgh_size = 32;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 32, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 3317)) {
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
	    ((msgh_size != 72) &&
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
	if (BAD_TYPECHECK (&OutP->statusType, &statusCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*status = OutP->status;

	return KERN_SUCCESS;
}

