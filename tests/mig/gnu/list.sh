# tests/mig/gnu/list.sh - sourced: the interfaces tests/mig/gnu-compat.sh
# compares, as "BASE FILE" lines: GNU Mach's .defs of Debian's gnumach-dev
# (under $DEBIAN) and the Hurd's io, fs and fsys .defs (test input here).
gnu_defs_list() { # DEBIAN_INCDIR HURD_DIR
	for d in "$1"/mach/*.defs "$1"/mach/x86_64/*.defs "$1"/device/*.defs \
		"$1"/mach_debug/*.defs "$2"/io.defs "$2"/fs.defs "$2"/fsys.defs; do
		grep -q '^[[:space:]]*subsystem' "$d" || continue
		echo "$(basename "$d" .defs) $d"
	done
}
