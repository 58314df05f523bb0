# SMP, first step: QEMU with 4 processors. The kernel finds them in the
# ACPI MADT, starts the three application processors, each of which
# reports itself online and parks; a task then sees 4 processors found,
# 1 running threads (host_info, host_processors, processor_info).
smp 4
module bootstrap/tests/mach-smp ${host-port} ${device-port} 4 $(task-create) $(task-resume)
expect success
expect-re ^cpus: 4 found \(ACPI MADT\)
expect-re ^cpu1: online \(local APIC id 1\), parked
expect-re ^cpu2: online \(local APIC id 2\), parked
expect-re ^cpu3: online \(local APIC id 3\), parked
expect-re ^cpus: 4 of 4 online
expect-re ^mach-smp: host_info: max_cpus 4, avail_cpus 1
expect-re ^mach-smp: processor 3: slot 3, off line
reject-re did not start
