# GRUB cannot load the only module (not on the ISO): the kernel has no
# boot module, says so on one line and stops; QEMU exits with status 3
# (arch_stop_failure(1) through the debug-exit device), not idling.
grub module /boot/absent absent '$(task-create)' '$(task-resume)'
expect-re ^bootstrap: no task could start: no boot module
reject-re ^start 
exit-status 3
