# The benchmark run of ./build.sh bench (booted with qemu -icount shift=0).
# vm-bench runs first and resumes ipc-bench-threads (created suspended)
# when done, which resumes ipc-bench; ipc-bench stops the server and
# reboots.
module bootstrap/bench/bench-server $(server=task-create) $(task-resume)
module bootstrap/bench/ipc-bench ${host-port} ${server} 2000 $(ipcbench=task-create)
module bootstrap/bench/ipc-bench-threads ${host-port} 2000 ${ipcbench} $(ipcthreads=task-create)
module bootstrap/bench/vm-bench ${host-port} ${server} 2000 ${ipcthreads} $(task-create) $(task-resume)
memory 256
timeout 600
expect success
