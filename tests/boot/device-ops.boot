# bootstrap/tests/device/device-ops.c: see its header.
module bootstrap/tests/device/device-ops ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re device-ops: hello through device_write_inband
expect-re device-ops: hello through device_write \(out of line\)
expect-re device-ops: kmsg ok
