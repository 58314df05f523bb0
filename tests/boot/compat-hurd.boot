# bootstrap/tests/compat/compat-hurd.c: the Hurd's own GRUB lines (as
# Debian GNU/Hurd's grub.cfg has them) start the file system and exec
# with the right arguments and ports: ${kernel-command-line}, ${host-port},
# ${device-port}, ${exec-task} defined by a later line's
# $(exec-task=task-create), ${root} from the command line's root=, and an
# exec task left suspended for the file system to resume.
cmdline root=device:hd0s1
module bootstrap/tests/compat/compat-hurd --multiboot-command-line=${kernel-command-line} --host-priv-port=${host-port} --device-master-port=${device-port} --exec-server-task=${exec-task} -T typed ${root} $(task-create) $(task-resume)
grub module /boot/compat-hurd exec /hurd/exec '$(exec-task=task-create)'
expect-re compat-hurd: argv\[7\] 'device:hd0s1'
expect-re compat-hurd: file system: argv, host, device and exec task ports ok
expect-re compat-hurd: exec: argv 'exec' '/hurd/exec', resumed by the file system ok
expect-re compat-hurd: file system: exec started and reported ok
expect success
