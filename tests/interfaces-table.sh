#!/bin/sh
# tests/interfaces-table.sh - list every routine of the kernel-served
# .defs files (id, name) with the test programs that call it.
#
# Usage: tests/interfaces-table.sh [srcdir]
# Output: one line per routine: "subsystem id name kind tests..." where
# kind is routine or simpleroutine and tests are the boot/unit test
# sources (bootstrap/tests/, tests/unit/) whose text names the routine.
# docs/interfaces.md is written from this list and the S_ functions.
set -e
src=${1:-$(dirname "$0")/..}
cd "$src"
for defs in mach/mach.defs mach/mach_port.defs mach/mach_host.defs \
	    mach/gnumach.defs mach/mach4.defs device/device.defs; do
	cpp -P -DKERNEL_SERVER -DDEVICE_ENABLE_DEVICE_OPEN_NEW -Idefs \
		"defs/$defs" 2>/dev/null |
	tr -s ' \t\n' ' ' | sed 's/;/;\n/g' | awk '
	/subsystem/ && !ss {
		for (i = 1; i <= NF; i++) if ($i == "subsystem") {
			i++
			while ($i == "KernelServer" || $i == "KernelUser") i++
			ss = $i; base = $(i + 1) + 0
		}
		next
	}
	ss && ($1 == "skip;" || $1 == "skip") { base++; next }
	ss && ($1 == "routine" || $1 == "simpleroutine") {
		name = $2; sub(/\(.*/, "", name)
		print ss, base, name, $1; base++
	}'
done | while read -r subsys id name kind; do
	tests=$(grep -rlw --include="*.[ch]" "$name" bootstrap/tests tests/unit 2>/dev/null |
		sort | tr '\n' ' ')
	echo "$subsys $id $name $kind $tests"
done
