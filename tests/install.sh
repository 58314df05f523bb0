#!/bin/sh
# tests/install.sh - `make install DESTDIR=...` gives what a Hurd-style
# server needs: the headers and .defs under include/{mach,device,
# mach_debug}, mach5.pc, and mach5-mig; with them, build a small server
# (bootstrap/examples/kv/kv.defs, served by mach_msg_server on a port set)
# and its client stubs, against the installed tree only (-nostdinc: the
# compiler's own freestanding headers and the installed ones).
# Then, also from the installed tree alone:
#  - a bootstrap task (crt0, traps, mach_msg, mig_get_reply_port, MIG user
#    stubs, printf over mach_print) links with mach5.pc's Cflags and Libs;
#  - an echo server (mach_msg_server) and its client, from a .defs of their
#    own with the installed mach5-mig (no -I: it finds the installed .defs
#    itself, and not <stdio.h>) and pkg-config into the DESTDIR, boot under
#    QEMU (tests/boot/run-boot-test) and the client's six echoes are
#    answered;
#  - a Hurd-style server of the Hurd's io.defs (from HURD_DEFS_DIR, see
#    tests/mig/gnu/list.sh; left out, and said so, when not found) built
#    with the installed mach5-mig compiles against the Hurd's
#    hurd_types.h, its routines declared as the Hurd declares them (const
#    in-arrays, Poly arguments of PORT_SEND rights).
#
# Exit status (automake): 0 pass, 1 fail, 77 skip (no C compiler, or no
# QEMU or grub-mkrescue to boot the echo pair).
set -eu

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
CC=${CC:-cc}
MAKE=${MAKE:-make}

command -v "$CC" >/dev/null 2>&1 || { echo "install.sh: SKIP: no $CC"; exit 77; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mach5-install.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
dest=$work/dest

fail() {
	echo "install.sh: FAIL: $*"
	exit 1
}

echo "install.sh: make install DESTDIR=$dest"
(cd "$top_builddir" && $MAKE install DESTDIR="$dest" >"$work/install.log" 2>&1) ||
	{ cat "$work/install.log"; fail "make install"; }

mig=$(find "$dest" -type f -name mach5-mig | head -n 1)
pc=$(find "$dest" -type f -name mach5.pc | head -n 1)
[ -x "$mig" ] || fail "mach5-mig not installed"
[ -f "$pc" ] || fail "mach5.pc not installed"

# The include directory, as pkg-config gives it for the staged tree: the
# last -I of mach5's Cflags (the first ones are libmach's libc and user
# headers).
if command -v pkg-config >/dev/null 2>&1; then
	cflags=$(PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_LIBDIR= \
		PKG_CONFIG_SYSROOT_DIR=$dest pkg-config --cflags mach5)
	inc=
	for w in $cflags; do
		case $w in -I*) inc=${w#-I} ;; esac
	done
	[ -d "$inc/mach" ] || fail "mach5.pc's Cflags ($cflags): no include directory"
	# The architecture's flags (-m32 ... for an i386 build's SDK), for
	# the compiles below that give their own flags.
	archflags=
	for w in $cflags; do
		case $w in -m32 | -m64 | -march=*) archflags="$archflags $w" ;; esac
	done
else
	inc=$dest$(sed -n 's/^prefix=//p' "$pc")$(sed -n 's/^includedir=\${prefix}//p' "$pc")
	archflags=$(sed -n 's/^Cflags:.* \(-m32 -march=[^ ]*\) .*/\1/p' "$pc")
fi
echo "install.sh: headers in $inc"

for f in mach/message.h mach/mach_types.h mach/std_types.defs \
	mach/mach.defs mach/mach_port.defs mach/gnumach.defs \
	mach/task_notify.defs device/device.defs device/device_types.h \
	mach_debug/mach_debug.defs mach_debug/mach_debug_types.h; do
	[ -f "$inc/$f" ] || fail "$f not installed"
done

# User stubs of the kernel interfaces (as glibc builds them) and the
# example's stubs, with the installed mig and .defs only.
mkdir -p "$work/gen/mach" "$work/src"
cp "$top_srcdir/bootstrap/examples/kv/kv.defs" \
	"$top_srcdir/bootstrap/examples/kv/kv_types.h" "$work/src/"
(
	cd "$work/gen"
	"$mig" -I"$inc" -user mach/mach_portUser.c -header mach/mach_port.h \
		-server /dev/null -sheader /dev/null "$inc/mach/mach_port.defs"
	"$mig" -I"$inc" -user mach/gnumachUser.c -header mach/gnumach.h \
		-server /dev/null -sheader /dev/null "$inc/mach/gnumach.defs"
	"$mig" -I"$inc" -I"$work/src" -user kvUser.c -header kv.h \
		-server kvServer.c -sheader kvServer.h "$work/src/kv.defs"
) || fail "mach5-mig"

