# bootstrap/stress/vm.c, short (see stress.h): counts back to baseline.
module bootstrap/stress/stress ${host-port} ${test-port} vm 1 $(task-create) $(task-resume)
expect-re ^STRESS vm iterations
expect success
