/*
 * mach_msg: mach_msg_trap plus the retry rule of ABI §5.4. A send
 * interrupted before it happened is retried whole unless MACH_SEND_INTERRUPT
 * is given; a receive interrupted after the send went through is retried
 * as a receive only, unless MACH_RCV_INTERRUPT is given.
 */
#include <mach/message.h>

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name,
			   mach_msg_timeout_t timeout, mach_port_name_t notify)
{
	mach_msg_return_t mr;

	do {
		mr = mach_msg_trap(msg, option, send_size, rcv_size, rcv_name,
				   timeout, notify);
	} while (mr == MACH_SEND_INTERRUPTED && (option & MACH_SEND_MSG) &&
		 !(option & MACH_SEND_INTERRUPT));

	while (mr == MACH_RCV_INTERRUPTED && (option & MACH_RCV_MSG) &&
	       !(option & MACH_RCV_INTERRUPT))
		mr = mach_msg_trap(msg, option & ~MACH_SEND_MSG, 0, rcv_size,
				   rcv_name, timeout, notify);
	return mr;
}
