# tests/mig/common.sh - sourced by the mig shell tests.
: "${top_srcdir:?}" "${top_builddir:?}"
MIG="$top_builddir/mig/mig"
CC=${CC:-gcc}
DEFS="$top_srcdir/defs"
INC="$top_srcdir/include"
DEBIAN=/usr/include/x86_64-linux-gnu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/migtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

say() { printf '%s\n' "$*"; }
bad() { say "FAIL: $*"; fail=1; }

# gen TARGET DEFS_INCDIR FILE.defs BASE: user, server and headers in $tmp.
gen() {
	"$MIG" -target "$1" -q -I"$2" -n -user "$tmp/$4User.c" \
		-server "$tmp/$4Server.c" -header "$tmp/$4.h" \
		-sheader "$tmp/$4Server.h" "$3"
}

# compile FILE [extra flags]: -Wall -Werror against Mach5's headers only.
compile() {
	f=$1
	shift
	"$CC" -std=gnu11 -Wall -Werror -fsyntax-only -I"$tmp" -I"$INC" "$@" "$f"
}

# The Debian mach headers must never be the ones used.
only_mach5_headers() {
	if "$CC" -std=gnu11 -M -I"$tmp" -I"$INC" "$@" 2>/dev/null |
		tr ' \\' '\n\n' | grep -q "^$DEBIAN/\(mach\|device\|mach_debug\)"; then
		return 1
	fi
	return 0
}

# only_mach5_deps DEPFILE: the same, from the dependency file a compile
# wrote (compile FILE -MD -MF DEPFILE: the headers -M lists), without
# preprocessing again.
only_mach5_deps() {
	if tr ' \\' '\n\n' <"$1" |
		grep -q "^$DEBIAN/\(mach\|device\|mach_debug\)"; then
		return 1
	fi
	return 0
}

# size_of FILE ROUTINE Request|Reply: the size the stub asserts.
size_of() {
	awk -v r="$2" '$0 ~ "^/\\* (Simple)?Routine " r " \\*/" { on = 1 }
		on && /^}/ { exit }
		on { print }' "$1" |
		sed -n "s/.*_Static_assert(sizeof($3) == \([0-9]*\).*/\1/p" | head -1
}
