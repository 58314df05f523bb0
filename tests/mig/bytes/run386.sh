# tests/mig/bytes/run386.sh - sourced: how this host runs a static 32-bit
# x86 program (the byte differential's i386 programs).
# run386_find CC DIR: sets HD_RUN to "" (the host runs it) or qemu-i386
# (package qemu-user), or returns 1 with the reason in RUN386_WHY. DIR: a
# scratch directory.
run386_find() {
	printf 'int main(void) { return 0; }\n' >"$2/run386.c"
	HD_RUN=
	if ! $1 -m32 -static -o "$2/run386" "$2/run386.c" 2>/dev/null; then
		RUN386_WHY="$1 -m32 -static links nothing (gcc-multilib)"
		return 1
	fi
	if "$2/run386" 2>/dev/null; then
		return 0
	fi
	if command -v qemu-i386 >/dev/null 2>&1 &&
		qemu-i386 "$2/run386" 2>/dev/null; then
		HD_RUN=qemu-i386
		return 0
	fi
	RUN386_WHY="the host runs no 32-bit x86 program, natively or with"
	RUN386_WHY="$RUN386_WHY qemu-i386 (package qemu-user)"
	return 1
}
