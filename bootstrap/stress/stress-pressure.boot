# bootstrap/stress/pressure.c, short (one round): dirty anonymous memory a
# quarter more than the machine's 16 MiB, paged out to the default pager
# and read back intact; counts back to baseline.
memory 16
timeout 300
module bootstrap/pager/default-pager ${host-port} $(task-create) $(task-resume)
module bootstrap/stress/stress ${host-port} ${test-port} pressure 1 $(task-create) $(task-resume)
expect-re ^STRESS pressure iterations
expect success
