# SMP without ACPI: QEMU's firmware then gives only the MP table, which
# lists one processor per package (hence 3 sockets of 1 core). The kernel
# finds the 3 processors there and starts the two others.
smp 3,sockets=3
qemu-opt -machine acpi=off
module bootstrap/tests/mach-smp ${host-port} ${device-port} 3 $(task-create) $(task-resume)
expect success
expect-re ^cpus: 3 found \(MP table\)
expect-re ^cpu1: online \(local APIC id 1\)
expect-re ^cpu2: online \(local APIC id 2\)
expect-re ^mach-smp: host_info: max_cpus 3, avail_cpus 3
reject-re did not start