cat >"$work/src/server.c" <<'EOS'
/* A Hurd-style server: MIG demux on a port set, in mach_msg_server. */
#include <mach/mach.h>
#include <mach/mach_port.h>
#include <mach/gnumach.h>
#include "kvServer.h"

extern mach_msg_return_t mach_msg_server(
	boolean_t (*demux)(mach_msg_header_t *, mach_msg_header_t *),
	mach_msg_size_t max_size, mach_port_t rcv_name);

static char stored[256];

kern_return_t S_kv_put(mach_port_t server, const_kv_key_t key,
		       const_kv_value_t value)
{
	__builtin_strncpy(stored, value, sizeof(stored) - 1);
	return KERN_SUCCESS;
}

kern_return_t S_kv_get(mach_port_t server, const_kv_key_t key, kv_value_t value)
{
	__builtin_strncpy(value, stored, sizeof(kv_value_t) - 1);
	return KERN_SUCCESS;
}

kern_return_t S_kv_remove(mach_port_t server, const_kv_key_t key)
{
	stored[0] = '\0';
	return KERN_SUCCESS;
}

int main(void)
{
	mach_port_t set, port;

	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &set);
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	mach_port_move_member(mach_task_self(), port, set);
	thread_set_name(mach_thread_self(), "kv-server");
	return mach_msg_server(kv_server, kv_MAX_REQUEST_SIZE, set);
}
EOS

cflags="-std=gnu11 -ffreestanding -nostdinc -isystem $($CC -print-file-name=include)
	$archflags -I$inc -I$work/gen -I$work/src -Wall -Werror=implicit-function-declaration
	-Werror=incompatible-pointer-types -Werror=int-conversion"
for f in src/server.c gen/kvServer.c gen/kvUser.c gen/mach/mach_portUser.c \
	gen/mach/gnumachUser.c; do
	# shellcheck disable=SC2086
	$CC $cflags -c "$work/$f" -o "$work/$(basename "$f" .c).o" ||
		fail "compiling $f against the installed headers"
done
echo "install.sh: kv server and stubs built from the installed tree"

# ---- A bootstrap task, linked from the installed SDK only ----------------
# mach5.pc gives the SDK's Cflags and Libs; mach5-bootstrap.pc, kept for
# what used that name, gives the same.
bpc=$(find "$dest" -type f -name mach5-bootstrap.pc | head -n 1)
[ -f "$bpc" ] || fail "mach5-bootstrap.pc not installed"
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config missing"
pcenv="PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_LIBDIR= PKG_CONFIG_SYSROOT_DIR=$dest"
bcflags=$(env $pcenv pkg-config --cflags mach5) || fail "pkg-config --cflags"
blibs=$(env $pcenv pkg-config --libs mach5) || fail "pkg-config --libs"
case $blibs in *-lmach*) ;; *) fail "mach5.pc's Libs lack libmach: $blibs" ;; esac
[ "$(env $pcenv pkg-config --cflags --libs mach5-bootstrap)" = \
	"$(env $pcenv pkg-config --cflags --libs mach5)" ] ||
	fail "mach5-bootstrap.pc differs from mach5.pc"
cat >"$work/src/task.c" <<'EOS'
/* A bootstrap task: a MIG stub (mach_port_allocate), mach_msg, printf. */
#include <stdio.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach5/libmach.h>

int main(int argc, char **argv, char **envp)
{
	mach_port_t port;
	kern_return_t kr = mach_port_allocate(mach_task_self(),
					      MACH_PORT_RIGHT_RECEIVE, &port);
	printf("task: port %u (kr %d), reply port %u\n", port, kr,
	       mig_get_reply_port());
	return kr != KERN_SUCCESS;
}
EOS
# shellcheck disable=SC2086
$CC -std=gnu11 -nostdinc -isystem "$($CC -print-file-name=include)" \
	$bcflags -Wall -Werror=implicit-function-declaration -O2 \
	-o "$work/task" "$work/src/task.c" $blibs ||
	fail "linking a bootstrap task from the installed tree"
syms=$(nm "$work/task")
for s in _start mach_msg mach_msg_trap mig_get_reply_port printf \
	mach_print mach_port_allocate; do
	echo "$syms" | grep -q " [TtWw] $s\$" || fail "task lacks $s"
done
file_type=$(od -An -tx1 -j16 -N2 "$work/task" | tr -d ' ')
[ "$file_type" = 0200 ] || fail "task is not a static executable (e_type $file_type)"
echo "install.sh: bootstrap task linked from the installed tree"

