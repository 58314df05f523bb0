# SMP: QEMU with 4 processors. The kernel finds them in the ACPI MADT,
# starts the three application processors, each of which reports itself
# online and joins the scheduler; a task then sees 4 processors found, 4
# running threads (host_info, host_processors, processor_info).
smp 4
module bootstrap/tests/mach-smp ${host-port} ${device-port} 4 $(task-create) $(task-resume)
expect success
expect-re ^cpus: 4 found \(ACPI MADT\)
expect-re ^cpu1: online \(local APIC id 1\)
expect-re ^cpu2: online \(local APIC id 2\)
expect-re ^cpu3: online \(local APIC id 3\)
expect-re ^cpus: 4 of 4 online
expect-re ^mach-smp: host_info: max_cpus 4, avail_cpus 4
expect-re ^mach-smp: processor 3: slot 3, running
expect-re ^mach-smp: processor_exit: 1 of 4 processors running
expect-re ^mach-smp: processor_start: 4 of 4 processors running
reject-re did not start
