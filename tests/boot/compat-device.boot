# bootstrap/tests/compat/compat-device.c: device reads that wait (kmsg and
# the console), answered later as GNU Mach answers them; the console line
# is typed by the runner once the test says its read waits.
module bootstrap/tests/compat/compat-device ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
input-after compat-device: waiting for console input
input typed-on-the-console-42
expect-re compat-device: a blocked kmsg reader gets a later line ok
expect-re compat-device: device_read waits for a line ok
expect-re compat-device: oldest read first, D_NOWAIT ok
expect-re compat-device: a waiting read's reply port dies ok
expect-re compat-device: close answers D_DEVICE_DOWN ok
expect-re compat-device: console input ok
expect-re compat-device: kernel counts back to baseline ok
expect success
