#!/bin/sh
# tests/mig/bytes.sh - the byte differential: for every routine of GNU
# Mach's .defs (gnumach-dev) and the Hurd's io, fs and fsys .defs (from
# HURD_DEFS_DIR, see gnu/list.sh; left out, and said so, if absent), the
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
#
# With HD_SIDES=i386 (tests/mig/bytes-i386.sh), the i386 layout instead:
# mach5-mig -target i386's stubs, built with gcc -m32 -static and run
# natively or under qemu-i386 (bytes/run386.sh; neither: the test is
# skipped, and says why), against GNU MIG for i686-gnu's
# (expected/BASE.i386.bytes, gnu/regen.sh i386) with the same fixed
# arguments; every message a stub builds is also checked against the i386
# ABI sheet's rules (harness.c, sheet_check: any "SHEET" line fails), and
# the stubs' prototypes against that MIG's (expected/BASE.i386.user,
# .server). Excused: expected/BASE.i386.noref and bytes/known-i386.
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
. "$top_srcdir/tests/mig/common.sh"
G="$top_srcdir/tests/mig/gnu"
EXP="$top_srcdir/tests/mig/expected"
B="$top_srcdir/tests/mig/bytes"
. "$G/list.sh"

sides=${HD_SIDES:-m5 cur}
if [ ! -d "$DEBIAN/mach" ]; then
	say "SKIP: no $DEBIAN/mach (gnumach-dev)"
	exit 77
fi
HD_RUN=
if [ "$sides" = i386 ]; then
	. "$B/run386.sh"
	if ! run386_find "$CC" "$tmp"; then
		say "SKIP: i386 bytes: $RUN386_WHY"
		exit 77
	fi
	say "i386 programs run ${HD_RUN:+under }${HD_RUN:-natively}"
fi

hurd_defs_find "$top_srcdir" ||
	bad "HURD_DEFS_DIR=$HURD_DEFS_DIR has no hurd/{io,fs,fsys}.defs"
gnu_defs_list "$DEBIAN" "$HURD" >"$tmp/list"
# Kept between runs (one.sh rebuilds what changed).
work="$top_builddir/tests/mig/bytes.d"
mkdir -p "$work"

[ "$work/xform" -nt "$B/xform.c" ] || "$CC" -O1 -o "$work/xform" "$B/xform.c"

# Every input of the programs: while it is the same, one.sh only runs
# them again (a check that follows a kernel change costs a run). mig/mig
# is a script that runs the generator: the programs beside it count.
HD_INPUTS=$(find "$MIG" "$(dirname "$MIG")" "$B" "$G" "$EXP" \
	"$top_srcdir/include" \
	"$DEBIAN/mach" "$DEBIAN/device" "$DEBIAN/mach_debug" \
	${HURD:+"$HURD/hurd"} -type f ! -name '*.bytes' ! -name '*.noref' |
	LC_ALL=C sort | xargs cat | cksum)
export HD_INPUTS HURD CC HD_RUN

# One program per interface and layout, as many at a time as make's -j
# (2 without one). A job: SIDE BASE FILE.
jobs=$(printf ' %s ' "${MAKEFLAGS:-}" |
	sed -n 's/.* -j *\([0-9][0-9]*\) .*/\1/p')
jobs=${HD_JOBS:-${jobs:-2}}
while read -r b f; do
	[ -f "$EXP/$b.bytes" ] || continue
	for side in $sides; do
		echo "$side $b $f"
	done
done <"$tmp/list" >"$tmp/jobs"
# harness.c once per layout (it includes no interface's header), linked
# into each program of the layout.
for side in $sides; do
	"$SHELL" "$B/one.sh" $side --harness - "$work/$side" ||
		bad "$side: harness.c did not compile"
done
# shellcheck disable=SC2016
HD_EXP=$EXP HD_TMP=$tmp HD_WORK=$work HD_B=$B HD_MIG=$MIG HD_SH=$SHELL \
	xargs -P "$jobs" -L 1 "$SHELL" -c '
	side=$1 b=$2 f=$3 ref=$HD_EXP/$2.bytes log=$HD_TMP/$1.$2.log
	export HD_HARNESS=$HD_WORK/$side/harness.o
	if [ $side = cur ]; then
		ref=$HD_TMP/$b.cur-ref
		"$HD_WORK/xform" <"$HD_EXP/$b.bytes" >"$ref"
	elif [ $side = i386 ]; then
		ref=$HD_EXP/$b.i386.bytes
	fi
	HD_REQS="$ref" "$HD_SH" "$HD_B/one.sh" $side "$b" "$f" \
		"$HD_WORK/$side" "$HD_MIG" >"$log" 2>&1 || echo failed >>"$log"
	mv "$HD_WORK/$side/$b.out" "$HD_TMP/$side.$b.out" 2>/dev/null || true
