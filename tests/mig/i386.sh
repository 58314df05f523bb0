#!/bin/sh
# tests/mig/i386.sh - mach5-mig -target i386 against the i386 ABI sheet
# (the bytes, against GNU MIG for i686-gnu's and the sheet's rules:
# bytes-i386.sh):
#  1. the Request and Reply sizes of mach5-mig's -sizes, on Mach5's .defs
#     (GNU Mach's current interface), equal the sheet's table (§4.2,
#     tests/mig/i386/sheet-sizes: 77 sizes);
#  2. the i386 user and server stubs of every .defs of gnumach-dev and of
#     the Hurd's io, fs and fsys (HURD_DEFS_DIR, gnu/list.sh; left out,
#     and said so, when not found) compile with gcc -m32 against
#     gnumach-dev's headers, whose i386 layout is the sheet's (24-byte
#     header, 4-byte descriptors, 12-byte long form, 4-byte names): every
#     _Static_assert that mach5-mig writes on an item's offset and a
#     message's size holds, i.e. its layout is the C compiler's. Routines that cannot, for a
#     host reason, are in tests/mig/i386/known.
. "$top_srcdir/tests/mig/common.sh"
G="$top_srcdir/tests/mig/gnu"
I="$top_srcdir/tests/mig/i386"
. "$G/list.sh"

# 1. Sizes.
n=0 ok=0
for f in $(find "$DEFS" -name '*.defs' | sort); do
	grep -q '^[[:space:]]*subsystem' "$f" || continue
	if ! "$MIG" -q -target i386 -I"$DEFS" -n -sizes "$tmp/s" "$f" \
		2>"$tmp/err"; then
		bad "$f: $(head -3 "$tmp/err")"
		continue
	fi
	cat "$tmp/s" >>"$tmp/sizes"
done
grep -v '^#' "$I/sheet-sizes" >"$tmp/sheet"
while read -r r m want; do
	n=$((n + 1))
	got=$(awk -v r="$r" -v m="$m" '$1 == r && $2 == m { print $3; exit }' \
		"$tmp/sizes")
	if [ "$got" = "$want" ]; then
		ok=$((ok + 1))
	else
		bad "$r $m: the i386 sheet says $want bytes, mach5-mig ${got:-none}"
	fi
done <"$tmp/sheet"
say "i386 sizes: $ok of $n equal to the ABI sheet's (§4.2)"

# 2. The layout, compiled.
if [ ! -d "$DEBIAN/mach" ]; then
	say "SKIP part 2: no $DEBIAN/mach (gnumach-dev)"
	[ $fail = 0 ] && say PASS
	exit $fail
fi
echo 'int x;' >"$tmp/m32.c"
if ! "$CC" -m32 -c -o "$tmp/m32.o" "$tmp/m32.c" 2>/dev/null; then
	say "SKIP part 2: $CC -m32 does not compile"
	[ $fail = 0 ] && say PASS
	exit $fail
fi
hurd_defs_find "$top_srcdir" ||
	bad "HURD_DEFS_DIR=$HURD_DEFS_DIR has no hurd/{io,fs,fsys}.defs"
HI=${HURD:-$G/linux}
gnu_defs_list "$DEBIAN" "$HURD" >"$tmp/list"
grep -v '^#' "$I/known" | awk '{ print $1 }' >"$tmp/known"
ifaces=0 routines=0 excused=0
while read -r b f; do
	if ! "$MIG" -q -target i386 -I"$G/linux" -I"$HI" -I"$DEBIAN" \
		-user "$tmp/$b.U.c" -server "$tmp/$b.S.c" -header "$tmp/$b.h" \
		-sheader "$tmp/${b}S.h" "$f" 2>"$tmp/err"; then
		bad "$b: mach5-mig -target i386: $(head -3 "$tmp/err")"
		continue
	fi
	for k in U S; do
		"$CC" -m32 -std=gnu11 -Wall -fsyntax-only -fmax-errors=0 \
			-I"$tmp" -I"$top_srcdir/tests/mig/bytes/inc" -I"$G/linux" \
			-I"$HI" -idirafter "$DEBIAN" \
			-include "$G/linux/hurd-sizes.h" \
			"$tmp/$b.$k.c" >"$tmp/out" 2>&1 || true
		awk '/In function/ { f = $0; sub(/.*‘/, "", f)
				sub(/’.*/, "", f); sub(/^_X/, "", f) }
			/error|warning/ { print f ": " $0 }' "$tmp/out"
	done >"$tmp/errs"
	while read -r r rest; do
		r=${r%:}
		if grep -qx "$r" "$tmp/known"; then
			echo "$r" >>"$tmp/excused"
		else
			bad "$b: $r $rest"
		fi
	done <"$tmp/errs"
	ifaces=$((ifaces + 1))
	routines=$((routines + $(grep -c '^/\* \(Simple\)\{0,1\}[Rr]outine ' \
		"$tmp/$b.U.c")))
done <"$tmp/list"
[ -f "$tmp/excused" ] && excused=$(sort -u "$tmp/excused" | wc -l)
# 19 .defs of gnumach-dev with a subsystem, and the Hurd's 3.
[ "$ifaces" -ge $((${HURD:+3} + 19)) ] ||
	bad "only $ifaces interfaces compiled"
[ -n "$HURD" ] || say "$(hurd_defs_skipped "$top_srcdir/tests/mig/expected")"
say "i386 layout: $ifaces interfaces, $routines routines compiled with" \
	"-m32, every offset and size assert holding but in $excused" \
	"routines excused (tests/mig/i386/known)"
[ $fail = 0 ] && say PASS
exit $fail
