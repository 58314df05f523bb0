#!/bin/sh
# tests/mig/kernel.sh - KernelServer stubs (mig/README.md, "Kernel
# servers"): generated from defs/ with -DKERNEL_SERVER, they compile
# against the kernel's runtime <ipc/mig_kernel.h>, work on the internal
# format (8-byte mach_port_t slots, request port from the remote slot),
# describe reply rights by their carried type, release translated request
# rights after a success, and use no field-alias macros.
. "$top_srcdir/tests/mig/common.sh"

KFLAGS="-DKERNEL -ffreestanding -I$top_srcdir -I$top_srcdir/x86_64/include"

for d in mach mach_host; do
	"$MIG" -q -DKERNEL_SERVER -subrprefix S_ -I"$DEFS" -n \
		-server "$tmp/${d}Server.c" -sheader "$tmp/${d}Server.h" \
		"$DEFS/mach/$d.defs" || bad "mig -DKERNEL_SERVER $d"
	compile "$tmp/${d}Server.c" $KFLAGS || bad "compile kernel $d server"
	if grep -q 'msgh_request_port\|msgh_reply_port\|MACH_MSGH_BITS_REQUEST' \
		"$tmp/${d}Server.c"; then
		bad "$d: field-alias macros in the kernel server"
	fi
done

S="$tmp/machServer.c"
grep -q '^#include <ipc/mig_kernel.h>' "$S" ||
	bad "the runtime header is not included"
head -3 "$S" | grep -q 'ipc/mig_kernel.h' ||
	bad "the runtime header does not come first"
grep -q 'convert_port_to_task(mig_kernel_request_port(&In0P->Head))' "$S" ||
	bad "task_create: request port not read from the internal header"
awk '/Routine task_create /,/^}/' "$S" |
	grep -q 'child_taskType = { .msgt_name = MACH_MSG_TYPE_MOVE_SEND, .msgt_size = 64' ||
	bad "task_create: reply right not described as carried (MOVE_SEND/64)"
awk '/Routine task_set_special_port /,/^}/' "$S" |
	grep -q 'mach_port_t special_port;' ||
	bad "task_set_special_port: port slot is not a kernel mach_port_t"
awk '/Routine vm_wire /,/^}/' "$tmp/mach_hostServer.c" |
	grep -q 'mig_kernel_release_right(In0P->task, In0P->taskType.msgt_name)' ||
	bad "vm_wire: translated task right not released after a success"
awk '/Routine mach_ports_register /,/^}/' "$S" |
	grep -q 'mig_kernel_ool_ports_free((void \*)(uintptr_t)In0P->init_port_set, init_port_setNum)' ||
	bad "mach_ports_register: out-of-line port array not freed"
awk '/Routine vm_write /,/^}/' "$S" |
	grep -q 'mig_kernel_ool_free((void \*)(uintptr_t)In0P->data, ((vm_size_t)dataNum \* 8 + 7) / 8)' ||
	bad "vm_write: out-of-line data not disposed of"
awk '/mach_server$/,/^}/' "$S" | grep -q 'msgh_id + 100' &&
	bad "the kernel demux rewrites the reply header"
grep -q 'S_thread_get_state' "$tmp/machServer.h" ||
	bad "server prefix not applied"
[ $fail = 0 ] && say "ok kernel server stubs"
exit $fail
