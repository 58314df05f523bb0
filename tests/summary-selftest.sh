#!/usr/bin/env bash
# summary-selftest.sh - checks tests/summary.sh, which closes ./build.sh
# check: on a made-up build directory with a passing test, a failing boot
# test, a failing unit test and a skipped one, it must print each failed
# test's name, the end of its own log (the serial console of the boot test,
# Check's output of the unit test, not older lines), the path of its full
# log, and the closing line "1 passed, 2 failed, 1 skipped"; and exit 1.
# With only passing tests it must exit 0.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
# Outside the build tree: the real summary must not count these tests.
work=$(mktemp -d "${TMPDIR:-/tmp}/summary-selftest.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failures=0

mkdir -p "$work/b/tests/boot" "$work/b/tests/unit" || exit 99

# trs NAME RESULT: the .trs automake writes for a test.
trs() {
	printf ':test-result: %s\n:global-test-result: %s\n' "$2" "$2" >"$work/b/$1.trs"
}

trs tests/unit/test_good PASS
echo "100%: Checks: 3, Failures: 0, Errors: 0" >"$work/b/tests/unit/test_good.log"
trs tests/unit/test_skipped SKIP
: >"$work/b/tests/unit/test_skipped.log"

trs tests/unit/test_bad FAIL
{
	for i in $(seq 1 100); do echo "unit old line $i"; done
	echo "66%: Checks: 3, Failures: 1, Errors: 0"
	echo "tests/unit/test_bad.c:42:F:core:test_sum:0: Assertion 'sum == 4' failed: sum == 5, 4 == 4"
} >"$work/b/tests/unit/test_bad.log"

trs tests/boot/broken FAIL
{
	echo "run-boot-test: booting x.iso (timeout 60s)"
	echo "run-boot-test: ---- serial console ($work/b/tests/boot/broken.d/serial.log) ----"
	for i in $(seq 1 100); do echo "serial old line $i"; done
	echo "FAIL bootstrap/tests/broken.c:7: CHECK(x == 1) failed"
	echo "gnumach-test-failure"
	echo "run-boot-test: ---- end of serial console ----"
	echo "run-boot-test: FAIL: broken: rejected pattern seen: gnumach-test-failure (3s)"
} >"$work/b/tests/boot/broken.log"

out=$work/out
"$top_srcdir/tests/summary.sh" "$work/b" >"$out" 2>&1
rc=$?

# must REGEX WHY: the summary's output matches REGEX.
must() {
	if ! grep -Eq -- "$1" "$out"; then
		echo "summary-selftest: WRONG: no /$1/ ($2)"
		failures=$((failures + 1))
	fi
}
# mustnot REGEX WHY: the summary's output does not match REGEX.
mustnot() {
	if grep -Eq -- "$1" "$out"; then
		echo "summary-selftest: WRONG: /$1/ printed ($2)"
		failures=$((failures + 1))
	fi
}

[ $rc = 1 ] || {
	echo "summary-selftest: WRONG: exit $rc with failed tests, not 1"
	failures=$((failures + 1))
}
must '^==== FAIL: tests/unit/test_bad ====$' "the unit test's name"
must "Assertion 'sum == 4' failed" "the unit test's reason"
must "^---- full log: $work/b/tests/unit/test_bad.log$" "the unit test's log"
must '^unit old line 63$' "40 lines of the unit test's log"
mustnot '^unit old line 62$' "only 40 lines of the unit test's log"
must '^==== FAIL: tests/boot/broken ====$' "the boot test's name"
must '^run-boot-test: FAIL: broken: rejected pattern seen' "the boot test's verdict"
must '^FAIL bootstrap/tests/broken.c:7: CHECK\(x == 1\) failed$' "the boot test's serial console"
must '^serial old line 63$' "40 lines of the serial console"
mustnot '^serial old line 62$' "only 40 lines of the serial console"
must "^---- full log: $work/b/tests/boot/broken.log \(serial console: $work/b/tests/boot/broken.d/serial.log\)$" "the boot test's logs"
mustnot '==== .*test_good' "a passing test's details"
must '^1 passed, 2 failed, 1 skipped$' "the closing line"
[ "$(tail -n 1 "$out")" = "1 passed, 2 failed, 1 skipped" ] || {
	echo "summary-selftest: WRONG: the closing line is not the last"
	failures=$((failures + 1))
}

rm -f "$work/b/tests/unit/test_bad.trs" "$work/b/tests/boot/broken.trs"
if ! "$top_srcdir/tests/summary.sh" "$work/b" >"$out" 2>&1; then
	echo "summary-selftest: WRONG: exit non-zero with no failed test"
	failures=$((failures + 1))
fi
must '^1 passed, 0 failed, 1 skipped$' "the closing line when all pass"

if [ $failures -gt 0 ]; then
	echo "summary-selftest: $failures wrong; the last output was:"
	sed 's/^/    /' "$out"
	exit 1
fi
echo "summary-selftest: the summary names each failure, its reason and its log"
