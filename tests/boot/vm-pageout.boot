# bootstrap/pager/default-pager.c and bootstrap/tests/vm/vm-pageout.c:
# 20 MiB of dirty anonymous memory in a 16 MiB machine, paged out to the
# default pager and read back intact.
memory 16
timeout 120
module bootstrap/pager/default-pager ${host-port} $(task-create) $(task-resume)
module bootstrap/tests/vm/vm-pageout ${host-port} $(task-create) $(task-resume)
expect success
