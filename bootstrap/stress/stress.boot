# The long stress run of ./build.sh stress (not a test): every stress
# test at scale 20, one after the other, in one boot.
module bootstrap/stress/stress-server $(server=task-create) $(task-resume)
module bootstrap/stress/stress ${host-port} ${test-port} all 20 ${server} $(task-create) $(task-resume)
memory 256
timeout 1200
expect success
