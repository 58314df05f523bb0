/*
 * <mach/mig_errors.h> - MIG return codes and the reply header
 * (../shared/abi/x86_64.md §5.2): mig_reply_header_t is 48 bytes on x86_64,
 * RetCode at 40 followed by 4 pad bytes.
 */
#ifndef _MACH_MIG_ERRORS_H_
#define _MACH_MIG_ERRORS_H_

#include <mach/kern_return.h>
#include <mach/message.h>

#define MIG_TYPE_ERROR	    -300 /* client type check failure */
#define MIG_REPLY_MISMATCH  -301 /* wrong reply message ID */
#define MIG_REMOTE_ERROR    -302 /* server detected error */
#define MIG_BAD_ID	    -303 /* bad request message ID */
#define MIG_BAD_ARGUMENTS   -304 /* server type check failure */
#define MIG_NO_REPLY	    -305 /* no reply should be sent */
#define MIG_EXCEPTION	    -306 /* server raised exception */
#define MIG_ARRAY_TOO_LARGE -307 /* array not large enough */
#define MIG_SERVER_DIED	    -308 /* server died */
#define MIG_DESTROY_REQUEST -309 /* destroy request with no reply */

typedef struct {
	mach_msg_header_t Head;
	mach_msg_type_t RetCodeType;
	kern_return_t RetCode;
} mig_reply_header_t;

/* The routine table a server demux indexes by msgh_id - base. */
typedef void (*mig_routine_t)(mach_msg_header_t *, mach_msg_header_t *);

typedef struct mig_symtab {
	char *ms_routine_name;
	int ms_routine_number;
	void (*ms_routine)(void);
} mig_symtab_t;

#ifdef __LP64__
_Static_assert(sizeof(mig_reply_header_t) == 48, "mig_reply_header_t");
_Static_assert(__builtin_offsetof(mig_reply_header_t, RetCodeType) == 32,
	       "mig_reply_header_t.RetCodeType");
_Static_assert(__builtin_offsetof(mig_reply_header_t, RetCode) == 40,
	       "mig_reply_header_t.RetCode");
#else
_Static_assert(sizeof(mig_reply_header_t) == 32, "mig_reply_header_t");
_Static_assert(__builtin_offsetof(mig_reply_header_t, RetCode) == 28,
	       "mig_reply_header_t.RetCode");
#endif

#endif /* _MACH_MIG_ERRORS_H_ */
