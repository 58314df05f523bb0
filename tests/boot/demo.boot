# The demo (./build.sh run, once demo.iso is made from this file): the
# greeting, then the key-value example (bootstrap/examples/kv/): kv-server
# serves two clients through a port set, and the last client to finish
# reboots the machine, which ends QEMU (-no-reboot). hello gets no host
# port here, so its own host_reboot is refused and it just exits.
module bootstrap/hello/hello $(task-create) $(task-resume)
module bootstrap/examples/kv/kv-server ${client-a} ${client-b} $(task-create) $(task-resume)
module bootstrap/examples/kv/kv-client ${host-port} a b $(client-a=task-create)
module bootstrap/examples/kv/kv-client ${host-port} b a $(client-b=task-create)
expect-re Hello from Mach5 user mode: task hello
expect-re kv demo over
expect exit
# Booted through GRUB whatever BOOT_TEST_LOADER says, as ./build.sh run
# boots: the GRUB path stays covered (docs/testing.md).
loader grub
