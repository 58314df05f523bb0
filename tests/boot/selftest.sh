#!/usr/bin/env bash
# selftest.sh - checks that run-boot-test reports each kind of outcome
# correctly, so a broken test can never look like a passing one.
#
# Part 1 boots a stand-in multiboot kernel (tests/boot/fakekernel) told by
# its command line to pass, fail, panic, triple-fault, reset silently,
# print a fault line, or hang, and checks the runner's exit status for each.
# Part 2 runs broken-control.bootctl on the real kernel: it expects success
# from the user-fault task, which cannot succeed; the runner must say FAIL.
#
# Exit: 0 all as expected, 1 a verdict was wrong, 77 QEMU or grub-mkrescue
# missing, 99 setup error.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
export top_srcdir top_builddir
runner=$top_srcdir/tests/boot/run-boot-test
work=$top_builddir/tests/boot/selftest.d
failures=0

rm -rf "$work" && mkdir -p "$work" || exit 99
[ -f "$top_builddir/tests/boot/fakekernel" ] || {
	echo "selftest: tests/boot/fakekernel not built"
	exit 99
}

# fake_boot NAME FAKE-MODE BODY: write $work/NAME.boot booting the fake
# kernel in FAKE-MODE with one module; BODY holds the expectation lines.
fake_boot() {
	cat >"$work/$1.boot" <<EOT
kernel tests/boot/fakekernel
cmdline fake=$2
module tests/boot/fakekernel \${host-port} \${device-port} \$(task-create) \$(task-resume)
$3
EOT
}

# expect_rc WANT FILE [WHY-REGEX]: run the runner on FILE; its exit status
# must be WANT and, if given, its output must match WHY-REGEX.
expect_rc() {
	local want=$1 file=$2 why=${3:-} out rc start=$SECONDS
	out=$work/$(basename "$file").out
	"$runner" "$file" >"$out" 2>&1
	rc=$?
	if [ $rc = 77 ]; then
		cat "$out"
		echo "selftest: SKIP (the runner skipped: QEMU or grub-mkrescue missing)"
		exit 77
	fi
	if [ $rc != "$want" ] || { [ -n "$why" ] && ! grep -Eq -- "$why" "$out"; }; then
		echo "selftest: WRONG: $(basename "$file"): exit $rc, wanted $want${why:+ with /$why/}"
		sed 's/^/    /' "$out"
		failures=$((failures + 1))
	else
		echo "selftest: ok: $(basename "$file"): exit $rc in $((SECONDS - start))s: $(tail -n 1 "$out")"
	fi
}

# ---- Part 1: the fake kernel ------------------------------------------------

fake_boot selftest-pass pass 'expect success
expect-re fake-kernel: module fakekernel \$\{host-port\} \$\{device-port\} \$\(task-create\) \$\(task-resume\)'
fake_boot selftest-fail fail 'expect success'
fake_boot selftest-panic panic 'expect success'
fake_boot selftest-triple triple 'expect success'
fake_boot selftest-reset reset 'expect success'
fake_boot selftest-fault fault 'expect-re task user-fault: exception 1 code 0x1 subcode 0x10.*task terminated'
fake_boot selftest-fault-as-success fault 'expect success'
fake_boot selftest-rejected pass 'expect success
reject-re fake-kernel: cmdline'
fake_boot selftest-hang hang 'expect success
timeout 5'
fake_boot selftest-bad-tcg pass 'expect success
tcg both'
fake_boot selftest-grub pass 'loader grub
expect success
expect-re fake-kernel: cmdline console=com0 fake=pass$
expect-re fake-kernel: module fakekernel \$\{host-port\} \$\{device-port\} \$\(task-create\) \$\(task-resume\)'
fake_boot selftest-bad-loader pass 'expect success
loader pxe'
fake_boot selftest-grub-line-direct pass 'expect success
loader direct
grub module /boot/fakekernel fakekernel'

expect_rc 0 "$work/selftest-pass.boot" 'QEMU exited with status 0'
expect_rc 1 "$work/selftest-fail.boot" 'rejected pattern seen: gnumach-test-failure'
expect_rc 1 "$work/selftest-panic.boot" 'rejected pattern seen'
expect_rc 1 "$work/selftest-triple.boot" 'triple fault|QEMU exited'
expect_rc 1 "$work/selftest-reset.boot" 'QEMU exited .*before the expected output'
expect_rc 0 "$work/selftest-fault.boot" 'all expectations met'
expect_rc 1 "$work/selftest-fault-as-success.boot" 'rejected pattern seen: : exception'
expect_rc 1 "$work/selftest-rejected.boot" 'rejected pattern seen: fake-kernel: cmdline'
expect_rc 99 "$work/selftest-hang.boot" 'TIMEOUT'
expect_rc 99 "$work/selftest-bad-tcg.boot" 'tcg must be single or multi'
# The two loaders (run-boot-test's loader line, BOOT_TEST_LOADER): the
# same module strings (the fake kernel prints GRUB's command line as it
# came; QEMU's starts with the kernel's file name, which Mach5 drops).
expect_rc 0 "$work/selftest-pass.boot" "QEMU's multiboot loader"
expect_rc 0 "$work/selftest-grub.boot" 'booting .* through GRUB'
BOOT_TEST_LOADER=grub expect_rc 0 "$work/selftest-pass.boot" 'booting .* through GRUB'
expect_rc 99 "$work/selftest-bad-loader.boot" 'loader must be grub or direct'
expect_rc 99 "$work/selftest-grub-line-direct.boot" 'a grub line needs loader grub'
if QEMU=no "$runner" "$work/selftest-pass.boot" >"$work/noqemu.out" 2>&1; then
	echo "selftest: WRONG: QEMU=no did not skip"
	failures=$((failures + 1))
elif [ $? != 77 ]; then
	echo "selftest: WRONG: QEMU=no: exit status is not 77"
	failures=$((failures + 1))
else
	echo "selftest: ok: QEMU=no skips (77)"
fi
if "$runner" --make-iso "$work/made.iso" "$work/selftest-pass.boot" >"$work/made.out" 2>&1 &&
	[ -s "$work/made.iso" ]; then
	echo "selftest: ok: --make-iso built made.iso"
else
	echo "selftest: WRONG: --make-iso failed"
	cat "$work/made.out"
	failures=$((failures + 1))
fi

# ---- Part 2: the real kernel runs a test that must fail -------------------

if [ -f "$top_builddir/mach5" ]; then
	expect_rc 1 "$top_srcdir/tests/boot/broken-control.bootctl" \
		'FAIL: broken-control'
else
	echo "selftest: NOTE: $top_builddir/mach5 not built; real-kernel control not run"
fi

# The runner keeps the ISO of a failed run for debugging; these fail on
# purpose, so drop them (10 MB each).
rm -f "$work/made.iso" "$top_builddir"/tests/boot/selftest-*.d/*.iso \
	"$top_builddir"/tests/boot/broken-control.d/*.iso

echo "selftest: $failures wrong verdict(s)"
[ $failures = 0 ]
