#!/bin/sh
# tests/boot/i386/gnu/build-program.sh OUT - build the gnu-i686 test
# program as GNU Mach's i386 test programs are built (ABI i386.md §7):
# gcc -m32 -ffreestanding against gnumach-dev's headers (the same headers
# serve i386 with __i386__), GNU MIG for i686-gnu's user stubs (stubs/,
# regen.sh), the traps of gnumach-dev's <mach/syscall_sw.h>, and binutils
# for i686-gnu's linker with its default script (static ET_EXEC at
# 0x08048000). Debian has no gcc for i686-gnu; gcc -m32 -ffreestanding
# compiles the same code for it.
# Without gnumach-dev or binutils-i686-gnu (./build.sh installs both) it
# says so and makes no OUT: the boot tests that need OUT then skip.
# Environment: CC (gcc), GNUMACH_DEV_INCLUDE (/usr/include/x86_64-linux-gnu),
# I686_GNU_LD (i686-gnu-ld).
set -eu
out=$1
here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-gcc}
inc=${GNUMACH_DEV_INCLUDE:-/usr/include/x86_64-linux-gnu}
ld=${I686_GNU_LD:-i686-gnu-ld}
missing=
[ -f "$inc/mach/syscall_sw.h" ] || missing="gnumach-dev ($inc/mach)"
command -v "$ld" >/dev/null 2>&1 || missing="${missing:+$missing, }binutils-i686-gnu ($ld)"
if [ -n "$missing" ]; then
	echo "gnu-i686: not built, missing $missing" >&2
	rm -f "$out"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cflags="-m32 -march=i686 -O2 -g -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pic -fno-pie -nostdinc \
	-isystem $($CC -m32 -print-file-name=include) -I$here/include -I$here \
	-I$inc -DMIG_EOPNOTSUPP -Wall -Werror"
objs=
for src in start.S traps.S probe.c runtime.c stubs/machUser.c \
	stubs/mach_portUser.c stubs/mach_hostUser.c stubs/deviceUser.c \
	stubs/mach_i386User.c stubs/gnumachUser.c stubs/excServer.c; do
	o=$tmp/$(basename "${src%.*}").o
	# shellcheck disable=SC2086
	$CC $cflags -c "$here/$src" -o "$o"
	objs="$objs $o"
done
# shellcheck disable=SC2086
"$ld" -static -e _start -o "$out.tmp" $objs
mv "$out.tmp" "$out"