' job <"$tmp/jobs"

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
	grep -hv '^#' "$@" >"$tmp/known"
	out=$tmp/$side.$b.out
	if [ $side = cur ]; then
		sizeless "$ref" >"$tmp/ref"
		sizeless "$out" >"$tmp/out"
		ref=$tmp/ref out=$tmp/out
	fi
	awk -v known="$tmp/known" -f "$B/compare.awk" "$ref" "$out" >"$tmp/cmp"
	read -r s k d <<EOC
$(awk '{ n[$NF]++ } END { print n["same"] + 0, n["known"] + 0, n["DIFF"] + 0 }' "$tmp/cmp")
EOC
	r=$((s + k + d))
	say "$b ($label): $r routines compared, $s identical," \
		"$((r - s)) differing ($k documented)"
	if grep -q ' DIFF$' "$tmp/cmp"; then
		bad "$b ($label): undocumented differences:"
		grep -v ' \(same\|known\)$' "$tmp/cmp" | head -12 |
			sed 's/^/    /'
	fi
	total=$((total + r)) same=$((same + s)) known=$((known + k))
}

# sheet BASE: the i386 ABI sheet's rules held by every message of
# mach5-mig's stubs, and their prototypes are GNU's.
sheet() {
	out=$tmp/i386.$1.out
	[ -s "$out" ] || return 0
	nm=$(grep -c '^[^ ]* [01] RE[QP] ' "$out")
	msgs=$((msgs + nm))
	if grep -q ' SHEET ' "$out"; then
		bad "$1 (i386): messages against the ABI sheet's rules:"
		grep ' SHEET ' "$out" | head -8 | sed 's/^/    /'
	fi
	for k in user server; do
		h=$work/i386/$1/U.h
		[ $k = user ] || h=$work/i386/$1/S.h
		awk -f "$G/protos.awk" "$h" >"$tmp/protos"
		if ! cmp -s "$tmp/protos" "$EXP/$1.i386.$k"; then
			bad "$1 (i386): $k prototypes differ from GNU MIG's:"
			diff "$EXP/$1.i386.$k" "$tmp/protos" | head -6 |
				sed 's/^/    /'
		fi
	done
}

total=0 same=0 known=0 ifaces=0 msgs=0
while read -r b f; do
	if [ ! -f "$EXP/$b.bytes" ]; then
		bad "$b: no $EXP/$b.bytes"
		continue
	fi
	case $sides in *m5*)
		compare m5 "$b" x86_64-2022 "$EXP/$b.bytes" "$EXP/$b.noref" \
			"$B/known"
		;;
	esac
	case $sides in *cur*)
		compare cur "$b" "x86_64, GNU's rewritten per the ABI sheet" \
			"$tmp/$b.cur-ref" "$EXP/$b.noref" "$B/known" \
			"$B/known-x86_64"
		;;
	esac
	case $sides in *i386*)
		if [ ! -f "$EXP/$b.i386.bytes" ]; then
			bad "$b: no $EXP/$b.i386.bytes"
			continue
		fi
		compare i386 "$b" "i386, GNU MIG for i686-gnu" \
			"$EXP/$b.i386.bytes" "$EXP/$b.i386.noref" \
			"$B/known-i386"
		sheet "$b"
		;;
	esac
	ifaces=$((ifaces + 1))
done <"$tmp/list"
# 19 .defs of gnumach-dev with a subsystem, and the Hurd's 3.
[ "$ifaces" -ge $((${HURD:+3} + 19)) ] ||
	bad "only $ifaces interfaces compared"
if [ "$sides" = i386 ]; then
	[ -n "$HURD" ] || say "$(hurd_defs_skipped "$EXP"), i386"
	say "$ifaces interfaces, i386: $total routines compared, $same" \
		"identical, $known documented differences; $msgs messages" \
		"checked against the i386 ABI sheet's rules, prototypes" \
		"identical"
	[ $fail = 0 ] && say PASS
	exit $fail
fi
[ -n "$HURD" ] || say "$(hurd_defs_skipped "$EXP" 2), both layouts"
say "$ifaces interfaces, both layouts: $total routines compared, $same" \
	"identical, $known documented differences"
[ $fail = 0 ] && say PASS
exit $fail
