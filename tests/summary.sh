#!/usr/bin/env bash
# Print what `make check` ran: Check's summary line of every unit test, each
# test's result, and one closing "N passed, N failed, N skipped" line.
# Exits non-zero if any test failed or errored.
build=${1:-build}
pass=0 fail=0 skip=0
while IFS= read -r trs; do
	log=${trs%.trs}.log
	name=${trs#"$build"/}
	name=${name%.trs}
	res=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
	checkline=$(grep -E '^[0-9]+%: Checks: ' "$log" 2>/dev/null | tail -n 1 || true)
	case "$res" in
	PASS | XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	printf '%-5s %s%s\n' "$res" "$name" "${checkline:+  [$checkline]}"
done < <(find "$build" -name '*.trs' | sort)
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
