#!/bin/sh
# tests/mig/errors.sh - bad input: file:line and a reason on stderr, a
# non-zero exit, and no output file written (not even a partial one).
. "$top_srcdir/tests/mig/common.sh"

try() { # NAME EXPECTED-LINE TEXT
	printf '%s\n' "$3" >"$tmp/$1.defs"
	if "$MIG" -n -user "$tmp/$1User.c" -header "$tmp/$1.h" \
		-I"$DEFS" "$tmp/$1.defs" 2>"$tmp/$1.err"; then
		bad "$1: accepted"
	fi
	grep -q "$1.defs:$2: error: " "$tmp/$1.err" ||
		bad "$1: no '$1.defs:$2: error:' in: $(cat "$tmp/$1.err")"
	ls "$tmp" | grep -q "^$1User.c\|^$1.h" && bad "$1: output written"
	say "ok $1: $(head -1 "$tmp/$1.err")"
}

try syntax 3 'subsystem s 100;
routine r(p : int;
	x : int y);'
try unknown_type 2 'subsystem s 100;
routine r(p : mach_port_t; x : no_such_type);'
try out_in_simple 4 'subsystem s 100;
#include <mach/std_types.defs>
simpleroutine r(p : mach_port_t;
	out x : int);'
try no_subsystem 1 'type x = int;'
try bad_flag 3 '#include <mach/std_types.defs>
subsystem s 100;
routine r(p : mach_port_t; x : int, NoSuchFlag);'
# The constructs the Hurd's .defs use (lang/lang.defs), each malformed.
try poly_pair 3 'subsystem s 100;
#include <mach/std_types.defs>
type t = polymorphic | ;'
try intran 4 'subsystem s 100;
#include <mach/std_types.defs>
type t = mach_port_t
	intran: obj_p begin;'
try import 2 'subsystem s 100;
import lang.h;'
try rcsid 2 'subsystem s 100;
rcsid foo;'
try serverprefix 2 'subsystem s 100;
serverprefix ;'
try msgseqno 4 'subsystem s 100;
#include <mach/std_types.defs>
routine r(p : mach_port_t;
	msgseqno : mach_port_seqno_t);'
[ $fail = 0 ] && say PASS
exit $fail
