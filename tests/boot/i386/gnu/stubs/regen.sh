#!/bin/sh
# tests/boot/i386/gnu/stubs/regen.sh - make the MIG user stubs of the
# gnu-i686 boot test again by RUNNING GNU MIG for i686-gnu
# (tests/mig/gnu/i686-gnu-mig says how to get it: REF386_ROOT) on
# gnumach-dev's .defs. Nothing here is written by hand: each BASE.h and
# BASEUser.c is GNU MIG's output with only the routines the test calls kept
# (whole "/* Routine NAME */" blocks, cut by awk; the prologue as it is);
# excServer.c, the server side of exc.defs, is its whole output.
# Debian bookworm has no GNU MIG for i686-gnu, so the output is checked
# in; the build compiles it with gcc -m32 against gnumach-dev's headers.
# Usage: REF386_ROOT=DIR tests/boot/i386/gnu/stubs/regen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mig=$here/../../../../mig/gnu/i686-gnu-mig
DEBIAN=${DEBIAN:-/usr/include/x86_64-linux-gnu}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# BASE DEFS ROUTINES...
while read -r b f routines; do
	(cd "$tmp" && sh "$mig" -D__i386__ -I"$DEBIAN" -user "${b}User.c" \
		-server /dev/null -header "$b.h" "$DEBIAN/$f")
	for out in "$b.h" "${b}User.c"; do
		# A routine's block: from its "/* Routine NAME */" line to its
		# end, ");" in the header, "}" in the stubs.
		awk -v keep=" $routines " '
			/^\/\* (Simple)?[Rr]outine / { in_r = 1; on = index(keep, " " $3 " ") > 0 }
			!in_r || on { print }
			in_r && /^(\);|\})$/ { in_r = 0 }' "$tmp/$out" | cat -s >"$here/$out"
	done
done <<'LIST'
mach mach/mach.defs vm_allocate vm_deallocate vm_protect task_info thread_get_state vm_region thread_create thread_set_state thread_resume thread_terminate thread_set_special_port task_threads vm_read vm_write vm_copy
mach_port mach/mach_port.defs mach_port_allocate mach_port_insert_right mach_port_type mach_port_get_refs mach_port_deallocate mach_port_mod_refs mach_port_names mach_port_get_receive_status mach_port_request_notification
mach_host mach/mach_host.defs host_info host_reboot host_processors
device device/device.defs device_open device_write_inband device_close
mach_i386 mach/machine/mach_i386.defs i386_set_gdt i386_get_gdt
gnumach mach/gnumach.defs gsync_wait gsync_wake
LIST
# The server side of exc.defs (exception_raise), whole: exc_server.
(cd "$tmp" && sh "$mig" -D__i386__ -I"$DEBIAN" -user /dev/null \
	-server excServer.c -header /dev/null "$DEBIAN/mach/exc.defs")
cp "$tmp/excServer.c" "$here/excServer.c"
