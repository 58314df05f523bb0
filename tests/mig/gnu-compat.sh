#!/bin/sh
# tests/mig/gnu-compat.sh - mach5-mig against GNU MIG's own output
# (tests/mig/expected, made by gnu/regen.sh running Debian's GNU MIG) on
# GNU Mach's .defs (Debian gnumach-dev) and the Hurd's io, fs and fsys
# .defs (HURD_DEFS_DIR, see gnu/list.sh; left out, and said so, when not
# found): for every routine, the user prototype, the server prototype,
# and the size of each message at its largest, in the layout that MIG
# writes (mach5-mig -target x86_64-2022). Polymorphic PORT_SEND
# arguments, const in-arrays, Dealloc[]/ServerCopy arguments and the
# layout of several variable arrays in one message all show up here.
. "$top_srcdir/tests/mig/common.sh"
G="$top_srcdir/tests/mig/gnu"
EXP="$top_srcdir/tests/mig/expected"
. "$G/list.sh"

if [ ! -d "$DEBIAN/mach" ]; then
	say "SKIP: no $DEBIAN/mach (gnumach-dev)"
	exit 77
fi

hurd_defs_find "$top_srcdir" ||
	bad "HURD_DEFS_DIR=$HURD_DEFS_DIR has no hurd/{io,fs,fsys}.defs"
HI=${HURD:-$G/linux}

routines=0 protos=0 sizes=0 ifaces=0
gnu_defs_list "$DEBIAN" "$HURD" >"$tmp/list"
while read -r b f; do
	[ -f "$EXP/$b.user" ] || { bad "$b: no expected output"; continue; }
	if ! "$MIG" -q -I"$G/linux" -I"$HI" -I"$DEBIAN" -n \
		-header "$tmp/$b.h" -sheader "$tmp/${b}S.h" "$f" 2>"$tmp/err" ||
		! "$MIG" -q -target x86_64-2022 -I"$G/linux" -I"$HI" \
			-I"$DEBIAN" -n -sizes "$tmp/$b.sizes" "$f" 2>>"$tmp/err"; then
		bad "$b: mach5-mig failed: $(head -3 "$tmp/err")"
		continue
	fi
	ifaces=$((ifaces + 1))
	routines=$((routines + $(wc -l <"$EXP/$b.user")))
	awk -f "$G/protos.awk" "$tmp/$b.h" >"$tmp/$b.user"
	awk -f "$G/protos.awk" "$tmp/${b}S.h" >"$tmp/$b.server"
	for side in user server; do
		if ! diff "$EXP/$b.$side" "$tmp/$b.$side" >"$tmp/diff"; then
			bad "$b: $side prototypes differ from GNU MIG's:"
			sed 's/^/    /' "$tmp/diff" | head -20
		else
			protos=$((protos + $(wc -l <"$EXP/$b.$side")))
		fi
	done
	# Every size, default_pager's and the arrays of 64-bit structs too,
	# now that GNU MIG runs with the target's macros (gnu/regen.sh).
	cp "$EXP/$b.sizes" "$tmp/gnu"
	cp "$tmp/$b.sizes" "$tmp/m5"
	if ! diff "$tmp/gnu" "$tmp/m5" >"$tmp/diff"; then
		bad "$b: message sizes differ from GNU MIG's (< GNU, > mach5):"
		sed 's/^/    /' "$tmp/diff" | head -20
	else
		sizes=$((sizes + $(wc -l <"$tmp/m5")))
	fi
done <"$tmp/list"
# 19 .defs of gnumach-dev with a subsystem, and the Hurd's 3.
[ "$ifaces" -ge $((${HURD:+3} + 19)) ] ||
	bad "only $ifaces interfaces compared"
[ -n "$HURD" ] || say "$(hurd_defs_skipped "$EXP")"
say "$ifaces interfaces, $routines routines: $protos prototypes and" \
	"$sizes message sizes identical to GNU MIG's"
[ $fail = 0 ] && say PASS
exit $fail
