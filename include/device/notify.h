/* <device/notify.h> - device interrupt notification (device/notify.defs). */
#ifndef _DEVICE_NOTIFY_H_
#define _DEVICE_NOTIFY_H_

#include <mach/port.h>
#include <mach/message.h>

#define DEVICE_INTR_NOTIFY 100

/* Sent by the kernel to the port given to device_intr_register: id 100,
   header + INTEGER_32 descriptor + the interrupt id + pad = 48 bytes. */
typedef struct {
	mach_msg_header_t intr_header;
	mach_msg_type_t intr_type;
	int id;
} device_intr_notification_t;

#ifdef __LP64__
_Static_assert(sizeof(device_intr_notification_t) == 48,
	       "device_intr_notification_t");
#endif

#endif /* _DEVICE_NOTIFY_H_ */
