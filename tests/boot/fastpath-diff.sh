#!/usr/bin/env bash
# fastpath-diff.sh - the IPC boot tests with the fast path on and off
# (kernel command line ipc_fastpath=off, ipc/fastpath.h): both runs must
# pass and their tasks must print the same lines (tests whose output does
# not depend on how threads interleave); the off run must show
# the kernel's "ipc: fast path off" line and the on run must not.
#
# The run with the fast path on is the way each of these tests boots in
# make check: the log of that run (tests/boot/NAME.log, which make writes
# before this test's, tests/boot/Makefrag.am) is taken for it when it is
# newer than the kernel, the test's programs, its .boot file and the
# runner, and BOOT_TEST_CMDLINE is empty (the same boot); else (this test
# alone, or something rebuilt since) the on run boots here.
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

# fresh_log T: tests/boot/T.log is a finished run of T.boot, as booted now.
fresh_log() {
	local log=$top_builddir/tests/boot/$1.log boot=$top_srcdir/tests/boot/$1.boot m
	[ -z "${BOOT_TEST_CMDLINE:-}" ] && [ -f "$log" ] || return 1
	grep -q "^run-boot-test: \(PASS\|FAIL\|TIMEOUT\): $1:" "$log" || return 1
	for m in "$top_builddir/mach5" "$boot" "$runner" $(sed -n \
		's|^module  *\([^ ]*\).*|'"$top_builddir"'/\1|p' "$boot"); do
		[ "$log" -nt "$m" ] || return 1
	done
}

for t in ipc-errors ipc-codes ipc-rpc-threads ipc-notify ipc-ports ipc-complex \
	ipc-rpc-resume; do
	for mode in on off; do
		if [ "$mode" = on ] && fresh_log "$t"; then
			cp "$top_builddir/tests/boot/$t.log" "$out/$t.on.log"
			grep -q "^run-boot-test: PASS: $t:" "$out/$t.on.log" || {
				echo "FAIL: $t with the fast path on (log $top_builddir/tests/boot/$t.log):"
				tail -n 40 "$out/$t.on.log"
				status=1
			}
			echo "$t, fast path on: make check's run (tests/boot/$t.log)"
			continue
		fi
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
