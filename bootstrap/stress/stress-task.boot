# bootstrap/stress/task.c, short (see stress.h): counts back to baseline.
module bootstrap/stress/stress ${host-port} ${test-port} task 1 $(task-create) $(task-resume)
expect-re ^STRESS task iterations
expect success
