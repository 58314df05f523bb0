#!/usr/bin/env bash
# Mach5 build driver: ./build.sh [COMMAND [ARGS]]; ./build.sh help lists the
# commands (the same list as usage() below). No command means `run`.
#
# Builds out of tree in ./build (override with BUILD_DIR=...); with the
# argument ARCH=i386 (anywhere after the command), the 32-bit x86 kernel
# and its tasks in ./build-i386.
set -euo pipefail

top=$(cd "$(dirname "$0")" && pwd)
arch=x86_64
args=()
for a in "$@"; do
	case $a in
	ARCH=x86_64 | ARCH=i386) arch=${a#ARCH=} ;;
	ARCH=*)
		echo "build.sh: unknown $a (ARCH=x86_64 or ARCH=i386)" >&2
		exit 2
		;;
	*) args+=("$a") ;;
	esac
done
set -- ${args[@]+"${args[@]}"}
if [ "$arch" = i386 ]; then
	build=${BUILD_DIR:-$top/build-i386}
else
	build=${BUILD_DIR:-$top/build}
fi
jobs=$(nproc 2>/dev/null || echo 2)

packages=(build-essential autoconf automake libtool pkg-config flex bison check
	qemu-system-x86 grub-pc-bin grub-common xorriso mtools gnumach-dev
	clang libclang-rt-14-dev clang-format gcc-multilib qemu-user
	binutils-i686-gnu)

log() { printf '%s\n' "build.sh: $*" >&2; }

# The QEMU of the architecture (tests/boot/run-boot-test's QEMU).
qemu_system() { if [ "$arch" = i386 ]; then echo qemu-system-i386; else echo qemu-system-x86_64; fi; }

# One line per command.
usage() {
	cat <<'EOT'
usage: ./build.sh [COMMAND]   (no command: run)
  run              install what is missing, build, boot the demo in QEMU
  check            the whole test suite (format, unit, mig, fuzz, boot), in parallel,
                   and beside it the i386 subset of boot tests (./build-i386)
  check-nomach3    build without modules/mach3 (in ./build-nomach3) and boot its test
  build            just build (out of tree, in ./build or $BUILD_DIR)
  ARCH=i386        after run, build, check, bench, stress, fuzz-guest: the 32-bit x86
                   kernel (./build-i386);
                   check then runs the i386 boot tests
  check-all        check, then check ARCH=i386 (both builds; exit status of both),
                   every boot test through GRUB (BOOT_TEST_LOADER=grub)
  debug            boot the demo stopped, QEMU's gdb stub on localhost:$GDB_PORT (1234)
  bench            benchmarks under -icount shift=0 (GNUMACH=path: on GNU Mach too;
                   IPC_BENCH_DIR=dir: the outside ipc_bench's ratio table, x86_64);
                   rpc_rtt at -smp 1 vs -smp 2 (BENCH-SMP); rpc_rtt between
                   two tasks (BENCH-TASKS); 1, 2, 4 RPC pairs at -smp 4,
                   multi-threaded TCG (wall-clock rates)
  profile NAME [SCALE]  one mach-bench operation's instructions per function
  stress           the long stress run and memory pressure, counts checked after each part
                   (SMP=N in the environment: on N processors; also fuzz-guest)
  fuzz [SECONDS]   the hosted libFuzzer IPC target (clang), 60 s by default
  fuzz-guest       millions of random messages from a user task, from a printed seed
  format           clang-format -i the C sources with the checked-in .clang-format
  help             this list (also -h, --help)
EOT
}

# Install the Debian packages that are missing (only those), non-interactively.
ensure_packages() {
	local missing=() p installed
	# One dpkg-query for all ("NAME STATUS" lines; an unknown name has
	# none): the installed ones, between blanks.
	installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
		awk '/ ok installed$/ { printf "%s ", $1 }')"
	for p in "${packages[@]}"; do
		case $installed in *" $p "*) ;; *) missing+=("$p") ;; esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ./configure's script, made from configure.ac when it is missing or older.
autoreconf_once() {
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
		(cd "$top" && autoreconf -fi >/dev/null 2>&1) || (cd "$top" && autoreconf -fi)
	fi
}

