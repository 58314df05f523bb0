# bootstrap/stress/ool.c, short (see stress.h): counts back to baseline.
module bootstrap/stress/stress-server $(server=task-create) $(task-resume)
module bootstrap/stress/stress ${host-port} ${test-port} ool 1 ${server} $(task-create) $(task-resume)
expect-re ^STRESS ool iterations
expect success
