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

# rank FOLDER: the layer of a kernel folder, empty for any other.
rank() {
	case $1 in
	x86_64 | i386 | x86 | machine) echo 1 ;;
	base) echo 2 ;;
	vm) echo 3 ;;
	ipc) echo 4 ;;
	kern) echo 5 ;;
	modules) echo 6 ;;
	esac
}

bad=0
files=$(find base vm ipc kern modules x86_64 i386 x86 lib -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.S' \) 2>/dev/null | sort)
for f in $files; do
	from=${f%%/*}
	rf=$(rank "$from")
	[ -n "$rf" ] || continue
	# LINE HEADER for each #include <...> or "..." naming a folder.
	while IFS=: read -r line hdr; do
		to=${hdr%%/*}
		rt=$(rank "$to")
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
	done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]*/' "$f" |
		sed -E 's/^([0-9]+):[^<"]*[<"]([^>"]*)[>"].*/\1:\2/')
done
if [ $bad = 0 ]; then
	echo "layers: every include of base/ vm/ ipc/ kern/ modules/ x86_64/ i386/ x86/ goes downward"
fi
exit $bad
