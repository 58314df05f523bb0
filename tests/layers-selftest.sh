#!/usr/bin/env bash
# layers-selftest.sh - checks tests/layers.sh on made-up trees: one in
# order passes; each of an upward include (base/ including kern/, vm/
# including ipc/ as a quoted include, ipc/ including a module's generated
# header), generic code reaching the arch (<machine/...> outside
# base/arch.h, x86_64/ named) and the arch reaching above base/ fails,
# with the offending file and line named.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d "${TMPDIR:-/tmp}/layers-selftest.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
failures=0

# A small tree in order.
good_tree() {
	rm -rf "$work/t" && mkdir -p "$work/t"/{base,vm,ipc,kern,modules/mach3,x86_64,lib} || exit 99
	cd "$work/t" || exit 99
	printf '#include <machine/arch.h>\n' >base/arch.h
	printf '#include <stdint.h>\n#include <base/arch.h>\n#include <lib/format.h>\n' >base/kmem.c
	printf '#include <base/kmem.h>\n#include <mach/message.h>\n' >vm/vm_map.c
	printf '#include <vm/vm_map.h>\n#include "port.h"\n#include <base/list.h>\n' >ipc/port.c
	printf '#include <ipc/port.h>\n#include <kern/gen/excUser.h>\n' >kern/task.c
	printf '#include <kern/task.h>\n#include <modules/gen/machServer.h>\n  #  include <ipc/port.h>\n' >modules/mach3/task_server.c
	printf '#include <base/arch_callbacks.h>\n#include <machine/trap.h>\n#include "x86.h"\n' >x86_64/trap.c
	cd - >/dev/null || exit 99
}

# expect_pass / expect_fail NAME: run the checker on the tree.
expect_pass() {
	if ! out=$("$top_srcdir/tests/layers.sh" "$work/t" 2>&1); then
		echo "FAIL: $1: the checker refused a tree in order:"
		echo "$out"
		failures=$((failures + 1))
	fi
}
expect_fail() { # NAME FILE:LINE
	out=$("$top_srcdir/tests/layers.sh" "$work/t" 2>&1)
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL: $1: exit $rc, not 1:"
		echo "$out"
		failures=$((failures + 1))
	elif ! grep -q "^$2: " <<<"$out"; then
		echo "FAIL: $1: $2 not named:"
		echo "$out"
		failures=$((failures + 1))
	fi
}

good_tree
expect_pass "in order"

good_tree
printf '#include <base/list.h>\n#include <kern/task.h>\n' >"$work/t/base/thread.c"
expect_fail "base includes kern" base/thread.c:2

good_tree
printf '#include "ipc/port.h"\n' >"$work/t/vm/vm_object.c"
expect_fail "vm includes ipc (quoted)" vm/vm_object.c:1

good_tree
printf '#include <ipc/kmsg.h>\n#include <modules/mach3/mach_port.h>\n' >"$work/t/ipc/kobject.c"
expect_fail "ipc includes a module" ipc/kobject.c:2

good_tree
printf '#include <modules/gen/machServer.h>\n' >"$work/t/kern/host.c"
expect_fail "kern includes modules/gen" kern/host.c:1

good_tree
printf '#include <machine/arch.h>\n' >"$work/t/ipc/space.c"
expect_fail "generic code includes <machine/...>" ipc/space.c:1

good_tree
printf '#include <x86_64/x86.h>\n' >"$work/t/base/sched.c"
expect_fail "generic code names x86_64/" base/sched.c:1

good_tree
printf '#include <base/thread.h>\n#include <vm/vm_fault.h>\n' >"$work/t/x86_64/trap.c"
expect_fail "the arch includes vm" x86_64/trap.c:2

good_tree
printf '#include <kern/syscall.h>\n' >"$work/t/x86_64/syscall.c"
expect_fail "the arch includes kern" x86_64/syscall.c:1

# The real tree is in order too (also its own test, tests/layers.sh).
if ! out=$("$top_srcdir/tests/layers.sh" "$top_srcdir" 2>&1); then
	echo "FAIL: the source tree: $out"
	failures=$((failures + 1))
fi

if [ $failures -ne 0 ]; then
	echo "layers-selftest: $failures failure(s)"
	exit 1
fi
echo "layers-selftest: the checker passes a tree in order and names each of 8 upward includes"
exit 0
