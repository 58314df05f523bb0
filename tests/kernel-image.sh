#!/usr/bin/env bash
# kernel-image.sh - the kernel image's multiboot header matches its ELF
# program headers (x86_64/kernel.lds, x86_64/start.S). With the a.out
# kludge (flag bit 16), a loader (GRUB, QEMU's -kernel) ignores the ELF
# headers: it copies the file's bytes from the header's offset minus
# (header_addr - load_addr) to load_addr .. load_end_addr, zeroes up to
# bss_end_addr and jumps to entry_addr. So every loadable segment's bytes
# must lie at the same distance from their physical address as the
# header's, inside load_addr .. load_end_addr, its memory inside
# load_addr .. bss_end_addr, and entry_addr must be the ELF entry. A
# kernel without the kludge (i386: QEMU loads ELF32 as it is) passes.
#
# Usage: tests/kernel-image.sh [KERNEL] (default $top_builddir/mach5).
# Exit 0: consistent or no kludge; 1: not; 99: no kernel or no header.
set -u
kernel=${1:-${top_builddir:-.}/mach5}
[ -f "$kernel" ] || {
	echo "kernel-image: no $kernel"
	exit 99
}

# The first multiboot header (magic 0x1BADB002, 4-aligned) in the first
# 8 KiB, as "OFFSET MAGIC FLAGS CHECKSUM HEADER LOAD LOAD_END BSS_END ENTRY"
# (decimal).
header=$(od -A d -t u4 -v -w4 -N 8192 "$kernel" | awk '
	NF == 2 { off[n] = $1 + 0; w[n++] = $2 }
	END {
		for (i = 0; i < n; i++)
			if (w[i] == 464367618) {
				line = off[i]
				for (j = i; j < i + 8 && j < n; j++) line = line " " w[j]
				print line; exit
			}
	}')
[ -n "$header" ] || {
	echo "kernel-image: $kernel: no multiboot header in its first 8 KiB"
	exit 99
}
read -r hoff magic flags sum haddr laddr lend bssend entry <<<"$header"
if [ $(((magic + flags + sum) % 4294967296)) != 0 ]; then
	echo "kernel-image: $kernel: bad multiboot header checksum"
	exit 1
fi
if [ $((flags & 65536)) = 0 ]; then
	echo "kernel-image: $kernel: no a.out kludge (the loader reads the ELF headers)"
	exit 0
fi

elf_entry=$(readelf -hW "$kernel" | awk '/Entry point address:/ { print $4 }')
status=0
fail() {
	echo "kernel-image: $kernel: $*"
	status=1
}
[ $((elf_entry & 0xffffffff)) = "$entry" ] ||
	fail "entry_addr $entry is not the ELF entry $elf_entry"
delta=$((hoff - haddr))
# Each PT_LOAD: offset paddr filesz memsz.
while read -r off pa fsz msz; do
	off=$((off)) pa=$((pa)) fsz=$((fsz)) msz=$((msz))
	[ $((off - pa)) = $delta ] ||
		fail "segment at $(printf %#x $pa) is at file offset $(printf %#x $off), not $(printf %#x $((pa + delta)))"
	[ $pa -ge "$laddr" ] && [ $((pa + fsz)) -le "$lend" ] ||
		fail "segment at $(printf %#x $pa) (file size $fsz) is outside load_addr .. load_end_addr"
	[ $((pa + msz)) -le "$bssend" ] ||
		fail "segment at $(printf %#x $pa) (memory size $msz) ends after bss_end_addr"
done < <(readelf -lW "$kernel" | awk '$1 == "LOAD" { print $2, $4, $5, $6 }')
[ $status = 0 ] && echo "kernel-image: $kernel: the multiboot header's load addresses match its segments"
exit $status
