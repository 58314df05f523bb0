#!/bin/sh
# tests/mig/bytes/one.sh - build and run the byte differential's program for
# one interface (used by tests/mig/bytes.sh and gnu/regen.sh):
#   one.sh gnu|m5|cur|gnu386|i386 BASE FILE.defs DIR [MIG]
# In DIR/BASE: the stubs (GNU MIG's x86_64-gnu-mig, or mach5-mig -target
# x86_64-2022), the driver made by gen.awk from tests/mig/expected's
# prototypes, compiled against gnumach-dev's (2022) headers with
# harness.c; its output goes to DIR/BASE.out. cur: mach5-mig's current
# x86_64 layout, compiled against Mach5's include/. gnu386 and i386: GNU
# MIG for i686-gnu ($REFMIG386, gnu/regen.sh) and mach5-mig -target i386,
# compiled with gcc -m32 -static against gnumach-dev's headers (their i386
# layout is the ABI sheet's) and run as $HD_RUN ./prog (HD_RUN: empty
# where the host runs 32-bit programs, else qemu-i386). For gnu and
# gnu386, DIR/BASE.noref lists the routines whose GNU stubs fail their
# own _Static_asserts.
# HD_REQS (a .bytes file), if set, gives the servers those requests.
#   one.sh SIDE --harness - DIR
# builds DIR/harness.o, harness.c compiled with SIDE's flags (it includes
# no header of an interface, so one object serves every interface of the
# side); with HD_HARNESS naming it, the programs link that object instead
# of compiling harness.c each (tests/mig/bytes.sh).
# HURD: the directory of the Hurd's .defs (gnu/list.sh), for the Hurd's
# interfaces. DIR/BASE is kept: the program is rebuilt only when its
# sources change, and not even generated again when HD_INPUTS (a checksum
# of every input, bytes.sh's) is the one it was built with.
set -eu
side=$1 b=$2 f=$3 dir=$4 mig=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
G=$here/../gnu
EXP=$here/../expected
DEBIAN=${DEBIAN:-/usr/include/x86_64-linux-gnu}
CC=${CC:-gcc}
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
f=$(abs "$f")
# The Hurd's headers for its interfaces only (GNU Mach's programs do not
# change with HURD).
HI=$G/linux
case $f in "${HURD:-/nonexistent}"/*) HI=$HURD ;; esac
CF="-std=gnu11 -O0 -g0 -w -fno-asynchronous-unwind-tables -I. -I$here \
-I$here/inc -I$G/linux -I$HI -include $G/linux/hurd-sizes.h"
[ -z "$mig" ] || mig=$(abs "$mig")
if [ "$b" = --harness ]; then
	mkdir -p "$dir"
	cd "$dir"
else
	mkdir -p "$dir/$b"
	cd "$dir/$b"
fi
run=
case $side in
gnu386 | i386)
	CF="-m32 -static -std=gnu11 -O0 -g0 -w -fno-asynchronous-unwind-tables \
-I. -I$here -I$here/inc -I$G/linux -I$HI -idirafter $DEBIAN \
-include $G/linux/hurd-sizes.h -DHD_LAYOUT=2"
	# GNU MIG of 2023 names a type of the current headers.
	[ "$side" = i386 ] || CF="$CF -include $G/linux/mach-inlined.h"
	run=${HD_RUN:-}
	;;
cur)
	CF="-std=gnu11 -O0 -g0 -w -fno-asynchronous-unwind-tables -I. \
-I$here -I$here/../../../include -I$G/linux -I$HI \
-include $G/linux/hurd-sizes.h -DHD_LAYOUT=1"
	;;
esac
if [ "$b" = --harness ]; then
	# The harness object of the side, rebuilt when a source or a flag
	# changed.
	hsum=$(cat "$here/harness.c" "$here/harness.h" "$G"/linux/*.h \
		"$G"/linux/bits/*.h | cksum)
	hsum="$hsum $CC $CF"
	if [ ! -f harness.o ] || [ "$(cat harness.stamp 2>/dev/null)" != "$hsum" ]; then
		rm -f harness.o harness.stamp
		$CC $CF -pipe -c -o harness.o "$here/harness.c"
		echo "$hsum" >harness.stamp
	fi
	exit 0
fi
inputs="${HD_INPUTS:-none} $side $b $f $mig $CC $CF"
case $side in gnu | gnu386) ;; *)
	if [ -n "${HD_INPUTS:-}" ] && [ -x prog ] &&
		[ "$(cat inputs 2>/dev/null)" = "$inputs" ]; then
		exec $run ./prog >../"$b.out"
	fi
	;;
esac
rm -f inputs
if [ "$side" = gnu ] || [ "$side" = gnu386 ]; then
	# As a native build runs it: the target's macros defined.
	if [ "$side" = gnu ]; then
		x86_64-gnu-mig -D__x86_64__ -D__LP64__ -I"$G/linux" -I"$HI" \
			-I"$DEBIAN" -user U.c -server S.c -header U.h \
			-sheader S.h "$f"
	else
		$REFMIG386 -D__i386__ -I"$G/linux" -I"$HI" -I"$DEBIAN" \
			-user U.c -server S.c -header U.h -sheader S.h "$f"
	fi
	# A routine whose GNU stub fails its own _Static_asserts, or does
	# not compile at all (GNU MIG 2023 on a 2022 .defs: the line is
	# dropped, so that the rest builds), has no reference.
	: >../"$b.noref"
	for s in U.c S.c; do
		$CC $CF -fsyntax-only -fmax-errors=0 $s >$s.err 2>&1 || true
		awk -v noref=../"$b.noref" -v src=$s '
			/In function/ { f = $0; sub(/.*‘/, "", f)
				sub(/’.*/, "", f); sub(/^_X/, "", f)
				sub(/^U_/, "", f) }
			/static assertion failed/ { print f >>noref; next }
			index($0, src ":") == 1 && / error: / {
				print f >>noref
				split($0, w, ":")
				print w[2] "d" }' $s.err | sort -u >$s.sed
		sed -i -f $s.sed -e '/_Static_assert/d' $s
	done
	sort -u -o ../"$b.noref" ../"$b.noref"
