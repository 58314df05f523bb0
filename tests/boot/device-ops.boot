# bootstrap/tests/ext/ext-device.c: see its header.
module bootstrap/tests/ext/ext-device ${host-port} ${device-port} $(task-create) $(task-resume)
expect success
expect-re ext-device: hello through device_write_inband
expect-re ext-device: hello through device_write \(out of line\)
expect-re ext-device: kmsg ok
