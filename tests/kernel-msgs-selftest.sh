#!/usr/bin/env bash
# kernel-msgs-selftest.sh - checks tests/kernel-msgs.sh on made-up trees:
# one without hand-made messages passes; a descriptor template (as
# ipc/notify.c had), a message struct with a descriptor member, and a
# header given a constant id each fail with the file and line named; the
# one runtime exception stays allowed only where it is.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/kernel-msgs-selftest.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failures=0

good_tree() {
	rm -rf "$work/t" && mkdir -p "$work/t"/{base,vm,ipc,kern,modules} || exit 99
	cat >"$work/t/ipc/kobject.c" <<'EOT'
static const mach_msg_type_t retcode_type = {
size_t n = sizeof(mach_msg_type_t);
EOT
	cat >"$work/t/ipc/kmsg.c" <<'EOT'
mach_msg_type_t *desc = (mach_msg_type_t *)(body + off);
kmsg->hdr.id = request->hdr.id + 100;
EOT
}

check() { "$top_srcdir/tests/kernel-msgs.sh" "$work/t" 2>&1; }
expect_pass() {
	if ! out=$(check); then
		echo "FAIL: $1: refused:"
		echo "$out"
		failures=$((failures + 1))
	fi
}
expect_fail() { # NAME FILE:LINE
	out=$(check)
	rc=$?
	if [ $rc -ne 1 ] || ! grep -q "^$2:" <<<"$out"; then
		echo "FAIL: $1: exit $rc, $2 not named:"
		echo "$out"
		failures=$((failures + 1))
	fi
}

good_tree
expect_pass "no hand-made message"

good_tree
printf '#include <ipc/kmsg.h>\nstatic const mach_msg_type_t notify_name_type = {\n' \
	>"$work/t/ipc/notify.c"
expect_fail "a descriptor template" ipc/notify.c:2

good_tree
printf 'struct mo_init_msg {\n\tmach_msg_header_t h;\n\tmach_msg_type_t t;\n' \
	>"$work/t/kern/memory_object.c"
expect_fail "a message struct" kern/memory_object.c:3

good_tree
printf 'void f(struct ipc_kmsg *k)\n{\n\tk->hdr.id = MACH_NOTIFY_SEND_ONCE;\n' \
	>"$work/t/ipc/notify.c"
expect_fail "a constant message id" ipc/notify.c:3

good_tree
printf 'static const mach_msg_type_t retcode_type = {\n' >"$work/t/kern/exception.c"
expect_fail "the runtime's exception elsewhere" kern/exception.c:1

if ! out=$("$top_srcdir/tests/kernel-msgs.sh" "$top_srcdir" 2>&1); then
	echo "FAIL: the source tree: $out"
	failures=$((failures + 1))
fi

if [ $failures -ne 0 ]; then
	echo "kernel-msgs-selftest: $failures failure(s)"
	exit 1
fi
echo "kernel-msgs-selftest: the checker passes a clean tree and names each of 4 hand-made messages"
exit 0
