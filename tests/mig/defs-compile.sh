#!/bin/sh
# tests/mig/defs-compile.sh - (a) every .defs of the Debian gnumach-dev
# headers and every Mach5 .defs is read without error, and its generated
# user and server code compiles with -Wall -Werror against Mach5's
# include/ (x86_64), using no Debian mach header.
. "$top_srcdir/tests/mig/common.sh"

check_defs() { # DEFS_INCDIR FILE...
	incdir=$1
	shift
	for d in "$@"; do
		grep -q subsystem "$d" || continue
		b=$(basename "$d" .defs)
		if ! gen x86_64 "$incdir" "$d" "$b" 2>"$tmp/err"; then
			bad "$d: $(head -3 "$tmp/err")"
			continue
		fi
		for f in "$tmp/${b}User.c" "$tmp/${b}Server.c"; do
			# The headers the compile read (-MD: what -M would list).
			rm -f "$tmp/dep"
			compile "$f" -MD -MF "$tmp/dep" 2>"$tmp/err" ||
				bad "$f: $(head -5 "$tmp/err")"
			if [ -s "$tmp/dep" ]; then
				only_mach5_deps "$tmp/dep" ||
					bad "$f uses a Debian header"
			else
				# A failed compile may write none.
				only_mach5_headers "$f" ||
					bad "$f uses a Debian header"
			fi
		done
		n=$((n + 1))
	done
}

n=0
if [ -d "$DEBIAN/mach" ]; then
	check_defs "$DEBIAN" "$DEBIAN"/mach/*.defs "$DEBIAN"/mach/x86_64/*.defs \
		"$DEBIAN"/device/*.defs "$DEBIAN"/mach_debug/*.defs
	say "Debian .defs: $n subsystems"
else
	say "no $DEBIAN/mach (gnumach-dev): Debian .defs skipped"
fi
n=0
check_defs "$DEFS" $(find "$DEFS" -name '*.defs' | sort)
say "Mach5 .defs: $n subsystems"
[ $fail = 0 ] && say PASS
exit $fail
