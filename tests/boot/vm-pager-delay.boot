# bootstrap/tests/vm/vm-pager-delay.c: a delayed pager reply (test interface
# injection) with a client waiting, aborted, and terminated.
module bootstrap/tests/vm/vm-pager-delay ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm-pager-delay: fault waits through the delayed reply ok
expect-re vm-pager-delay: task_terminate while waiting, page filled ok
expect-re vm-pager-delay: kernel counts back to baseline ok
expect success
