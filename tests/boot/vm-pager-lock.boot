# bootstrap/tests/vm/vm-pager-lock.c: lock_request (clean, flush, return,
# precious, lock values with data_unlock) seen by a user pager while a
# client task maps the object.
module bootstrap/tests/vm/vm-pager-lock ${host-port} ${device-port} ${test-port} $(task-create) $(task-resume)
expect-re vm-pager-lock: clean returns the client's writes ok
expect-re vm-pager-lock: data_unlock round trips ok
expect-re vm-pager-lock: kernel counts back to baseline ok
expect success
