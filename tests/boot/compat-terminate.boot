# bootstrap/tests/compat/compat-terminate.c: thread_terminate and
# task_terminate return once the threads are gone (spinning, in mach_msg,
# in a page fault on a pager).
module bootstrap/tests/compat/compat-terminate ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re compat-terminate: thread_terminate returns with the thread gone ok
expect-re compat-terminate: task_terminate returns with its threads gone ok
expect-re compat-terminate: kernel counts back to baseline ok
expect success