# ---- An echo server and its client, booted under QEMU ----------------------
# From a .defs of its own, with the installed mach5-mig (no -I: it finds
# <mach/std_types.defs> in the installed include directory, and never the
# system's: a .defs including <stdio.h> fails) and mach5.pc.
ech=$work/echo
mkdir -p "$ech"
cat >"$ech/echo.defs" <<'EOS'
subsystem echo 4200;
#include <mach/std_types.defs>
serverprefix S_;
routine echo(server : mach_port_t; in data : int; out result : int);
EOS
(cd "$ech" && "$mig" -user echoUser.c -header echo.h -server echoServer.c \
	-sheader echoServer.h echo.defs) || fail "installed mach5-mig on echo.defs"
printf '#include <stdio.h>\n#include <mach/std_types.defs>\n' >"$ech/sys.defs"
if (cd "$ech" && "$mig" -n -user /dev/null -header /dev/null -server /dev/null \
	-sheader /dev/null sys.defs) >"$work/sys.log" 2>&1; then
	fail "installed mach5-mig found <stdio.h> in a system include directory"
fi
cat >"$ech/server.c" <<'EOS'
/* The echo server: one receive right of a fixed name, mach_msg_server. */
#include <stdio.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach5/libmach.h>
#include <mach5/msg_server.h>
#include "echoServer.h"

#define ECHO_NAME ((mach_port_t)1000)

kern_return_t S_echo(mach_port_t server, int data, int *result)
{
	*result = data;
	return KERN_SUCCESS;
}

int main(int argc, char **argv, char **envp)
{
	kern_return_t kr = mach_port_allocate_name(
		mach_task_self(), MACH_PORT_RIGHT_RECEIVE, ECHO_NAME);

	if (kr != KERN_SUCCESS) {
		printf("echo-server: mach_port_allocate_name: %d\n", kr);
		return 1;
	}
	mach_msg_return_t mr =
		mach_msg_server(echo_server, echo_MAX_REQUEST_SIZE, ECHO_NAME);
	printf("echo-server: mach_msg_server: %#x\n", mr);
	return 1;
}
EOS
cat >"$ech/client.c" <<'EOS'
/*
 * The echo client: argv[1] the host_priv port, argv[2] the server's task
 * port. It takes a send right to the server's port out of the server's
 * space, calls echo, checks the answers, and ends the test.
 */
#include <stdlib.h>
#include <mach/mach_interface.h>
#include <mach/mach_port.h>
#include <mach5/test.h>
#include "echo.h"

#define ECHO_NAME ((mach_port_t)1000)

/* Wait ms of guest time: a receive on an empty port that times out. */
static void nap(mach_port_t empty, mach_msg_timeout_t ms)
{
	mach_msg_header_t h;

	mach_msg(&h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(h), empty, ms,
		 MACH_PORT_NULL);
}

/* A send right to the server's port, once it exists (5 s guest time). */
static mach_port_t echo_connect(mach_port_t server_task)
{
	mach_port_t empty, port;
	mach_msg_type_name_t type;

	CHECK(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE,
				 &empty) == KERN_SUCCESS);
	for (int ms = 0; ms < 5000; ms += 10) {
		if (mach_port_extract_right(server_task, ECHO_NAME,
					    MACH_MSG_TYPE_MAKE_SEND, &port,
					    &type) == KERN_SUCCESS)
			return port;
		nap(empty, 10);
	}
	TEST_FAIL("no echo port in the server task");
}

int main(int argc, char **argv, char **envp)
{
	CHECK(argc >= 3);
	mach_port_t server = echo_connect((mach_port_t)atoi(argv[2]));

	for (int i = -2; i < 4; i++) {
		int data = i * 1000 + 7, result = ~data;
		kern_return_t kr = echo(server, data, &result);

		if (kr != KERN_SUCCESS || result != data)
			TEST_FAIL("echo(%d): kr %#x, result %d", data, kr,
				  result);
	}
	int result = 0;
	CHECK(echo(MACH_PORT_NULL, 1, &result) == MACH_SEND_INVALID_DEST);
	printf("echo-client: 6 echoes answered\n");
	TEST_SUCCESS();
}
EOS
for p in server client; do
	case $p in server) stubs=echoServer.c ;; client) stubs=echoUser.c ;; esac
	# shellcheck disable=SC2086
	$CC -std=gnu11 -nostdinc -isystem "$($CC -print-file-name=include)" \
		$bcflags -I"$ech" -Wall -Werror -O2 -o "$ech/echo-$p" \
		"$ech/$p.c" "$ech/$stubs" $blibs ||
		fail "building the echo $p from the installed tree"
