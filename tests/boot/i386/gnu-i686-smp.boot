# i386: the program of gnu-i686 (built as GNU Mach's i386 programs are)
# on two processors of GNU Mach's own i386 test machine (-cpu pentium3,
# 1 GiB): it sees both (host_info max_cpus and avail_cpus, host_processors
# as GNU MIG's stubs read them) and every other check passes as on one
# (its second thread, TLS segment and exception may run on the other
# processor). With 1 GiB, QEMU's ACPI tables lie above the 768 MiB the
# i386 kernel maps directly: the kernel maps them at boot
# (pmap_boot_map) and finds the processors in the MADT, not the MP table.
qemu-opt -cpu pentium3
memory 1024
smp 2
require-file tests/boot/i386/gnu/gnu-i686 the gnu-i686 program was not built (needs gnumach-dev and binutils-i686-gnu: ./build.sh installs them)
module tests/boot/i386/gnu/gnu-i686 ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re ^cpus: 2 found \(ACPI MADT\)
expect-re ^cpu1: online \(local APIC id 1\)
expect-re ^cpus: 2 of 2 online
expect-re ^gnu-i686: host_processors: 2[[:space:]]*$
expect-re ^gnu-i686: host_info: count 5 max_cpus 2 avail_cpus 2[[:space:]]*$
expect-re ^gnu-i686: tls: i386_set_gdt selector 4b, %gs reads the block[[:space:]]*$
expect-re ^gnu-i686: exception: 1 code 1 subcode 100000, from the child yes, its task yes[[:space:]]*$
expect-re ^gnu-i686: all checks passed[[:space:]]*$
reject-re gnu-i686: FAIL
reject-re did not start
expect success
# A GNU-built program booted the way GNU Mach users boot: through GRUB
# (docs/testing.md).
loader grub
