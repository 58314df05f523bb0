# i386: the first task, raw traps through the lcall $7,$0 call gate: it
# prints its arguments (ABI i386.md §5.2: argc, argv, the first port
# names), checks that a trap preserves registers and flags and the results
# of unused slots, then terminates itself; the kernel then stops with
# status 5 (every task exited).
module bootstrap/i386/hello ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re Hello from Mach5 i386 user mode: task hello
expect-re hello32: argc 3: 'hello' '1' '2'
expect-re hello32: task 3 host 4 reply 5
expect-re hello32: all checks passed
expect-re ^bootstrap: every task has exited; halting
exit-status 5
# Booted through GRUB whatever BOOT_TEST_LOADER says, as ./build.sh run
# boots: the GRUB path stays covered (docs/testing.md).
loader grub