# The empty dependency files (.deps/*.Po) of a new build directory.
# config.status makes each by a make recipe of four processes (some 360
# files: seconds of CPU); it leaves those already there alone, so they
# are written here first, without a process each. The list is automake's
# am__depfiles_remade in Makefile.in; without it, config.status makes them.
make_depfiles() { # DIR
	local dir=$1 f files
	files=$(awk '/^am__depfiles_remade = / { on = 1; sub(/^[^=]*=/, "") }
		on { line = $0; sub(/\\$/, "", line); gsub(/\$\(DEPDIR\)/, ".deps", line)
		     n = split(line, w, /[ \t]+/); for (i = 1; i <= n; i++) if (w[i] != "") print w[i]
		     if ($0 !~ /\\$/) exit }' "$top/Makefile.in")
	[ -n "$files" ] || return 0
	(cd "$dir" && printf '%s\n' $files | sed 's|/[^/]*$||' | sort -u | xargs mkdir -p) || return 0
	for f in $files; do
		[ -e "$dir/$f" ] || echo '# dummy' >"$dir/$f"
	done
}

# ./configure in DIR for ARCH, once (a DIR with a Makefile is configured).
configure_dir() { # DIR ARCH
	mkdir -p "$1"
	[ ! -f "$1/Makefile" ] || return 0
	make_depfiles "$1"
	(cd "$1" && "$top/configure" -q ARCH="$2")
}

configure_build() {
	ensure_packages
	autoreconf_once
	configure_dir "$build" "$arch"
	if [ "$arch" = i386 ]; then
		# Only the i386 kernel and its tasks (bootstrap/'s MIG-based
		# tasks are x86_64 only so far).
		make -C "$build" -s --no-print-directory -j"$jobs" i386-all
	else
		make -C "$build" -s --no-print-directory -j"$jobs"
	fi
}

# SMP=N in the environment (stress, fuzz-guest): boot on N processors
# (run-boot-test's BOOT_TEST_SMP; default 2, under single-threaded TCG).
smp_option() {
	[ -n "${SMP:-}" ] || return 0
	case $SMP in
	'' | *[!0-9]* | 0*)
		echo "build.sh: SMP must be a processor count (1 to 16), not '$SMP'" >&2
		exit 2
		;;
	esac
	if [ "$SMP" -gt 16 ]; then
		echo "build.sh: SMP must be a processor count (1 to 16), not '$SMP'" >&2
		exit 2
	fi
	export BOOT_TEST_SMP=$SMP
	log "booting with -smp $SMP"
}

# Quiet make of a few targets: no "is up to date" or directory lines.
make_quiet() {
	make -C "$build" -s --no-print-directory "$@" |
		{ grep -v -e "is up to date\.$" -e "^make.*Nothing to be done" || true; }
	return "${PIPESTATUS[0]}"
}

qemu_base() { # [ACCEL] (default tcg)
	local accel=(-accel "${1:-tcg}") qemu=qemu-system-x86_64
	[ "$arch" = i386 ] && qemu=qemu-system-i386
	echo $qemu -m 256 -nographic -no-reboot -monitor none \
		-serial stdio -boot d -cpu core2duo-v1 -nic none "${accel[@]}" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
}

# Boot a benchmark ISO with the guest clock counting instructions (more
# QEMU options after LOG, e.g. -smp 2).
bench_boot() { # ISO LOG [QEMU-OPTION...]
	local iso=$1 out=$2
	shift 2
	timeout 1200 $(qemu_base) -icount shift=0 "$@" -cdrom "$iso" |
		tee "$out" | grep --line-buffered -E '^(BENCH|bench)'
}

