# bootstrap/tests/vm/vm-time.c: the mapped time page (device_map of
# "time"), read-only enforcement, device_map codes, leak check.
module bootstrap/tests/vm/vm-time ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm-time: mapped time round ok
expect-re vm-time: kernel counts back to baseline ok
expect success
