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
# A routine that differs fails the test unless it is listed, with its
# reason, in mig/README.md ("Differences from GNU MIG"): the routines whose
# GNU stubs fail their own _Static_asserts (expected/BASE.noref) and those
# of bytes/known.
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

# Two at a time: each builds three stubs files and runs them.
run() {
	b=$1 f=$2
	HD_REQS="$EXP/$b.bytes" CC="$CC" "$SHELL" "$B/one.sh" m5 "$b" "$f" \
		"$work" "$MIG" >"$tmp/$b.log" 2>&1 || echo "failed" >>"$tmp/$b.log"
	mv "$work/$b.out" "$tmp/$b.out" 2>/dev/null || true
}
n=0
while read -r b f; do
	run "$b" "$f" &
	n=$((n + 1))
	[ $((n % 2)) = 0 ] && wait
done <"$tmp/list"
wait

total=0 same=0 known=0 ifaces=0
while read -r b f; do
	if [ ! -f "$EXP/$b.bytes" ]; then
		bad "$b: no $EXP/$b.bytes"
		continue
	fi
	if [ ! -s "$tmp/$b.out" ] || grep -q '^failed$' "$tmp/$b.log"; then
		bad "$b: the mach5-mig stubs did not build or run:"
		head -5 "$tmp/$b.log" | sed 's/^/    /'
		continue
	fi
	{
		sed 's/$/ (GNU stub fails its own _Static_assert)/' "$EXP/$b.noref"
		grep -v '^#' "$B/known"
	} >"$tmp/known"
	awk -v known="$tmp/known" -f "$B/compare.awk" "$EXP/$b.bytes" \
		"$tmp/$b.out" >"$tmp/$b.cmp"
	r=$(grep -c ' \(same\|known\|DIFF\)$' "$tmp/$b.cmp")
	s=$(grep -c ' same$' "$tmp/$b.cmp")
	k=$(grep -c ' known$' "$tmp/$b.cmp")
	d=$((r - s))
	say "$b: $r routines compared, $s identical, $d differing" \
		"($k documented)"
	if grep -q ' DIFF$' "$tmp/$b.cmp"; then
		bad "$b: undocumented differences from GNU MIG's bytes:"
		grep -v ' \(same\|known\)$' "$tmp/$b.cmp" | head -12 |
			sed 's/^/    /'
	fi
	total=$((total + r)) same=$((same + s)) known=$((known + k))
	ifaces=$((ifaces + 1))
done <"$tmp/list"
[ "$ifaces" -gt 20 ] || bad "only $ifaces interfaces compared"
say "$ifaces interfaces, $total routines: $same byte-identical to GNU" \
	"MIG's, $known documented differences"
[ $fail = 0 ] && say PASS
exit $fail
