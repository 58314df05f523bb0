#!/bin/sh
# tests/mig/gnu/regen.sh - regenerate tests/mig/expected/ by RUNNING the
# reference generator, Debian's GNU MIG (package mig-x86-64-gnu, 2022:
# x86_64-gnu-mig), on the interfaces of gnu/list.sh. Nothing in expected/
# is written by hand. For each interface BASE:
#   BASE.user    user prototypes (BASE.h), one per line (gnu/protos.awk)
#   BASE.server  server prototypes (-sheader)
#   BASE.sizes   "ROUTINE Request|Reply N": sizeof the stub's message
#                structs, from compiling the user stubs against the 2022
#                headers (that MIG's layout; mach5-mig -target x86_64-2022)
#   BASE.bytes   the byte differential's output for GNU MIG's stubs
#                (tests/mig/bytes.sh, bytes/one.sh)
#   BASE.noref   the routines whose GNU stubs fail their own
#                _Static_asserts (no reference for their bytes)
# GNU MIG runs as a native x86_64 build runs it: with -D__x86_64__
# -D__LP64__ (its wrapper's cpp is "gcc -E -undef").
#
# And for i386, from GNU MIG for i686-gnu (Debian sid's mig-i686-gnu,
# 2023: gnu/i686-gnu-mig says how to get it; REF386_ROOT), on the same
# .defs, its stubs compiled with gcc -m32 against gnumach-dev's headers
# (and gnu/linux/mach-inlined.h) and run natively or under qemu-i386:
#   BASE.i386.user, BASE.i386.server   its prototypes
#   BASE.i386.bytes, BASE.i386.noref   as above, in the i386 layout
# Usage: tests/mig/gnu/regen.sh [x86_64|i386|all]   (from anywhere;
# default all; x86_64 needs x86_64-gnu-mig, gnumach-dev and gcc, i386
# REF386_ROOT, gcc-multilib and qemu-user; the Hurd's interfaces only with
# their .defs, found as gnu/list.sh says: HURD_DEFS_DIR)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exp=$here/../expected
DEBIAN=${DEBIAN:-/usr/include/x86_64-linux-gnu}
REFMIG=${REFMIG:-x86_64-gnu-mig}
what=${1:-all}
. "$here/list.sh"
. "$here/../bytes/run386.sh"
hurd_defs_find "$here/../../.." || {
	echo "regen: HURD_DEFS_DIR=$HURD_DEFS_DIR:" \
		"no hurd/{io,fs,fsys}.defs" >&2
	exit 1
}
HI=${HURD:-$here/linux}
[ -n "$HURD" ] || echo "regen: hurd .defs: not found (HURD_DEFS_DIR)," \
	"expected/{io,fs,fsys}.* kept" >&2
export HURD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$exp" "$tmp/inc/mach"
# glibc's, not gnumach-dev's: its declarations do not change a layout.
: >"$tmp/inc/mach/mig_support.h"
gnu_defs_list "$DEBIAN" "$HURD" | while read -r b f; do
	[ "$what" != i386 ] || break
	(cd "$tmp" && "$REFMIG" -D__x86_64__ -D__LP64__ -I"$here/linux" \
		-I"$HI" -I"$DEBIAN" -user "${b}User.c" \
		-server "${b}Server.c" -header "$b.h" -sheader "${b}S.h" "$f")
	awk -f "$here/protos.awk" "$tmp/$b.h" >"$exp/$b.user"
	awk -f "$here/protos.awk" "$tmp/${b}S.h" >"$exp/$b.server"
	# After each message struct, an asm comment carrying its sizeof.
	# (Its own _Static_asserts are dropped: for default_pager they fail,
	# that MIG's stub disagreeing with its struct; see gnu-compat.sh.)
	awk '/^\/\* (Simple)?[Rr]outine / { r = $3 }
		/_Static_assert/ { next }
		{ print }
		/^\t} (Request|Reply);$/ {
			m = $2; sub(/;/, "", m)
			printf "\t__asm__(\"# MIGSIZE %s %s %%c0\" :: \"i\"(sizeof(%s)));\n", r, m, m
		}' "$tmp/${b}User.c" >"$tmp/${b}Sized.c"
	gcc -std=gnu11 -w -S -o "$tmp/$b.s" -I"$tmp" -I"$tmp/inc" \
		-I"$here/linux" -I"$HI" -include "$here/linux/hurd-sizes.h" "$tmp/${b}Sized.c"
	sed -n 's/.*# MIGSIZE \([^ ]*\) \([A-Za-z]*\) \$\{0,1\}\([0-9]*\).*/\1 \2 \3/p' \
		"$tmp/$b.s" >"$exp/$b.sizes"
	"$here/../bytes/one.sh" gnu "$b" "$f" "$tmp/bytes" >/dev/null
	cp "$tmp/bytes/$b.out" "$exp/$b.bytes"
	cp "$tmp/bytes/$b.noref" "$exp/$b.noref"
	echo "regen: $b: $(wc -l <"$exp/$b.user") routines"
done

[ "$what" != x86_64 ] || exit 0
: "${REF386_ROOT:?REF386_ROOT: see gnu/i686-gnu-mig}"
run386_find gcc "$tmp" || {
	echo "regen: $RUN386_WHY" >&2
	exit 1
}
export HD_RUN REF386_ROOT REFMIG386="$here/i686-gnu-mig"
gnu_defs_list "$DEBIAN" "$HURD" | while read -r b f; do
	"$here/../bytes/one.sh" gnu386 "$b" "$f" "$tmp/b386" >/dev/null
	awk -f "$here/protos.awk" "$tmp/b386/$b/U.h" >"$exp/$b.i386.user"
	awk -f "$here/protos.awk" "$tmp/b386/$b/S.h" >"$exp/$b.i386.server"
	cp "$tmp/b386/$b.out" "$exp/$b.i386.bytes"
	cp "$tmp/b386/$b.noref" "$exp/$b.i386.noref"
	echo "regen: $b (i386): $(wc -l <"$exp/$b.i386.user") routines," \
		"$(wc -l <"$exp/$b.i386.noref") without a reference"
done
