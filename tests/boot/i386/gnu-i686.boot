# i386: a program built as GNU Mach's i386 programs are (ABI i386.md §7;
# tests/boot/i386/gnu/): gcc -m32 -ffreestanding against gnumach-dev's
# headers, GNU MIG for i686-gnu's user stubs, the traps of gnumach-dev's
# <mach/syscall_sw.h>, linked by binutils-i686-gnu. Each line is what GNU
# Mach's documented i386 interface gives (the ABI sheet's [run] facts:
# the argument block, the first names, segment selectors, the size rule;
# Mach's codes for the rest). Skipped when gnumach-dev or binutils-i686-gnu
# is missing (./build.sh installs both). The serial line ends lines with
# CR LF: each pattern ends with [[:space:]]*$.
# The machine of GNU Mach's own i386 test runs (ABI sheet §7):
# -cpu pentium3 (PAE, no NX), 1 GiB (the kernel maps the first 768 MiB),
# one processor (its lines say 1 processor; gnu-i686-smp: two).
qemu-opt -cpu pentium3
memory 1024
smp 1
require-file tests/boot/i386/gnu/gnu-i686 the gnu-i686 program was not built (needs gnumach-dev and binutils-i686-gnu: ./build.sh installs them)
module tests/boot/i386/gnu/gnu-i686 ${host-port} ${device-port} $(task-create) $(task-resume)
expect-re ^gnu-i686: args: argc 3 argv\[0\] gnu-i686 host_priv 1 device_master 2[[:space:]]*$
expect-re ^gnu-i686: names: task 3 reply 4 host 5 thread 6[[:space:]]*$
expect-re ^gnu-i686: vm_region: protection 3 max 7 inheritance 1 shared 0[[:space:]]*$
expect-re ^gnu-i686: vm: allocate, region, protect, deallocate ok[[:space:]]*$
# KERN_NO_SPACE: the stack's last page is mapped.
expect-re ^gnu-i686: vm_allocate on the stack: 3[[:space:]]*$
# MACH_PORT_TYPE_SEND_RECEIVE
expect-re ^gnu-i686: port: name [0-9]+ type 30000 send rights 1[[:space:]]*$
# Received: local MACH_MSG_TYPE_PORT_SEND (0x11), no reply port.
expect-re ^gnu-i686: message: two integers: size 40 bits 1100 remote 0 id 1234[[:space:]]*$
# Complex, local PORT_SEND, remote PORT_SEND_ONCE; the right arrives as
# PORT_SEND (17) 32 bits, the region as 2048 INTEGER_32 (2) out of line.
expect-re ^gnu-i686: message: right and out-of-line: size 40 bits 80001112 local [0-9]+ id 4321[[:space:]]*$
expect-re ^gnu-i686: message: port type 17 size 32, ool type 2 number 2048 inline 0[[:space:]]*$
expect-re ^gnu-i686: message: send rights now 2[[:space:]]*$
# MACH_NOTIFY_SEND_ONCE (71), 24 bytes, through the send-once right.
expect-re ^gnu-i686: message: notification: size 24 bits 1200 remote 0 id 71[[:space:]]*$
# MACH_SEND_INVALID_DEST, MACH_RCV_TIMED_OUT, MACH_SEND_MSG_TOO_SMALL
# (sizes not a multiple of 4, §3.1).
expect-re ^gnu-i686: mach_msg to MACH_PORT_NULL: 10000003[[:space:]]*$
expect-re ^gnu-i686: mach_msg receive, empty, timeout 0: 10004003[[:space:]]*$
expect-re ^gnu-i686: mach_msg of size 30: 10000008[[:space:]]*$
# KERN_INVALID_VALUE, KERN_INVALID_NAME; the send right turns into a dead
# name (MACH_PORT_TYPE_DEAD_NAME).
expect-re ^gnu-i686: mach_port_allocate of right 99: 12[[:space:]]*$
expect-re ^gnu-i686: mach_port_deallocate of an unused name: f[[:space:]]*$
expect-re ^gnu-i686: port: after its receive right is gone: 0 type 100000[[:space:]]*$
# Out-of-line replies through GNU MIG's strict stubs: port arrays, two
# arrays, data; the default queue limit 5; MACH_NOTIFY_NO_SENDERS (70),
# 32 bytes (§3: 24 + a 4-byte type + the make-send count), through the
# send-once right (local PORT_SEND_ONCE, 0x12).
expect-re ^gnu-i686: task_threads: 1, the caller yes[[:space:]]*$
expect-re ^gnu-i686: host_processors: 1[[:space:]]*$
expect-re ^gnu-i686: mach_port_names: the task port a send right yes, a new port a receive right yes[[:space:]]*$
expect-re ^gnu-i686: receive status: qlimit 5 msgcount 0 mscount 0 srights 0[[:space:]]*$
expect-re ^gnu-i686: no-senders notification: size 32 id 70 bits 1200 mscount 1[[:space:]]*$
expect-re ^gnu-i686: vm_read of 8192 bytes: 8192, vm_write and vm_copy ok[[:space:]]*$
# The 2022 headers' TASK_BASIC_INFO_COUNT (10 words) is accepted and kept;
# fewer words: KERN_INVALID_ARGUMENT.
expect-re ^gnu-i686: task_info: count 10 suspend_count 0[[:space:]]*$
expect-re ^gnu-i686: task_info with count 2: 4[[:space:]]*$
expect-re ^gnu-i686: host_info: count 5 max_cpus 1 avail_cpus 1[[:space:]]*$
# §5.2: cs 0x17, ds = es = ss = 0x1f.
expect-re ^gnu-i686: thread_get_state: count 17 cs 17 ss 1f ds 1f es 1f[[:space:]]*$
expect-re ^gnu-i686: written by device_write_inband[[:space:]]*$
expect-re ^gnu-i686: device: console write of 41 bytes: 41 written[[:space:]]*$
# D_NO_SUCH_DEVICE (2502)
expect-re ^gnu-i686: device_open of nosuchdev: 9c6[[:space:]]*$
# gsync (gnumach.defs), as glibc's locks call it: another value
# KERN_INVALID_ARGUMENT, a timed wait KERN_TIMEDOUT (27), a misaligned word
# KERN_INVALID_ADDRESS; gsync_wake is a simpleroutine (the send's code).
expect-re ^gnu-i686: gsync_wait, another value: 4[[:space:]]*$
expect-re ^gnu-i686: gsync_wait, timed 10 ms: 1b[[:space:]]*$
expect-re ^gnu-i686: gsync_wait, quad, another second word: 4[[:space:]]*$
expect-re ^gnu-i686: gsync_wait, misaligned: 1[[:space:]]*$
expect-re ^gnu-i686: gsync_wake, no waiter: 0[[:space:]]*$
# §6.3: a fresh thread (thread_create) reads user selectors, eflags
# 0x200; the flavors' counts are the header's _COUNT (17 for
# i386_REGS_SEGS_STATE); flavor 7 and a short count: KERN_INVALID_ARGUMENT.
expect-re ^gnu-i686: fresh thread: gs 1f fs 1f es 1f ds 1f cs 17 ss 1f efl 200 eip 0 uesp 0[[:space:]]*$
expect-re ^gnu-i686: flavor 2: count 30[[:space:]]*$
expect-re ^gnu-i686: flavor 3: count 32[[:space:]]*$
expect-re ^gnu-i686: flavor 4: count 2[[:space:]]*$
expect-re ^gnu-i686: flavor 5: count 17[[:space:]]*$
expect-re ^gnu-i686: flavor 6: count 8[[:space:]]*$
expect-re ^gnu-i686: flavor 7: 4[[:space:]]*$
expect-re ^gnu-i686: i386_THREAD_STATE with count 16: 4[[:space:]]*$
# §6.4: the first free per-thread GDT slot; glibc's TLS through %gs.
expect-re ^gnu-i686: tls: i386_set_gdt selector 4b, %gs reads the block[[:space:]]*$
# §6.1: exception_raise, 64 bytes, id 2400, bits 12 11 00 80; GNU MIG's
# exc_server hands it to catch_exception_raise: EXC_BAD_ACCESS,
# KERN_INVALID_ADDRESS, the address written; the thread and task names
# are the ones the program holds.
expect-re ^gnu-i686: exception message: size 64 id 2400 bits 80001112[[:space:]]*$
expect-re ^gnu-i686: exception: 1 code 1 subcode 100000, from the child yes, its task yes[[:space:]]*$
expect-re ^gnu-i686: all checks passed[[:space:]]*$
reject-re gnu-i686: FAIL
expect success
# A GNU-built program booted the way GNU Mach users boot: through GRUB
# (docs/testing.md).
loader grub