# The kernel lock's cost on one processor (issue 16): mach-bench's rpc_rtt
# alone, under -icount shift=0, at -smp 1 and at -smp 2 (the figure counts
# every processor's instructions; the second one idles). One line:
#   BENCH-SMP rpc_rtt smp1 <instr/RPC> smp2 <instr/RPC> <+x.x%> (limit +10%)
bench_smp_overhead() {
	local boot=$build/mach-bench-rpc.boot n m1 m2
	echo "module bootstrap/bench/mach-bench \${host-port} only=rpc_rtt \$(task-create) \$(task-resume)" >"$boot"
	echo "memory 256" >>"$boot"
	top_builddir=$build GRUB_MKRESCUE=grub-mkrescue \
		"$top/tests/boot/run-boot-test" --make-iso "$build/mach-bench-rpc.iso" \
		"$boot" >/dev/null
	for n in 1 2; do
		bench_boot "$build/mach-bench-rpc.iso" "$build/mach-bench-rpc-smp$n.log" \
			-smp $n >/dev/null
	done
	m1=$(awk '$1 == "BENCH" && $2 == "rpc_rtt" {print $4}' "$build/mach-bench-rpc-smp1.log")
	m2=$(awk '$1 == "BENCH" && $2 == "rpc_rtt" {print $4}' "$build/mach-bench-rpc-smp2.log")
	if [ -z "$m1" ] || [ -z "$m2" ]; then
		log "rpc_rtt at -smp 1 and 2: no figure (logs: $build/mach-bench-rpc-smp*.log)"
		return 1
	fi
	echo
	awk -v a="$m1" -v b="$m2" 'BEGIN {
		printf "BENCH-SMP rpc_rtt smp1 %d smp2 %d %+.1f%% (limit +10%%)\n",
			a, b, (b - a) * 100 / a }'
}

bench_table() { # LOG
	printf '\n%-28s %10s %12s %12s\n' benchmark iterations median min
	awk '/^BENCH /{printf "%-28s %10s %12s %12s\n", $2, $3, $4, $5}' "$1"
}

# IPC scaling over processors (issue 16; bootstrap/bench/smp_scale.c):
# 1, 2 and 4 client/server pairs of tasks at -smp 4 under QEMU's
# multi-threaded TCG, without -icount: round trips per second of wall
# time (the guest clock is the host's), so the figures depend on the
# host's cores and load.
bench_smp_scale() {
	make_quiet bootstrap/bench/smp-scale
	top_builddir=$build GRUB_MKRESCUE=grub-mkrescue \
		"$top/tests/boot/run-boot-test" --make-iso "$build/smp-scale.iso" \
		"$top/bootstrap/bench/smp-scale.boot" >/dev/null
	timeout 600 $(qemu_base tcg,thread=multi) -smp 4 \
		-cdrom "$build/smp-scale.iso" >"$build/smp-scale.log" || true
	if ! grep -q '^SCALE-DONE' "$build/smp-scale.log"; then
		log "smp-scale did not finish (log: $build/smp-scale.log)"
		return 1
	fi
	printf '\n%-10s %14s %10s   %s\n' pairs "round trips/s" "vs 1 pair" \
		"(-smp 4, multi-threaded TCG, $(nproc) host cores)"
	tr -d '\r' <"$build/smp-scale.log" | awk '$1 == "SCALE" {
		split($2, n, "="); split($3, r, "="); split($4, x, "=")
		printf "%-10s %14s %10s\n", n[2], r[2], x[2] }'
}

# A null RPC between two tasks (a Hurd server's usual case; mach-bench's
# rpc_rtt is between two threads of one task): smp-scale's one pair under
# -icount shift=0 at -smp 1, where a guest second is 10^9 instructions,
# so its round trips per second give the instructions a round trip
# (timer ticks included). One line:
#   BENCH-TASKS rpc_rtt <instr/RPC> (two tasks, -icount, -smp 1)
bench_task_rtt() {
	local boot=$build/smp-scale-icount.boot rate
	make_quiet bootstrap/bench/smp-scale
	echo "module bootstrap/bench/smp-scale \${host-port} window=200 pairs=1 \$(task-create) \$(task-resume)" >"$boot"
	echo "memory 256" >>"$boot"
	top_builddir=$build GRUB_MKRESCUE=grub-mkrescue \
		"$top/tests/boot/run-boot-test" --make-iso "$build/smp-scale-icount.iso" \
		"$boot" >/dev/null
	bench_boot "$build/smp-scale-icount.iso" "$build/smp-scale-icount.log" \
		>/dev/null || true # it prints SCALE lines, no BENCH line
	rate=$(tr -d '\r' <"$build/smp-scale-icount.log" |
		awk '$1 == "SCALE" {split($3, r, "="); print r[2]}')
	if [ -z "$rate" ] || [ "$rate" -eq 0 ]; then
		log "rpc_rtt between two tasks: no figure (log: $build/smp-scale-icount.log)"
		return 1
	fi
	echo
	awk -v r="$rate" 'BEGIN {
		printf "BENCH-TASKS rpc_rtt %d (two tasks, -icount, -smp 1)\n", 1e9 / r }'
}

