#!/usr/bin/env bash
# fastpath-diff.sh - the IPC boot tests with the fast path on and off
# (kernel command line ipc_fastpath=off, ipc/fastpath.h): both runs must
# pass and their tasks must print the same lines (tests whose output does
# not depend on how threads interleave); the off run must show
# the kernel's "ipc: fast path off" line and the on run must not.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
runner=$top_srcdir/tests/boot/run-boot-test
out=$top_builddir/tests/boot/fastpath-diff.d
mkdir -p "$out"
status=0

# What the tasks printed: from the bootstrap line to the end marker.
task_lines() {
	tr -d '\r' <"$1" | sed -n '/^bootstrap: /,/^gnumach-test-/p' |
		grep -v '^Mach5: rebooting'
}

for t in ipc-errors ipc-codes ipc-rpc-threads ipc-notify ipc-ports ipc-complex; do
	for mode in on off; do
		cmd=
		[ "$mode" = off ] && cmd=ipc_fastpath=off
		BOOT_TEST_CMDLINE=$cmd "$runner" "$top_srcdir/tests/boot/$t.boot" \
			>"$out/$t.$mode.log" 2>&1 || {
			echo "FAIL: $t with the fast path $mode (log $out/$t.$mode.log):"
			tail -n 40 "$out/$t.$mode.log"
			status=1
		}
	done
	if ! grep -q 'ipc: fast path off' "$out/$t.off.log" ||
		grep -q 'ipc: fast path off' "$out/$t.on.log"; then
		echo "FAIL: $t: the fast path was not switched as asked"
		status=1
	fi
	if ! diff <(task_lines "$out/$t.on.log") <(task_lines "$out/$t.off.log") \
		>"$out/$t.diff"; then
		echo "FAIL: $t prints differently with the fast path off:"
		head -n 40 "$out/$t.diff"
		status=1
	else
		echo "ok: $t, fast path on and off: same output ($(task_lines "$out/$t.on.log" | wc -l) lines)"
	fi
done
exit $status
