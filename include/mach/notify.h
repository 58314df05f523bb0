/*
 * <mach/notify.h> - kernel notification messages (ids 64..77), current
 * x86_64 layout (../shared/abi/x86_64.md §6): header (32) + one 8-byte
 * type descriptor + one 32-bit value in an 8-byte slot = 48 bytes;
 * send-once is the bare 32-byte header.
 */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#include <mach/port.h>
#include <mach/message.h>

#define MACH_NOTIFY_FIRST 0100
/* A send or send-once right was deleted. */
#define MACH_NOTIFY_PORT_DELETED (MACH_NOTIFY_FIRST + 001)
/* A MACH_SEND_NOTIFY message was accepted. */
#define MACH_NOTIFY_MSG_ACCEPTED (MACH_NOTIFY_FIRST + 002)
/* A receive right was (would have been) deallocated. */
#define MACH_NOTIFY_PORT_DESTROYED (MACH_NOTIFY_FIRST + 005)
/* A receive right has no extant send rights. */
#define MACH_NOTIFY_NO_SENDERS (MACH_NOTIFY_FIRST + 006)
/* An extant send-once right died. */
#define MACH_NOTIFY_SEND_ONCE (MACH_NOTIFY_FIRST + 007)
/* A send or send-once right died, leaving a dead name. */
#define MACH_NOTIFY_DEAD_NAME (MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST      (MACH_NOTIFY_FIRST + 015)

/* 65: not_type PORT_NAME/32, not_port @40. */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_type_t not_type;
	mach_port_name_t not_port;
} mach_port_deleted_notification_t;

/* 66: not_type PORT_NAME/32, not_port @40. */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_type_t not_type;
	mach_port_name_t not_port;
} mach_msg_accepted_notification_t;

/* 69: COMPLEX, not_type PORT_RECEIVE/64, the right in an 8-byte slot @40. */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_type_t not_type;
	union {
		mach_port_name_t not_port;
		mach_port_name_inlined_t not_port_slot;
	};
} mach_port_destroyed_notification_t;

/* 70: not_type INTEGER_32, make-send count @40. */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_type_t not_type;
	unsigned int not_count;
} mach_no_senders_notification_t;

/* 71: header only. */
typedef struct {
	mach_msg_header_t not_header;
} mach_send_once_notification_t;

/* 72: not_type PORT_NAME/32, not_port @40. */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_type_t not_type;
	mach_port_name_t not_port;
} mach_dead_name_notification_t;

#ifdef __LP64__
#define MACH_NOTIFY_CHECK_(T)                                                  \
	_Static_assert(sizeof(T) == 48, #T);                                   \
	_Static_assert(__builtin_offsetof(T, not_type) == 32, #T ".not_type")
MACH_NOTIFY_CHECK_(mach_port_deleted_notification_t);
MACH_NOTIFY_CHECK_(mach_msg_accepted_notification_t);
MACH_NOTIFY_CHECK_(mach_port_destroyed_notification_t);
MACH_NOTIFY_CHECK_(mach_no_senders_notification_t);
MACH_NOTIFY_CHECK_(mach_dead_name_notification_t);
#undef MACH_NOTIFY_CHECK_
_Static_assert(__builtin_offsetof(mach_port_deleted_notification_t, not_port) ==
		       40,
	       "port_deleted.not_port");
_Static_assert(__builtin_offsetof(mach_port_destroyed_notification_t,
				  not_port) == 40,
	       "port_destroyed.not_port");
_Static_assert(__builtin_offsetof(mach_no_senders_notification_t, not_count) ==
		       40,
	       "no_senders.not_count");
_Static_assert(sizeof(mach_send_once_notification_t) == 32, "send_once");
#endif

#endif /* _MACH_NOTIFY_H_ */
