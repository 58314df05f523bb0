#!/usr/bin/env bash
# layers.sh - the kernel's folders include only downward (docs/design.md,
# "Layers"). Reads every #include of the kernel folders and fails on one
# that names a folder of a higher layer, or that reaches the arch
# implementation from generic code.
#
# The order, lowest first:
#   lib/, include/ (<mach/...>, <device/...>, <mach_debug/...>)  anyone
#   x86_64/, i386/, x86/ (and <machine/...>)  the arch implementations
#                                (x86/: what both x86 ports share):
#                                include base/ only; generic code sees
#                                them through base/arch.h and
#                                base/msg_layout.h alone
#   base/ < vm/ < ipc/ < kern/ < modules/
# A folder may include its own headers and those of lower layers; the
# MIG output of a folder (FOLDER/gen/..., in the build tree) is that
# folder's. The arch implementation's callbacks into generic code are
# declared in base/arch_callbacks.h, which it may include with the rest
# of base/.
#
# Usage: tests/layers.sh [TOP]  (TOP: the source tree, default $top_srcdir
# or the checkout this script is in). Exit 0: in order; 1: violations
# (each listed as FILE:LINE: FOLDER includes HEADER); 99: no such tree.
set -u
top=${1:-${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}}
cd "$top" 2>/dev/null && [ -d base ] || {
	echo "layers: no kernel tree at $top" >&2
	exit 99
}

# rank FOLDER: r= the layer of a kernel folder, empty for any other.
rank() {
	case $1 in
	x86_64 | i386 | x86 | machine) r=1 ;;
	base) r=2 ;;
	vm) r=3 ;;
	ipc) r=4 ;;
	kern) r=5 ;;
	modules) r=6 ;;
	*) r= ;;
	esac
}

bad=0
files=$(find base vm ipc kern modules x86_64 i386 x86 lib -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.S' \) 2>/dev/null | sort)
# FILE:LINE:HEADER for each #include <...> or "..." naming a folder, of
# every file in one grep (-H: the file name even for a single file); rank
# sets a variable, so that no line costs a process.
while IFS=: read -r f line hdr; do
	from=${f%%/*}
	rank "$from"
	rf=$r
	[ -n "$rf" ] || continue
	to=${hdr%%/*}
	rank "$to"
	rt=$r
	[ -n "$rt" ] || continue # a public or freestanding header
	ok=0
	if [ "$to" = "$from" ]; then
		ok=1
	elif [ "$to" = machine ]; then
		# <machine/...>: the arch implementation, and the one
		# header through which generic code sees it.
		[ "$rf" = 1 ] || [ "$f" = base/arch.h ] ||
			[ "$f" = base/msg_layout.h ] && ok=1
	elif [ "$rf" = 1 ]; then
		# the arch layer: base/, and x86/ (what both x86 ports
		# share, the same layer)
		{ [ "$to" = base ] || [ "$to" = x86 ]; } && ok=1
	elif [ "$rt" = 1 ]; then
		ok=0
	elif [ "$rt" -lt "$rf" ]; then
		ok=1
	fi
	if [ $ok = 0 ]; then
		echo "$f:$line: $from/ includes $hdr (against the order of docs/design.md)"
		bad=1
	fi
done < <(
	# shellcheck disable=SC2086 # the file names have no blanks
	[ -z "$files" ] || grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]*/' $files |
		sed -E 's/^([^:]*):([0-9]+):[^<"]*[<"]([^>"]*)[>"].*/\1:\2:\3/')
if [ $bad = 0 ]; then
	echo "layers: every include of base/ vm/ ipc/ kern/ modules/ x86_64/ i386/ x86/ goes downward"
fi
exit $bad
