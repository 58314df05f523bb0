#!/bin/sh
# tests/mig/layout.sh - (b) message layouts of the generated stubs against
# the ABI sheet (§5.3) for x86_64, and the classic sizes for i386. The
# generated code asserts each size with _Static_assert; compiling it proves
# the C structs have the sizes this test then compares to the sheet.
# i386 is compiled with gcc -m32 -ffreestanding when the compiler can.
. "$top_srcdir/tests/mig/common.sh"

# expect TARGET FILE ROUTINE MSG SIZE
expect() {
	got=$(size_of "$tmp/$1/$2" "$3" "$4")
	if [ "$got" = "$5" ]; then
		say "ok $1 $3 $4 $5"
	else
		bad "$1 $3 $4: got '${got}', want $5"
	fi
}

generate() { # TARGET CFLAGS...
	t=$1
	shift
	mkdir -p "$tmp/$t"
	for d in mach/mach mach/mach_port mach/mach_host mach/exc; do
		b=$(basename $d)
		"$MIG" -target $t -q -I"$DEFS" -n -user "$tmp/$t/${b}User.c" \
			-server "$tmp/$t/${b}Server.c" -header "$tmp/$t/$b.h" \
			"$DEFS/$d.defs" || bad "mig -target $t $d"
		for f in "$tmp/$t/${b}User.c" "$tmp/$t/${b}Server.c"; do
			"$CC" -std=gnu11 -Wall -Werror -fsyntax-only -I"$tmp/$t" \
				-I"$INC" "$@" "$f" || bad "compile $f ($t)"
		done
	done
}

generate x86_64
expect x86_64 machUser.c vm_allocate Request 80
expect x86_64 machUser.c vm_allocate Reply 64
expect x86_64 mach_portUser.c mach_port_allocate Request 48
expect x86_64 mach_portUser.c mach_port_allocate Reply 64
expect x86_64 machUser.c task_create Request 48
expect x86_64 machUser.c task_create Reply 64
expect x86_64 mach_portUser.c mach_port_insert_right Request 64
expect x86_64 mach_portUser.c mach_port_request_notification Request 96
expect x86_64 mach_portUser.c mach_port_request_notification Reply 64
expect x86_64 machUser.c vm_read Request 64
expect x86_64 machUser.c vm_read Reply 64
expect x86_64 machUser.c vm_map Request 192
expect x86_64 machUser.c vm_map Reply 64
expect x86_64 excUser.c exception_raise Request 112
expect x86_64 mach_hostUser.c host_get_kernel_version Reply 568
expect x86_64 machUser.c task_get_special_port Reply 64
# thread_set_state: 56 + round8(4 * count): data at 56, padded to 8.
grep -q 'msgh_size < 56' "$tmp/x86_64/machServer.c" ||
	bad "thread_set_state minimum request size is not 56"
grep -q '__builtin_offsetof(Request, new_stateType) == 48' \
	"$tmp/x86_64/machUser.c" || bad "thread_set_state new_state not at 56"
grep -q 'define MIG_ALIGN(n) (((n) + 7)' "$tmp/x86_64/machUser.c" ||
	bad "x86_64 items are not 8-aligned"

m32=
if printf 'int x;\n' | "$CC" -m32 -ffreestanding -x c -fsyntax-only - 2>/dev/null; then
	m32="-m32 -ffreestanding"
	say "i386: compiled with $CC -m32"
else
	say "i386: no -m32 compiler; sizes checked from the generator only"
fi
if [ -n "$m32" ]; then
	generate i386 $m32
else
	generate i386 -fsyntax-only 2>/dev/null || true
fi
expect i386 machUser.c vm_allocate Request 48
expect i386 machUser.c vm_allocate Reply 40
expect i386 mach_portUser.c mach_port_allocate Request 32
expect i386 mach_portUser.c mach_port_allocate Reply 40
expect i386 machUser.c task_create Request 32
expect i386 machUser.c task_create Reply 40
expect i386 mach_portUser.c mach_port_insert_right Request 40
expect i386 mach_portUser.c mach_port_request_notification Request 56
expect i386 mach_portUser.c mach_port_request_notification Reply 40
expect i386 machUser.c vm_read Request 40
expect i386 machUser.c vm_read Reply 48
expect i386 machUser.c vm_map Request 104
expect i386 excUser.c exception_raise Request 64
expect i386 mach_hostUser.c host_get_kernel_version Reply 548
grep -q 'msgh_size < 36' "$tmp/i386/machServer.c" ||
	bad "i386 thread_set_state minimum request size is not 36"
[ $fail = 0 ] && say PASS
exit $fail
