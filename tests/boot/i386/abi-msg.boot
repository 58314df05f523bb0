# i386: mach_msg in GNU Mach's i386 layout with raw traps
# (bootstrap/i386/abi-msg.c): the ABI sheet's two worked examples (two
# integers; a port right and 8192 bytes out of line) sent and received
# byte for byte, the size and type rules (sizes 20 and 30, 64-bit inline
# rights, msgt_unused), a 36-byte message, and kernel-built messages: a
# send-once notification, a kernel server's reply
# (mach_port_request_notification) and a no-senders notification.
module bootstrap/i386/abi-msg ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re abi32: example 1 \(two integers, 40 bytes\) ok
expect-re abi32: send-once notification \(24 bytes\) ok
expect-re abi32: example 2 \(port right \+ 8192 bytes OOL, 48 bytes\) ok
expect-re abi32: size and type rules ok
expect-re abi32: kernel reply \(mach_port_request_notification, 40 bytes\) ok
expect-re abi32: no-senders notification \(32 bytes\) ok
expect-re abi32: all checks passed
reject-re abi32: FAIL
expect-re ^bootstrap: every task has exited; halting
exit-status 5
