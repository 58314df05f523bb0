# mach_host: host_info, kernel version, clocks, processors; privileged
# calls refused on mach_host_self() with KERN_INVALID_HOST.
module bootstrap/tests/mach-host ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re mach-host: kernel version: Mach5
