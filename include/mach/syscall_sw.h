/*
 * <mach/syscall_sw.h> - Mach trap numbers (../shared/abi/x86_64.md §2.2),
 * as data. A trap is entered with `syscall`, the (negative) number in eax,
 * arguments in rdi, rsi, rdx, r10, r8, r9, then on the user stack.
 *
 * MACH_TRAP_<name> is the number; MACH_TRAP_LIST(X) expands
 * X(name, number, argument count) once per declared trap, e.g. to build
 * stubs or a table. Usable from assembler.
 */
#ifndef _MACH_SYSCALL_SW_H_
#define _MACH_SYSCALL_SW_H_

#define MACH_TRAP_evc_wait			  (-17)
#define MACH_TRAP_evc_wait_clear		  (-18)
#define MACH_TRAP_mach_msg_trap			  (-25)
#define MACH_TRAP_mach_reply_port		  (-26)
#define MACH_TRAP_mach_thread_self		  (-27)
#define MACH_TRAP_mach_task_self		  (-28)
#define MACH_TRAP_mach_host_self		  (-29)
#define MACH_TRAP_mach_print			  (-30)
#define MACH_TRAP_syscall_device_writev_request	  (-39)
#define MACH_TRAP_syscall_device_write_request	  (-40)
#define MACH_TRAP_swtch_pri			  (-59)
#define MACH_TRAP_swtch				  (-60)
#define MACH_TRAP_thread_switch			  (-61)
#define MACH_TRAP_syscall_vm_map		  (-64)
#define MACH_TRAP_syscall_vm_allocate		  (-65)
#define MACH_TRAP_syscall_vm_deallocate		  (-66)
#define MACH_TRAP_syscall_task_create		  (-68)
#define MACH_TRAP_syscall_task_terminate	  (-69)
#define MACH_TRAP_syscall_task_suspend		  (-70)
#define MACH_TRAP_syscall_task_set_special_port	  (-71)
#define MACH_TRAP_syscall_mach_port_allocate	  (-72)
#define MACH_TRAP_syscall_mach_port_deallocate	  (-73)
#define MACH_TRAP_syscall_mach_port_insert_right  (-74)
#define MACH_TRAP_syscall_mach_port_allocate_name (-75)
#define MACH_TRAP_syscall_thread_depress_abort	  (-76)
#define MACH_TRAP_thread_set_self_state		  (-77)
#define MACH_TRAP_nw_update			  (-80)
#define MACH_TRAP_nw_lookup			  (-81)
#define MACH_TRAP_nw_endpoint_allocate		  (-82)
#define MACH_TRAP_nw_endpoint_deallocate	  (-83)
#define MACH_TRAP_nw_buffer_allocate		  (-84)
#define MACH_TRAP_nw_buffer_deallocate		  (-85)
#define MACH_TRAP_nw_connection_open		  (-86)
#define MACH_TRAP_nw_connection_accept		  (-87)
#define MACH_TRAP_nw_connection_close		  (-88)
#define MACH_TRAP_nw_multicast_add		  (-89)
#define MACH_TRAP_nw_multicast_drop		  (-90)
#define MACH_TRAP_nw_endpoint_status		  (-91)
#define MACH_TRAP_nw_send			  (-92)
#define MACH_TRAP_nw_receive			  (-93)
#define MACH_TRAP_nw_rpc			  (-94)
#define MACH_TRAP_nw_select			  (-95)

/* Slots in the trap table: 0 .. -(MACH_TRAP_SLOTS - 1). */
#define MACH_TRAP_SLOTS 130

#define MACH_TRAP_LIST(X)                                                      \
	X(evc_wait, -17, 1)                                                    \
	X(evc_wait_clear, -18, 1)                                              \
	X(mach_msg_trap, -25, 7)                                               \
	X(mach_reply_port, -26, 0)                                             \
	X(mach_thread_self, -27, 0)                                            \
	X(mach_task_self, -28, 0)                                              \
	X(mach_host_self, -29, 0)                                              \
	X(mach_print, -30, 1)                                                  \
	X(syscall_device_writev_request, -39, 6)                               \
	X(syscall_device_write_request, -40, 6)                                \
	X(swtch_pri, -59, 1)                                                   \
	X(swtch, -60, 0)                                                       \
	X(thread_switch, -61, 3)                                               \
	X(syscall_vm_map, -64, 11)                                             \
	X(syscall_vm_allocate, -65, 4)                                         \
	X(syscall_vm_deallocate, -66, 3)                                       \
	X(syscall_task_create, -68, 3)                                         \
	X(syscall_task_terminate, -69, 1)                                      \
	X(syscall_task_suspend, -70, 1)                                        \
	X(syscall_task_set_special_port, -71, 3)                               \
	X(syscall_mach_port_allocate, -72, 3)                                  \
	X(syscall_mach_port_deallocate, -73, 2)                                \
	X(syscall_mach_port_insert_right, -74, 4)                              \
	X(syscall_mach_port_allocate_name, -75, 3)                             \
	X(syscall_thread_depress_abort, -76, 1)                                \
	X(thread_set_self_state, -77, 3)                                       \
	X(nw_update, -80, 3)                                                   \
	X(nw_lookup, -81, 2)                                                   \
	X(nw_endpoint_allocate, -82, 4)                                        \
	X(nw_endpoint_deallocate, -83, 1)                                      \
	X(nw_buffer_allocate, -84, 2)                                          \
	X(nw_buffer_deallocate, -85, 2)                                        \
	X(nw_connection_open, -86, 4)                                          \
	X(nw_connection_accept, -87, 3)                                        \
	X(nw_connection_close, -88, 1)                                         \
	X(nw_multicast_add, -89, 4)                                            \
	X(nw_multicast_drop, -90, 4)                                           \
	X(nw_endpoint_status, -91, 3)                                          \
	X(nw_send, -92, 3)                                                     \
	X(nw_receive, -93, 2)                                                  \
	X(nw_rpc, -94, 4)                                                      \
	X(nw_select, -95, 3)

#endif /* _MACH_SYSCALL_SW_H_ */
