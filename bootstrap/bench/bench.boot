# The benchmark run of ./build.sh bench (booted with qemu -icount shift=0).
module bootstrap/bench/bench-server $(server=task-create) $(task-resume)
module bootstrap/bench/ipc-bench ${host-port} ${server} 2000 $(task-create) $(task-resume)
memory 256
timeout 600
expect success
