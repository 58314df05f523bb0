# A write to address 0x10 kills the task (no exception port): the kernel
# logs the exception and terminates the task, without panicking.
module bootstrap/tests/user-fault ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re user-fault: writing to 0x10
expect-re task user-fault: exception 1 code 0x1 subcode 0x10.*task terminated