# Medians side by side, and Mach5's as a fraction of GNU Mach's.
bench_compare() { # MACH5-LOG GNUMACH-LOG
	printf '\n%-28s %12s %12s %8s\n' benchmark mach5 gnumach ratio
	awk 'FNR == NR && /^BENCH /{g[$2] = $4; next}
	     /^BENCH /{r = ($2 in g && g[$2] > 0) ? sprintf("%.2f", $4 / g[$2]) : "-";
		printf "%-28s %12s %12s %8s\n", $2, $4, ($2 in g) ? g[$2] : "-", r}' \
		"$2" "$1"
}

# The full check: the x86_64 suite (in $build) and the i386 subset (in
# ./build-i386) side by side, in one pool of make jobs (as many as
# cores): both directories configured at once, then each built and
# tested, so that neither part waits for the other and no core idles
# while one of them still has work. One summary for each. Never returns.
check_both() {
	local i386_build=$top/build-i386 rc=0 p1 p2 mk d
	log "the x86_64 suite ($build) and the i386 subset (./build-i386), side by side"
	ensure_packages
	autoreconf_once
	configure_dir "$build" x86_64 &
	p1=$!
	configure_dir "$i386_build" i386 &
	p2=$!
	wait $p1 || exit 1
	wait $p2 || exit 1
	for d in "$build" "$i386_build"; do
		find "$d" \( -name '*.trs' -o -name 'test-suite.log' \) -delete
		touch "$d/.check-start"
	done
	mk=$build/check-both.mk
	cat >"$mk" <<EOF
# Written by ./build.sh check: both parts of the full check, one job pool.
M = \$(MAKE) -s --no-print-directory
all: x86_64 i386
x86_64: ; +\$(M) -C '$build' check
i386: ; +\$(M) -C '$i386_build' check-i386 I386_TESTS='\$\$(i386_quick_boot_tests)'
.PHONY: all x86_64 i386
EOF
	# One job more than cores: a core whose job waits (on the disk, on a
	# QEMU's start-up) or that other work shares still has one to run.
	make -k -j"$((jobs + 1))" -s --no-print-directory -f "$mk" || rc=1
	"$top/tests/summary.sh" "$build" "$build/.check-start" || rc=1
	echo "i386 (./build-i386):"
	"$top/tests/summary.sh" "$i386_build" "$i386_build/.check-start" || rc=1
	exit $rc
}

cmd=${1:-run}
shift || true
case "$cmd" in
help | -h | --help)
	usage
	exit 0
	;;
build)
	configure_build
	;;
run)
	configure_build
	iso=demo.iso
	[ "$arch" = i386 ] && iso=i386-demo.iso
	make_quiet $iso
	log "booting the demo (serial console below; QEMU exits when the demo halts)"
	exec $(qemu_base) -cdrom "$build/$iso"
	;;
debug)
	configure_build
	make_quiet demo.iso
	port=${GDB_PORT:-1234}
	case $port in '' | *[!0-9]*)
		echo "build.sh: GDB_PORT must be a TCP port number, not '$port'" >&2
		exit 2
		;;
	esac
	log "QEMU waits for gdb on localhost:$port (this machine only); in another shell:"
	log "  gdb $build/mach5 -ex 'target remote localhost:$port'"
	log "  (gdb) add-symbol-file $build/bootstrap/hello/hello   # a bootstrap task"
	exec $(qemu_base) -gdb "tcp:127.0.0.1:$port" -S -cdrom "$build/demo.iso"
	;;