elif [ "$side" = i386 ]; then
	"$mig" -q -target i386 -I"$G/linux" -I"$HI" -I"$DEBIAN" \
		-user U.c -server S.c -header U.h -sheader S.h "$f"
elif [ "$side" = m5 ]; then
	"$mig" -q -target x86_64-2022 -I"$G/linux" -I"$HI" -I"$DEBIAN" \
		-user U.c -server S.c -header U.h -sheader S.h "$f"
else
	# cur: the current x86_64 layout, against Mach5's headers (CF above).
	"$mig" -q -I"$G/linux" -I"$HI" -I"$DEBIAN" -user U.c -server S.c \
		-header U.h -sheader S.h "$f"
fi
demux=$(sed -n 's/^mig_external boolean_t \([A-Za-z_0-9]*_server\)$/\1/p' \
	S.c | head -1)
awk -v out=unames -f "$here/gen.awk" "$EXP/$b.user" "$EXP/$b.server" >unames.h
awk -v out=snames -f "$here/gen.awk" "$EXP/$b.user" "$EXP/$b.server" >snames.h
{
	echo '#include "snames.h"'
	echo '#include "harness.h"'
	echo '#include "S.h"'
	awk -v out=driver -v demux="$demux" -f "$here/gen.awk" \
		"$EXP/$b.user" "$EXP/$b.server"
} >driver.c
# The user stubs and the server routines share names: U_ and F_ here.
{ echo '#include "unames.h"'; cat U.c; } >U1.c
{ echo '#include "snames.h"'; cat S.c; } >S1.c
# Built again only when a source changed (the stubs, most of the time, do
# not): a check that follows a kernel change costs a run.
sum=$(cat U1.c S1.c driver.c unames.h snames.h "$here/harness.c" \
	"$here/harness.h" "$here/inc/mach/mig_support.h" "$G"/linux/*.h \
	"$G"/linux/bits/*.h "$here"/../../../include/mach/*.h | cksum)
harness=${HD_HARNESS:-$here/harness.c}
sum="$sum $CC $CF $harness"
if [ ! -x prog ] || [ "$(cat stamp 2>/dev/null)" != "$sum" ]; then
	rm -f prog stamp
	$CC $CF -pipe -o prog U1.c S1.c driver.c "$harness"
	echo "$sum" >stamp
fi
[ -z "${HD_INPUTS:-}" ] || echo "$inputs" >inputs
$run ./prog >../"$b.out"
