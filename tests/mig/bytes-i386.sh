#!/bin/sh
# tests/mig/bytes-i386.sh - the byte differential of tests/mig/bytes.sh in
# the i386 layout: mach5-mig -target i386 against GNU MIG for i686-gnu and
# the i386 ABI sheet's rules (see bytes.sh, HD_SIDES=i386).
HD_SIDES=i386
. "$top_srcdir/tests/mig/bytes.sh"
