# The demo: greets from user mode, then host_reboot(host_priv, RB_AUTOBOOT)
# resets the machine, which ends QEMU (-no-reboot). demo.iso boots this too.
module bootstrap/hello/hello ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re Hello from Mach5 user mode: task hello
expect-re hello: argc 3: 'hello' '1' '2'
expect exit
# Booted through GRUB whatever BOOT_TEST_LOADER says, as ./build.sh run
# boots: the GRUB path stays covered (docs/testing.md).
loader grub
