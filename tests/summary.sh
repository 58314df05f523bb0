#!/usr/bin/env bash
# Print what `make check` ran: Check's summary line of every unit test and
# each test's result; then, for each test that did not pass, its name, why
# (the last 40 lines of its own log: the serial console of a boot test,
# Check's output of a unit test) and the path of its full log; and last one
# line "N passed, N failed, N skipped".
# Exits non-zero if any test failed or errored.
#
#   summary.sh [BUILD-DIR [STAMP]]   with STAMP, only the tests whose
#                                    result is newer than that file (the
#                                    tests of this run)
build=${1:-build}
since=${2:-}
tail_lines=${SUMMARY_TAIL_LINES:-40}
pass=0 fail=0 skip=0
failed=()
while IFS= read -r trs; do
	log=${trs%.trs}.log
	name=${trs#"$build"/}
	name=${name%.trs}
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	checkline=$(grep -E '^[0-9]+%: Checks: ' "$log" 2>/dev/null | tail -n 1 || true)
	case "$res" in
	PASS | XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*)
		fail=$((fail + 1))
		failed+=("$trs")
		;;
	esac
	printf '%-5s %s%s\n' "$res" "$name" "${checkline:+  [$checkline]}"
done < <(find "$build" -name '*.trs' ${since:+-newer "$since"} | sort)

# why_failed TRS: the reason of one failed test, from its own logs.
why_failed() {
	local trs=$1 log name res serial
	log=${trs%.trs}.log
	name=${trs#"$build"/}
	name=${name%.trs}
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	echo
	echo "==== $res: $name ===="
	if grep -q '^run-boot-test: ---- serial console' "$log" 2>/dev/null; then
		# A boot test: the runner's verdict, then the end of the serial
		# console (as the runner printed it, without terminal escapes).
		grep -aE '^run-boot-test: (PASS|FAIL|TIMEOUT|ERROR)' "$log" | tail -n 1
		serial=$(sed -n 's/^run-boot-test: ---- serial console (\(.*\)) ----$/\1/p' "$log" | tail -n 1)
		echo "---- last $tail_lines lines of the serial console ----"
		sed -n '/^run-boot-test: ---- serial console/,/^run-boot-test: ---- end of serial console/p' "$log" |
			sed '1d;$d' | tail -n "$tail_lines"
		echo "---- full log: $log${serial:+ (serial console: $serial)}"
	else
		echo "---- last $tail_lines lines of its log ----"
		tail -n "$tail_lines" "$log" 2>/dev/null || echo "(no log: $log)"
		echo "---- full log: $log"
	fi
}

for trs in "${failed[@]}"; do
	why_failed "$trs"
done
[ "$fail" -eq 0 ] || echo
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
