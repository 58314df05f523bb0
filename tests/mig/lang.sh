#!/bin/sh
# tests/mig/lang.sh - the .defs language the Hurd uses (lang/lang.defs):
# it generates, both stubs compile with -Wall -Werror against Mach5's
# headers, the prototypes are those GNU MIG generates for the same file
# (Debian's x86_64-gnu-mig, run by hand: below), msgids skip a skip, the
# server calls the intran, outtran and destructor and passes the seqno,
# and uimport/simport go to their side only.
. "$top_srcdir/tests/mig/common.sh"
L="$top_srcdir/tests/mig/lang"
: >"$tmp/lang_user.h"
: >"$tmp/lang_server.h"
if ! "$MIG" -q -I"$DEFS" -I"$L" -user "$tmp/U.c" -server "$tmp/S.c" \
	-header "$tmp/U.h" -sheader "$tmp/S.h" "$L/lang.defs" 2>"$tmp/err"; then
	bad "lang.defs: $(head -3 "$tmp/err")"
	exit 1
fi
for f in U.c S.c; do
	compile "$tmp/$f" -I"$L" || bad "$f does not compile"
done
awk -f "$top_srcdir/tests/mig/gnu/protos.awk" "$tmp/U.h" "$tmp/S.h" \
	>"$tmp/protos"
cat >"$tmp/gnu" <<'EOT'
kern_return_t U_lang_poly(mach_port_t server, mach_port_t reply, mach_msg_type_name_t replyPoly, mach_port_t *obj)
kern_return_t U_lang_notify(mach_port_t server, mach_port_t right, mach_msg_type_name_t rightPoly)
kern_return_t S_lang_poly(obj_p server, mach_port_seqno_t seqno, mach_port_t reply, mach_msg_type_name_t replyPoly, obj_p *obj)
kern_return_t S_lang_notify(obj_p server, mach_port_t right)
EOT
if ! cmp -s "$tmp/gnu" "$tmp/protos"; then
	bad "prototypes differ from GNU MIG's:"
	diff "$tmp/gnu" "$tmp/protos" | sed 's/^/    /'
fi
expect() { # FILE PATTERN WHAT
	grep -q "$2" "$tmp/$1" || bad "$1: no $3"
}
expect U.c 'msgh_id = 4300;' "msgid 4300 for lang_poly"
expect U.c 'msgh_id = 4302;' "msgid 4302 for lang_notify (after skip)"
expect S.c 'server = lang_begin(In0P->Head.msgh_local_port);' intran
expect S.c 'lang_end(server);' destructor
expect S.c '= lang_out(obj);' outtran
expect S.c 'S_lang_poly(server, In0P->Head.msgh_seqno,' "seqno passed"
expect U.c '#include "lang_user.h"' uimport
expect S.c '#include "lang_server.h"' simport
expect U.c '#include <lang_types.h>' import
grep -q 'lang_server.h' "$tmp/U.c" "$tmp/U.h" && bad "simport in the user side"
grep -q 'lang_user.h' "$tmp/S.c" "$tmp/S.h" && bad "uimport in the server side"
[ $fail = 0 ] && say PASS
exit $fail
