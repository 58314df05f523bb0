#!/usr/bin/env bash
# kernel-msgs.sh - every message the kernel sends is built by a stub mig/
# generated (docs/design.md, "Messages the kernel sends"): no kernel source
# lays out a message by hand. MIG's output is in the build tree
# (FOLDER/gen/), so in the source tree's kernel folders this fails on
#   - a message item descriptor declared (a mach_msg_type_t or
#     mach_msg_type_long_t object, member or template: a hand-made body),
#   - a message id set to a constant (a hand-made header).
# One exception, the runtime of the KernelServer stubs: ipc/kobject.c's
# retcode_type, the RetCode descriptor of the MIG_BAD_ID reply the kernel
# writes before a demux runs (as GNU MIG's servers expect of their caller).
#
# Usage: tests/kernel-msgs.sh [TOP] (TOP: the source tree, default
# $top_srcdir or this checkout). Exit 0: none; 1: some (each listed as
# FILE:LINE: TEXT); 99: no such tree.
set -u
top=${1:-${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}}
cd "$top" 2>/dev/null && [ -d base ] || {
	echo "kernel-msgs: no kernel tree at $top" >&2
	exit 99
}

desc='(^|[;{(,[:space:]])(const[[:space:]]+)?mach_msg_type_(long_)?t[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*(=|;|\[)'
msgid='(msgh_id|hdr\.id|->id)[[:space:]]*=[[:space:]]*(MACH_|[0-9])'
allowed='^ipc/kobject\.c:[0-9]+:static const mach_msg_type_t retcode_type = \{$'

found=$(find base vm ipc kern modules x86_64 i386 x86 lib -type f \
	\( -name '*.c' -o -name '*.h' \) 2>/dev/null | sort |
	xargs -r grep -nHE "$desc|$msgid" | grep -vE "$allowed")
if [ -n "$found" ]; then
	echo "$found" | sed 's/$/  (a hand-made message: use a MIG stub)/'
	exit 1
fi
echo "kernel-msgs: no hand-made message in base/ vm/ ipc/ kern/ modules/ x86_64/ i386/ x86/ lib/"
exit 0
