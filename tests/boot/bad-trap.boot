# Unused trap slots return KERN_INVALID_ARGUMENT, historic stubs return 0.
module bootstrap/tests/bad-trap ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
