# tests/mig/gnu/list.sh - sourced: the interfaces the GNU MIG comparisons
# (gnu-compat.sh, bytes.sh, i386.sh, gnu/regen.sh) use, as "BASE FILE"
# lines: GNU Mach's .defs of Debian's gnumach-dev (under $DEBIAN) and, when
# found, the Hurd's io, fs and fsys .defs.
#
# The Hurd's .defs are not part of this tree: they are read where they
# are, from HURD_DEFS_DIR, a directory laid out as a Hurd source tree
# (hurd/io.defs, hurd/fs.defs, hurd/fsys.defs and what they include:
# hurd/hurd_types.defs, hurd/hurd_types.h, hurd/ioctl_types.h). Unset, it
# defaults to ../shared/hurd-defs beside the checkout if that exists;
# empty, or nothing found, the Hurd's interfaces are left out (and each
# test's summary says how many routines were not compared). Their stubs
# need gnu/linux/ first on the include path and -include
# gnu/linux/hurd-sizes.h on a GNU/Linux host.

HURD_IFACES="io fs fsys"

# hurd_defs_find TOP_SRCDIR: sets HURD to that directory, or to "" when
# there is none. Returns 1 (HURD "") if HURD_DEFS_DIR names a directory
# without them: a mistyped path is an error, not a skip.
hurd_defs_find() {
	HURD=
	if [ -n "${HURD_DEFS_DIR+set}" ]; then
		[ -n "$HURD_DEFS_DIR" ] || return 0
		hurd_defs_complete "$HURD_DEFS_DIR" || return 1
		HURD=$(cd "$HURD_DEFS_DIR" && pwd)
	elif hurd_defs_complete "$1/../shared/hurd-defs"; then
		HURD=$(cd "$1/../shared/hurd-defs" && pwd)
	fi
	return 0
}

hurd_defs_complete() { # DIR
	for i in $HURD_IFACES; do
		[ -f "$1/hurd/$i.defs" ] || return 1
	done
}

# hurd_defs_skipped EXPECTED_DIR [TIMES]: the summary line when the Hurd's
# .defs are not there: how many of their routines (expected/BASE.user,
# TIMES each) go uncompared.
hurd_defs_skipped() {
	n=0
	for i in $HURD_IFACES; do
		[ -f "$1/$i.user" ] && n=$((n + $(wc -l <"$1/$i.user")))
	done
	echo "hurd .defs: not found (HURD_DEFS_DIR), $((n * ${2:-1}))" \
		"routines not compared ($HURD_IFACES)"
}

gnu_defs_list() { # DEBIAN_INCDIR [HURD_DIR]
	for d in "$1"/mach/*.defs "$1"/mach/x86_64/*.defs "$1"/device/*.defs \
		"$1"/mach_debug/*.defs; do
		grep -q '^[[:space:]]*subsystem' "$d" || continue
		echo "$(basename "$d" .defs) $d"
	done
	[ -n "${2:-}" ] || return 0
	for i in $HURD_IFACES; do
		echo "$i $2/hurd/$i.defs"
	done
}