check)
	# Every test, make -j (core count) running them side by side. A full
	# run (no arguments) first drops the results of earlier runs, so the
	# summary and the logs under build/ are this run's until the next.
	# A full run also builds the i386 kernel (./build-i386) and boots
	# the i386 subset (i386/Makefrag.am, i386_quick_boot_tests), side by
	# side with the x86_64 suite (check_both); every i386 boot test is
	# in check-all. CHECK_I386=0 leaves it out.
	if [ $# -eq 0 ] && [ "$arch" = x86_64 ] && [ "${CHECK_I386:-1}" != 0 ]; then
		check_both
	fi
	configure_build
	[ $# -gt 0 ] || find "$build" \( -name '*.trs' -o -name 'test-suite.log' \) -delete
	touch "$build/.check-start"
	rc=0
	if [ "$arch" = i386 ]; then
		make -C "$build" -s --no-print-directory -j"$jobs" check-i386 "$@" || rc=$?
	else
		make -C "$build" -s --no-print-directory -j"$jobs" check "$@" || rc=$?
	fi
	"$top/tests/summary.sh" "$build" "$build/.check-start" || rc=$?
	exit $rc
	;;
check-nomach3)
	# ./configure --disable-mach3 in its own build directory: the kernel
	# without modules/mach3 boots, serves the test module and answers
	# MIG_BAD_ID for mach_port (tests/boot/nomach3.boot).
	configure_build
	nb=${NOMACH3_BUILD_DIR:-$top/build-nomach3}
	mkdir -p "$nb"
	[ -f "$nb/Makefile" ] || (cd "$nb" && "$top/configure" -q --disable-mach3)
	make -C "$nb" -s --no-print-directory -j"$jobs"
	make -C "$nb" -s --no-print-directory bootstrap/tests/nomach3/nomach3
	if nm "$nb/mach5" | grep -q -e ' S_mach_port_allocate$' -e ' mach_server$'; then
		log "build-nomach3/mach5 still has the mach3 module"
		exit 1
	fi
	top_builddir=$nb GRUB_MKRESCUE=grub-mkrescue QEMU=qemu-system-x86_64 \
		exec "$top/tests/boot/run-boot-test" "$top/tests/boot/nomach3.boot"
	;;
check-all)
	# Both architectures, each in its default build directory: the
	# x86_64 suite (hosted tests included), then the i386 boot tests.
	# Every boot test through GRUB (run-boot-test's loader; check
	# boots most directly): BOOT_TEST_LOADER=direct for QEMU's loader.
	export BOOT_TEST_LOADER=${BOOT_TEST_LOADER:-grub}
	rc=0
	CHECK_I386=0 env -u BUILD_DIR "$0" check "$@" || rc=$?
	env -u BUILD_DIR "$0" check ARCH=i386 || rc=$?
	exit $rc
	;;
