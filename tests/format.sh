#!/usr/bin/env bash
# format.sh - every C source and header of the repository is formatted as
# the checked-in .clang-format says (`./build.sh format` fixes them).
#
# The files are git's (tests/mig/expected/ and tests/boot/i386/gnu/stubs/
# hold generator output, kept as generated); outside a git checkout, every *.c and *.h of the tree.
# Exit: 0 all formatted, 1 some are not (listed, with the first lines of
# the change clang-format wants), 77 clang-format missing.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CLANG_FORMAT=${CLANG_FORMAT:-clang-format}

command -v "$CLANG_FORMAT" >/dev/null 2>&1 || {
	echo "format: SKIP: $CLANG_FORMAT not found (./build.sh installs it)"
	exit 77
}
cd "$top_srcdir" || exit 99
[ -f .clang-format ] || {
	echo "format: no .clang-format in $top_srcdir"
	exit 99
}

list_sources() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		# New files too, before they are added (not the ignored ones).
		git ls-files --cached --others --exclude-standard -- '*.c' '*.h'
	else
		find . -path ./build -prune -o \( -name '*.c' -o -name '*.h' \) -print |
			sed 's|^\./||'
	fi | grep -v -e '^tests/mig/expected/' -e '^tests/boot/i386/gnu/stubs/'
}

mapfile -t files < <(list_sources)
out=$(mktemp) || exit 99
trap 'rm -f "$out"' EXIT
# One clang-format for all files: it names each unformatted one.
if "$CLANG_FORMAT" --style=file --dry-run -Werror "${files[@]}" 2>"$out"; then
	echo "format: ${#files[@]} files formatted ($("$CLANG_FORMAT" --version))"
	exit 0
fi
mapfile -t bad < <(sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' "$out" | sort -u)
[ ${#bad[@]} -gt 0 ] || {
	cat "$out"
	exit 99
}
for f in "${bad[@]}"; do
	echo "format: not formatted: $f"
	"$CLANG_FORMAT" --style=file "$f" | diff -u "$f" - | sed -n '3,14p' | sed 's/^/    /'
done
echo "format: ${#bad[@]} of ${#files[@]} files differ from clang-format's output; run ./build.sh format"
exit 1
