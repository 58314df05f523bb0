#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "device.h"
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
#include <device/device_types.h>
#include <device/net_status.h>

/* Routine device_open */
mig_external kern_return_t device_open
(
	mach_port_t master_port,
	dev_mode_t mode,
	const_dev_name_t name,
	mach_port_t *device
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t modeType;
		dev_mode_t mode;
		mach_msg_type_long_t nameType;
		dev_name_t name;
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t deviceType;
		mach_port_name_inlined_t device;
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

	const mach_msg_type_t modeType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(dev_mode_t) == 4 * 1, "expected dev_mode_t to be size 4 * 1");

	const mach_msg_type_long_t nameType = {
		.msgtl_header = {
			.msgt_name =		0,
			.msgt_size =		0,
			.msgt_number =		0,
			.msgt_inline =		TRUE,
			.msgt_longform =		TRUE,
			.msgt_deallocate =		FALSE,
			.msgt_unused =		0
		},
		.msgtl_name =	(unsigned short) MACH_MSG_TYPE_STRING_C,
		.msgtl_size =	1024,
		.msgtl_number =	1,
	};

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t deviceCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_PORT_SEND,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->modeType = modeType;

	InP->mode = mode;

	InP->nameType = nameType;

	(void) mig_strncpy(InP->name, name, 128);

	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = master_port;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2800;

	_Static_assert(sizeof(Request) == 172, "Request expected to be 172 bytes");
	InP->Head.msgh_size = 172;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 172, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2900)) {
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
	if (BAD_TYPECHECK (&OutP->deviceType, &deviceCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*device = OutP->device.name;

	return KERN_SUCCESS;
}

/* Routine device_close */
mig_external kern_return_t device_close
(
	mach_port_t device
)
{
	typedef struct {
		mach_msg_header_t Head;
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
	InP->Head.msgh_request_port = device;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2801;

	_Static_assert(sizeof(Request) == 24, "Request expected to be 24 bytes");
	InP->Head.msgh_size = 24;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, 24, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2901)) {
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

/* Routine device_write_inband */
mig_external kern_return_t device_write_inband
(
	mach_port_t device,
	dev_mode_t mode,
	recnum_t recnum,
	const io_buf_ptr_inband_t data,
	mach_msg_type_number_t dataCnt,
	int *bytes_written
)
{
	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t modeType;
		dev_mode_t mode;
		mach_msg_type_t recnumType;
		recnum_t recnum;
		mach_msg_type_t dataType;
		union {
			char data[128];
			const char *dataP;
		};
	} Request;

	typedef struct {
		mach_msg_header_t Head;
		mach_msg_type_t RetCodeType;
		kern_return_t RetCode;
		mach_msg_type_t bytes_writtenType;
		int bytes_written;
	} Reply;

	union {
		Request In;
		Reply Out;
	} Mess;

	Request *InP = &Mess.In;
	Reply *OutP = &Mess.Out;

	mach_msg_return_t msg_result;
	unsigned int msgh_size;

	const mach_msg_type_t modeType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(dev_mode_t) == 4 * 1, "expected dev_mode_t to be size 4 * 1");

	const mach_msg_type_t recnumType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};
	_Static_assert(sizeof(recnum_t) == 4 * 1, "expected recnum_t to be size 4 * 1");

	const mach_msg_type_t dataType = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_CHAR,
		.msgt_size =		8,
		.msgt_number =		128,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t RetCodeCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	const mach_msg_type_t bytes_writtenCheck = {
		.msgt_name =		(unsigned char) MACH_MSG_TYPE_INTEGER_32,
		.msgt_size =		32,
		.msgt_number =		1,
		.msgt_inline =		TRUE,
		.msgt_longform =		FALSE,
		.msgt_deallocate =		FALSE,
		.msgt_unused =		0
	};

	InP->modeType = modeType;

	InP->mode = mode;

	InP->recnumType = recnumType;

	InP->recnum = recnum;

	InP->dataType = dataType;

	if (dataCnt > 128) {
		return MIG_ARRAY_TOO_LARGE;
	}
	else if (dataCnt) {
		memcpy(InP->data, data, dataCnt);
	}

	InP->dataType.msgt_number = dataCnt;

	msgh_size = 44 + ((dataCnt + 3) & ~3);
	InP->Head.msgh_bits =
		MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
	/* msgh_size filled below */
	InP->Head.msgh_request_port = device;
	InP->Head.msgh_reply_port = mig_get_reply_port();
	InP->Head.msgh_seqno = 0;
	InP->Head.msgh_id = 2803;

	InP->Head.msgh_size = msgh_size;

	msg_result = mach_msg(&InP->Head, MACH_SEND_MSG|MACH_RCV_MSG|MACH_MSG_OPTION_NONE, msgh_size, sizeof(Reply), InP->Head.msgh_reply_port, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	if (msg_result != MACH_MSG_SUCCESS) {
		mig_dealloc_reply_port(InP->Head.msgh_reply_port);
		return msg_result;
	}
	mig_put_reply_port(InP->Head.msgh_reply_port);

	if (mig_unlikely (OutP->Head.msgh_id != 2903)) {
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
	if (BAD_TYPECHECK (&OutP->bytes_writtenType, &bytes_writtenCheck))
		return MIG_TYPE_ERROR;
#endif	/* TypeCheck */

	*bytes_written = OutP->bytes_written;

	return KERN_SUCCESS;
}

