#!/bin/sh
# tests/mig/kernel.sh - KernelServer stubs (mig/README.md, "Kernel
# servers"): generated from defs/ with -DKERNEL_SERVER, they compile
# against the kernel's runtime <ipc/mig_kernel.h>, work on the internal
# format (8-byte mach_port_t slots, request port from the remote slot),
# describe reply rights by their carried type, release translated request
# rights after a success, and use no field-alias macros. KernelUser stubs
# (-DKERNEL_USER): the client's three functions.
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

# KernelUser stubs (mig/README.md, "Kernel clients"): a simpleroutine is
# NAME_alloc (the request's buffer), NAME_pack (the request built in it,
# unsent) and NAME (both, then mig_kernel_send); the header exports all
# three. A count over its bound is refused before anything is taken.
for d in mach/notify device/device_reply; do
	b=${d#*/}
	"$MIG" -q -DKERNEL_USER -I"$DEFS" -n -user "$tmp/${b}User.c" \
		-header "$tmp/${b}User.h" "$DEFS/$d.defs" ||
		bad "mig -DKERNEL_USER $d"
	compile "$tmp/${b}User.c" $KFLAGS || bad "compile kernel $b client"
done
U="$tmp/notifyUser.c"
for f in mach_notify_msg_accepted_alloc mach_notify_msg_accepted_pack \
	mach_notify_msg_accepted; do
	grep -q "^extern .*[ *]$f(void);\|^extern kern_return_t $f\$\|^kern_return_t $f\$" \
		"$tmp/notifyUser.h" || bad "notifyUser.h does not declare $f"
done
awk '/_alloc\(void\)$/,/^}/' "$U" | grep -q 'return mig_kernel_request_alloc(48);' ||
	bad "msg_accepted_alloc: not a 48-byte request"
awk '/^mig_external kern_return_t mach_notify_send_once$/,/^}/' "$U" |
	grep -q 'kr = mach_notify_send_once_pack(InHeadP, notify);' ||
	bad "send_once: the stub does not pack through its _pack"
awk '/^mig_external kern_return_t mach_notify_port_destroyed_pack$/,/^}/' "$U" |
	grep -q 'mig_kernel_send' &&
	bad "port_destroyed_pack sends the request"
awk '/^mig_external kern_return_t ds_device_read_reply_inband_pack$/,/^}/' \
	"$tmp/device_replyUser.c" >"$tmp/inband"
first=$(grep -n 'MIG_ARRAY_TOO_LARGE\|mig_kernel_copyin_right\|In0P->' "$tmp/inband" |
	head -1)
case $first in
*MIG_ARRAY_TOO_LARGE*) ;;
*) bad "device_read_reply_inband: the count is checked after packing began" ;;
esac
awk '/^mig_external kern_return_t ds_device_read_reply_inband$/,/^}/' \
	"$tmp/device_replyUser.c" | grep -q 'mig_kernel_request_free(InHeadP);' ||
	bad "device_read_reply_inband: a refused request's buffer is not freed"

[ $fail = 0 ] && say "ok kernel server and client stubs"
exit $fail
