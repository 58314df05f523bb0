# hello without its host port cannot reboot and exits: once every task
# has exited the kernel says so and stops (QEMU status 5), not idling.
module bootstrap/hello/hello $(task-create) $(task-resume)
expect-re hello: host_reboot returned 0x
expect-re ^bootstrap: every task has exited; halting
exit-status 5