done
echo "install.sh: echo server and client built from the installed tree"

# Through GRUB, as the README's recipe boots the pair.
cat >"$ech/echo.boot" <<EOB
loader grub
kernel $top_builddir/mach5
module $ech/echo-server \$(server=task-create) \$(task-resume)
module $ech/echo-client \${host-port} \${server} \$(task-create) \$(task-resume)
expect success
expect-re echo-client: 6 echoes answered
EOB
boot=0
"$top_srcdir/tests/boot/run-boot-test" "$ech/echo.boot" >"$work/boot.log" 2>&1 ||
	boot=$?
case $boot in
0) echo "install.sh: echo server and client ran under QEMU" ;;
77) echo "install.sh: SKIP: no QEMU or grub-mkrescue to boot the echo pair" ;;
*) cat "$work/boot.log"; fail "booting the echo server and client" ;;
esac

# ---- A Hurd-style server of io.defs, with the installed mach5-mig ---------
G=$top_srcdir/tests/mig/gnu
. "$G/list.sh"
hurd_defs_find "$top_srcdir" ||
	fail "HURD_DEFS_DIR=$HURD_DEFS_DIR has no hurd/{io,fs,fsys}.defs"
if [ -z "$HURD" ]; then
	echo "install.sh: hurd .defs: not found (HURD_DEFS_DIR)," \
		"the Hurd-style io server not built"
	[ "$boot" = 77 ] && exit 77
	echo "install.sh: PASS: kv server, bootstrap task and echo pair from" \
		"the installed tree (no Hurd io server: no Hurd .defs)"
	exit 0
fi
mkdir -p "$work/hurd"
(cd "$work/hurd" && "$mig" -I"$inc" -I"$G/linux" -I"$HURD" \
	-DSERVERPREFIX=S_ -user ioUser.c -header io.h -server ioServer.c \
	-sheader ioServer.h "$HURD/hurd/io.defs") ||
	fail "mach5-mig on the Hurd's io.defs"
cat >"$work/hurd/server.c" <<'EOS'
/* Routines of a Hurd io server, declared as the Hurd declares them. */
#include <hurd/hurd_types.h>
#include "ioServer.h"

kern_return_t S_io_write(io_t io_object, const_data_t data,
			 mach_msg_type_number_t dataCnt, loff_t offset,
			 vm_size_t *amount)
{
	*amount = dataCnt;
	return data[0] ? KERN_SUCCESS : EINVAL;
}

kern_return_t S_io_read(io_t io_object, data_t *data,
			mach_msg_type_number_t *dataCnt, loff_t offset,
			vm_size_t amount)
{
	*dataCnt = 0;
	return KERN_SUCCESS;
}

kern_return_t S_io_async(io_t io_object, mach_port_t notify_port,
			 mach_port_t *async_id_port,
			 mach_msg_type_name_t *async_id_portPoly)
{
	*async_id_port = notify_port;
	*async_id_portPoly = MACH_MSG_TYPE_MOVE_SEND;
	return KERN_SUCCESS;
}

kern_return_t S_io_reauthenticate(io_t auth_object, mach_port_t rendezvous2)
{
	return KERN_SUCCESS;
}

/* A client passes the disposition of a PORT_SEND right it sends. */
kern_return_t call_async(io_t io, mach_port_t notify, mach_port_t *id);
#include "io.h"
kern_return_t call_async(io_t io, mach_port_t notify, mach_port_t *id)
{
	return io_async(io, notify, MACH_MSG_TYPE_MAKE_SEND, id);
}
EOS
hcflags="-std=gnu11 $archflags -I$work/hurd -I$inc -I$G/linux -I$HURD
	-include $G/linux/hurd-sizes.h
	-Wall -Werror=implicit-function-declaration
	-Werror=incompatible-pointer-types -Werror=int-conversion"
for f in server.c ioServer.c ioUser.c; do
	# shellcheck disable=SC2086
	$CC $hcflags -c "$work/hurd/$f" -o "$work/hurd/$f.o" ||
		fail "compiling the Hurd-style $f against the installed tree"
	# shellcheck disable=SC2086
	if $CC $hcflags -M "$work/hurd/$f" | tr ' \\' '\n\n' |
		grep -q '^/usr/include/[^ ]*/\(mach\|device\)/'; then
		fail "$f used a system Mach header, not the installed one"
	fi
done
echo "install.sh: Hurd-style io server built with the installed mach5-mig"
[ "$boot" = 77 ] && exit 77
echo "install.sh: PASS: kv server, bootstrap task, echo pair and Hurd io server from the installed tree"
