# bootstrap/stress/sonotify.c, short (see stress.h): counts back to baseline.
module bootstrap/stress/stress ${host-port} ${test-port} sonotify 1 $(task-create) $(task-resume)
expect-re ^STRESS sonotify iterations
expect success