bench)
	# Every benchmark task under -icount shift=0: figures are guest
	# instructions and repeat exactly. With GNUMACH=path/to/gnumach the
	# same binaries also boot on that kernel, and the table shows both.
	configure_build
	make_quiet bench.iso
	log "booting the benchmarks under -icount shift=0 (figures are guest instructions)"
	bench_boot "$build/bench.iso" "$build/bench.log"
	if [ -n "${GNUMACH:-}" ]; then
		other="$build/bench-gnumach.boot"
		{ echo "kernel $(readlink -f "$GNUMACH")"
		  cat "$top/bootstrap/bench/bench.boot"; } >"$other"
		top_builddir=$build GRUB_MKRESCUE=grub-mkrescue \
			"$top/tests/boot/run-boot-test" --make-iso \
			"$build/bench-gnumach.iso" "$other" >/dev/null
		log "booting the same benchmarks on $GNUMACH"
		bench_boot "$build/bench-gnumach.iso" "$build/bench-gnumach.log" || true
		bench_compare "$build/bench.log" "$build/bench-gnumach.log"
	else
		bench_table "$build/bench.log"
	fi
	grep -q 'gnumach-test-success' "$build/bench.log"
	# The nine operations of the outside ipc_bench binary, measured here
	# by mach-bench the way that binary measures them.
	make_quiet bootstrap/bench/mach-bench
	top_builddir=$build GRUB_MKRESCUE=grub-mkrescue \
		"$top/tests/boot/run-boot-test" --make-iso "$build/mach-bench.iso" \
		"$top/bootstrap/bench/mach-bench.boot" >/dev/null
	log "booting mach-bench (the outside ipc_bench's operations)"
	bench_boot "$build/mach-bench.iso" "$build/mach-bench.log" >/dev/null
	printf '\n%-28s %10s %12s %12s\n' operation iterations median min
	awk '/^BENCH /{printf "%-28s %10s %12s %12s\n", $2, $3, $4, $5}' \
		"$build/mach-bench.log"
	log "rpc_rtt alone at -smp 1 and -smp 2 (instructions per RPC, every processor's)"
	bench_smp_overhead
	log "rpc_rtt between two tasks (smp-scale's pair under -icount)"
	bench_task_rtt
	log "smp-scale: 1, 2, 4 client/server pairs, wall-clock rates (no -icount)"
	bench_smp_scale
	# The outside binary itself, with GNU Mach 1.8's figures, when a
	# checkout of the company's shared/bench sits beside this one (or
	# IPC_BENCH_DIR names it).
	outside=${IPC_BENCH_DIR:-$top/../shared/bench}
	if [ "$arch" = i386 ]; then
		log "the outside ipc_bench is an x86_64 program: not booted on the i386 kernel"
		log "(mach-bench above measures its nine operations on i386)"
	elif [ -x "$outside/run.sh" ] && [ -f "$outside/ipc_bench" ]; then
		log "booting the outside ipc_bench ($outside) on Mach5"
		echo
		"$outside/run.sh" "$build/mach5" "$build/ipc_bench.log"
	fi
	;;
profile)
	# Where one benchmark's guest instructions go, per function
	# (bootstrap/bench/profile): ./build.sh profile rpc_rtt
	configure_build
	make_quiet mach5 bootstrap/bench/mach-bench
	exec "$top/bootstrap/bench/profile" "$build" "${1:?usage: $0 profile NAME [SCALE]}" "${2:-5}"
	;;
stress)
	# The long stress run: every stress task at scale 20, object counts
	# checked back to baseline after each, then five rounds of memory
	# pressure with the default pager in 32 MiB (bootstrap/stress/).
	configure_build
	make_quiet mach5 bootstrap/stress/stress bootstrap/stress/stress-server \
		bootstrap/pager/default-pager
	smp_option
	status=0
	for boot in stress stress-pressure-long; do
		top_builddir=$build BOOT_TEST_TIMEOUT=${BOOT_TEST_TIMEOUT:-1800} \
			QEMU=$(qemu_system) \
			"$top/tests/boot/run-boot-test" "$top/bootstrap/stress/$boot.boot" |
			grep -E '^(STRESS|stress|cpus: [0-9]+ of|run-boot-test: (PASS|FAIL|TIMEOUT))'
		[ "${PIPESTATUS[0]}" = 0 ] || status=1
	done
	exit "$status"
	;;
format)
	# clang-format -i with the checked-in .clang-format, on the C sources
	# (generated files live in the build directory, not here; the
	# checked-in outputs of GNU MIG stay as it wrote them, as in
	# tests/format.sh).
	cd "$top" && git ls-files --cached --others --exclude-standard '*.c' '*.h' |
		grep -v -e '^tests/mig/expected/' -e '^tests/boot/i386/gnu/stubs/' |
		xargs clang-format -i
	;;
fuzz)
	configure_build
	cd "$build" && exec "$top/tests/fuzz/run-fuzz" "${1:-60}"
	;;
fuzz-guest)
	configure_build
	make_quiet bootstrap/fuzz/fuzz
	smp_option
	top_builddir=$build BOOT_TEST_TIMEOUT=${BOOT_TEST_TIMEOUT:-3600} \
		QEMU=$(qemu_system) \
		exec "$top/tests/boot/run-boot-test" "$top/bootstrap/fuzz/fuzz.boot"
	;;
*)
	echo "build.sh: unknown command $cmd (./build.sh help lists the commands)" >&2
	exit 2
	;;
esac
