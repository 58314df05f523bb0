# The long memory-pressure run of ./build.sh stress (not a test): five
# rounds of bootstrap/stress/pressure.c in a 32 MiB machine.
memory 32
timeout 1800
module bootstrap/pager/default-pager ${host-port} $(task-create) $(task-resume)
module bootstrap/stress/stress ${host-port} ${test-port} pressure 5 $(task-create) $(task-resume)
expect-re ^STRESS pressure iterations
expect success
