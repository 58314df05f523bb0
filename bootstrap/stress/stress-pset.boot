# bootstrap/stress/pset.c, short (see stress.h): counts back to baseline.
module bootstrap/stress/stress ${host-port} ${test-port} pset 1 $(task-create) $(task-resume)
expect-re ^STRESS pset iterations
expect success
