# bootstrap/tests/vm3/vm3-delay.c: a delayed pager reply (test interface
# injection) with a client waiting, aborted, and terminated.
module bootstrap/tests/vm3/vm3-delay ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm3-delay: fault waits through the delayed reply ok
expect-re vm3-delay: task_terminate while waiting, page filled ok
expect-re vm3-delay: kernel counts back to baseline ok
expect success
