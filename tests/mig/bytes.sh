#!/bin/sh
# tests/mig/bytes.sh - the byte differential: for every routine of GNU
# Mach's .defs (gnumach-dev) and the Hurd's io, fs and fsys .defs, the
# request bytes mach5-mig's user stub builds, what its server stub hands
# the server routine, the reply bytes it builds (for a success and for an
# error) and what the user stub gives back, against the same from GNU
# MIG's stubs (tests/mig/expected/BASE.bytes, made by gnu/regen.sh
# running Debian's x86_64-gnu-mig), in the layout of that MIG (mach5-mig
# -target x86_64-2022) and with the same fixed arguments (bytes/harness.h).
# Each server is given GNU's request, so the server side is compared on
# the same input even where the requests differ.
#
# The same again in the current x86_64 layout (no -target, Mach5's
# headers), against GNU's messages rewritten per the ABI sheet's rules
# (bytes/xform.c: 8-byte descriptors, 8-alignment, 8-byte right slots).
#
# A routine that differs fails the test unless it is listed, with its
# reason, in mig/README.md ("Compared with GNU MIG"): the routines whose
# GNU stubs fail their own _Static_asserts (expected/BASE.noref), those
# of bytes/known, and for the current layout those of bytes/known-x86_64.
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/mig/common.sh"
G="$top_srcdir/tests/mig/gnu"
EXP="$top_srcdir/tests/mig/expected"
B="$top_srcdir/tests/mig/bytes"
. "$G/list.sh"

if [ ! -d "$DEBIAN/mach" ]; then
	say "SKIP: no $DEBIAN/mach (gnumach-dev)"
	exit 77
fi

gnu_defs_list "$DEBIAN" "$G/hurd" >"$tmp/list"
# Kept between runs (one.sh rebuilds what changed).
work="$top_builddir/tests/mig/bytes.d"
mkdir -p "$work"

"$CC" -O1 -o "$work/xform" "$B/xform.c"

# One program per interface and layout, two at a time.
run() {
	side=$1 b=$2 f=$3 reqs=$4
	HD_REQS="$reqs" CC="$CC" "$SHELL" "$B/one.sh" "$side" "$b" "$f" \
		"$work/$side" "$MIG" >"$tmp/$side.$b.log" 2>&1 ||
		echo "failed" >>"$tmp/$side.$b.log"
	mv "$work/$side/$b.out" "$tmp/$side.$b.out" 2>/dev/null || true
}
n=0
while read -r b f; do
	[ -f "$EXP/$b.bytes" ] || continue
	"$work/xform" <"$EXP/$b.bytes" >"$tmp/$b.cur-ref"
	for side in m5 cur; do
		ref="$EXP/$b.bytes"
		[ $side = cur ] && ref="$tmp/$b.cur-ref"
		run $side "$b" "$f" "$ref" &
		n=$((n + 1))
		[ $((n % 2)) = 0 ] && wait
	done
done <"$tmp/list"
wait

# The receive limit and the reply's size depend on the layout.
sizeless() {
	sed 's/\(RT mach_msg [0-9a-f]*\) [0-9a-f]*/\1 -/
		s/\(DEMUX [0-9]*\) [0-9]*/\1 -/' "$1"
}

# compare SIDE BASE LABEL REF KNOWN...: one summary line.
compare() {
	side=$1 b=$2 label=$3 ref=$4
	shift 4
	if [ ! -s "$tmp/$side.$b.out" ] ||
		grep -q '^failed$' "$tmp/$side.$b.log"; then
		bad "$b ($label): the mach5-mig stubs did not build or run:"
		grep -v '^failed$' "$tmp/$side.$b.log" | head -5 |
			sed 's/^/    /'
		return
	fi
	cat "$@" | grep -v '^#' >"$tmp/known"
	if [ $side = cur ]; then
		sizeless "$ref" >"$tmp/ref"
		sizeless "$tmp/$side.$b.out" >"$tmp/out"
	else
		cp "$ref" "$tmp/ref"
		cp "$tmp/$side.$b.out" "$tmp/out"
	fi
	awk -v known="$tmp/known" -f "$B/compare.awk" "$tmp/ref" "$tmp/out" \
		>"$tmp/cmp"
	r=$(grep -c ' \(same\|known\|DIFF\)$' "$tmp/cmp")
	s=$(grep -c ' same$' "$tmp/cmp")
	k=$(grep -c ' known$' "$tmp/cmp")
	say "$b ($label): $r routines compared, $s identical," \
		"$((r - s)) differing ($k documented)"
	if grep -q ' DIFF$' "$tmp/cmp"; then
		bad "$b ($label): undocumented differences:"
		grep -v ' \(same\|known\)$' "$tmp/cmp" | head -12 |
			sed 's/^/    /'
	fi
	total=$((total + r)) same=$((same + s)) known=$((known + k))
}

total=0 same=0 known=0 ifaces=0
while read -r b f; do
	if [ ! -f "$EXP/$b.bytes" ]; then
		bad "$b: no $EXP/$b.bytes"
		continue
	fi
	compare m5 "$b" x86_64-2022 "$EXP/$b.bytes" "$EXP/$b.noref" \
		"$B/known"
	compare cur "$b" "x86_64, GNU's rewritten per the ABI sheet" \
		"$tmp/$b.cur-ref" "$EXP/$b.noref" "$B/known" "$B/known-x86_64"
	ifaces=$((ifaces + 1))
done <"$tmp/list"
[ "$ifaces" -gt 20 ] || bad "only $ifaces interfaces compared"
say "$ifaces interfaces, both layouts: $total routines compared, $same" \
	"identical, $known documented differences"
[ $fail = 0 ] && say PASS
exit $fail
