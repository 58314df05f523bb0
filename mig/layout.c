/*
 * mig/layout.c - from a routine's arguments to the items of its request
 * and reply messages, with wire offsets for the target (ABI sheet §4).
 *
 * Every item is a type descriptor followed by its data, both aligned to
 * target->align. Items after a varying item sit at offsets known only at
 * run time: each varying item that is not last ends a "segment", and the
 * emitters declare one C struct per segment.
 */
#include <string.h>
#include "mig.h"

/* Bytes an indefinite array may carry inline before going out of line. */
#define INDEFINITE_INLINE_MAX 2048

static const struct target x86_64 = {
	.name = "x86_64",
	.align = 8,
	.header = 32,
	.desc_short = 8,
	.desc_long = 8,
	.pointer = 8,
	.port_inline = 64,
	.max_align = 8,
	.struct_units = true,
};

static const struct target i386 = {
	.name = "i386",
	.align = 4,
	.header = 24,
	.desc_short = 4,
	.desc_long = 12,
	.pointer = 4,
	.port_inline = 32,
	.max_align = 4,
	.struct_units = false,
};

/*
 * The layout of 2022's x86_64 MIG and headers (ABI sheet §0): 4-byte
 * descriptors, 12-byte long form, 4-aligned items, 4-byte port names.
 * No kernel accepts it; mach5-mig has it to compare its layout rules with
 * that MIG's output (tests/mig/gnu-compat.sh).
 */
static const struct target x86_64_2022 = {
	.name = "x86_64-2022",
	.align = 4,
	.header = 32,
	.desc_short = 4,
	.desc_long = 12,
	.pointer = 8,
	.port_inline = 32,
	.max_align = 8,
	.struct_units = false,
};

const struct target target_x86_64 = x86_64, target_i386 = i386,
		    target_x86_64_2022 = x86_64_2022;
const struct target *target = &target_x86_64;

bool arg_in_request(const struct arg *a)
{
	return a->dir == D_IN || a->dir == D_INOUT;
}

bool arg_in_reply(const struct arg *a)
{
	return a->dir == D_OUT || a->dir == D_INOUT;
}

bool arg_is_array(const struct arg *a)
{
	return a->type->kind == TK_ARRAY;
}

/* Arrays whose length is known only at run time carry a Cnt argument. */
bool arg_has_count(const struct arg *a)
{
	return a->type->kind == TK_ARRAY && a->type->varying &&
	       !(a->flags & AF_SAMECOUNT);
}

bool arg_is_poly(const struct arg *a)
{
	return (a->type->kind == TK_BASIC || a->type->kind == TK_ARRAY) &&
	       a->type->msgt_name == MT_POLYMORPHIC;
}

/*
 * Does the server function get a Poly argument for a? It does when it
 * sends a polymorphic value (out), or receives one whose type it cannot
 * know (in, without a recv_name), or the type says "X|polymorphic".
 */
bool arg_server_poly(const struct arg *a)
{
	if (a->type->server_poly)
		return true;
	return arg_is_poly(a) && (arg_in_reply(a) || !a->type->recv_name);
}

/* The user's side of the same rule: it sends in, receives out values. */
bool arg_user_poly(const struct arg *a)
{
	return arg_is_poly(a) && (a->dir != D_OUT || !a->type->recv_name);
}

/* Does the item carry port rights for sure (the receiver knows it)? */
bool item_is_port(const struct item *it)
{
	return it->port && (it->msgt_name != MT_POLYMORPHIC || it->recv_name);
}

/*
 * The C type of an in-array or string argument, const as GNU MIG has it
 * on both sides: "const_T" for a pointer type T (an inline-or-OOL array
 * or a string), "const T" for a C array type; out-of-line arrays and
 * everything else keep ct.
 */
const char *const_ctype(const struct arg *a, const char *ct)
{
	const struct type *t = a->type;
	bool string =
		t->kind == TK_CSTRING || (t->kind == TK_BASIC && t->string);
	if (arg_in_reply(a) || !ct)
		return ct;
	if (string && !t->ctype)
		return "const char *"; /* an anonymous string */
	if (strchr(ct, '*') &&
	    (string || (t->kind == TK_ARRAY && t->unbounded)))
		return xasprintf("const %s", ct);
	if (strchr(ct, ' ') || strchr(ct, '*'))
		return ct;
	if (string)
		return xasprintf("const_%s", ct);
	if (t->kind != TK_ARRAY || t->ool)
		return ct;
	if (t->unbounded)
		return xasprintf("const_%s", ct);
	return xasprintf("const %s", ct);
}

/* The reply port the user stub uses, when an argument gives it. */
struct arg *user_reply_arg(const struct routine *r)
{
	struct arg *a = r->reply_port;
	return a && a->dir != D_SREPLYPORT ? a : NULL;
}

const char *user_name(const struct routine *r)
{
	return xasprintf("%s%s", subsys.user_prefix ? subsys.user_prefix : "",
			 r->name);
}

const char *server_name(const struct routine *r)
{
	return xasprintf("%s%s",
			 subsys.server_prefix ? subsys.server_prefix : "",
			 r->name);
}

const char *demux_name(void)
{
	return subsys.demux ? subsys.demux
			    : xasprintf("%s_server", subsys.name);
}

/* ---- Items ------------------------------------------------------------ */

static bool needs_long(const struct item *it, const struct arg *a)
{
	unsigned flags = a ? a->flags : 0;
	const struct type *t = a ? a->type : NULL;
	if ((flags & AF_ISNOTLONG) || (t && t->is_not_long))
		return false;
	if ((flags & AF_ISLONG) || (t && t->is_long))
		return true;
	return (it->ool && it->varying) || it->indefinite ||
	       it->msgt_size >= 256 || it->number >= 4096;
}

static void item_scalar(struct item *it, const struct type *t)
{
	it->msgt_name = t->msgt_name;
	it->recv_name = t->recv_name;
	it->msgt_size = t->size;
	it->number = t->number;
	it->per_elem = t->number;
	it->elem_bytes = t->c_size;
	it->max_bytes = t->c_size;
	it->inline_ = true;
	it->string = t->string;
	it->port = is_port(t->msgt_name) || t->msgt_name == MT_POLYMORPHIC;
}

static void item_array(struct item *it, const struct arg *a)
{
	const struct type *t = a->type;
	bool port = is_port(t->msgt_name) || t->msgt_name == MT_POLYMORPHIC;
	it->msgt_name = t->msgt_name;
	it->recv_name = t->recv_name;
	it->msgt_size = t->size;
	it->per_elem = t->number;
	it->elem_bytes = t->c_size;
	it->port = port;
	it->string = t->string;
	it->varying = t->varying;
	if (t->ool) {
		it->ool = true;
		if (port)
			it->msgt_size = 32; /* OOL names are 4 bytes (§4.2) */
		it->number = t->count * t->number;
		it->dealloc = a->flags & AF_DEALLOC;
		return;
	}
	if (t->unbounded) {
		it->indefinite = true;
		it->elem_bytes = port ? target->port_inline / 8 : t->c_size;
		it->number = INDEFINITE_INLINE_MAX / it->elem_bytes * t->number;
		it->max_bytes =
			INDEFINITE_INLINE_MAX / it->elem_bytes * it->elem_bytes;
		it->dealloc = a->flags & AF_DEALLOC;
		return;
	}
	it->inline_ = true;
	it->number = t->count * t->number;
	it->max_bytes = t->count * t->c_size;
}

static void item_cstring(struct item *it, const struct type *t)
{
	it->msgt_name = MT_STRING;
	it->msgt_size = 8;
	it->number = t->count;
	it->per_elem = 1;
	it->elem_bytes = 1;
	it->max_bytes = t->count;
	it->inline_ = true;
	it->varying = t->varying;
	it->string = true;
}

static int item_data_size(const struct item *it)
{
	if (it->ool)
		return round_up(target->pointer, target->align);
	int n = it->max_bytes;
	if (it->indefinite && n < target->pointer)
		n = target->pointer;
	return round_up(n, target->align);
}

static struct item *item_for_arg(struct arg *a)
{
	struct item *it = xmalloc(sizeof *it);
	it->kind = IK_DATA;
	it->arg = a;
	it->field = a->name;
	switch (a->type->kind) {
	case TK_ARRAY:
		item_array(it, a);
		break;
	case TK_CSTRING:
		item_cstring(it, a->type);
		break;
	default:
		item_scalar(it, a->type);
		break;
	}
	if (a->type->dealloc && (it->ool || it->indefinite))
		it->dealloc = true; /* never on inline data (§4.2) */
	it->longform = needs_long(it, a);
	return it;
}

static struct item *item_int(enum item_kind kind, const char *field,
			     struct arg *a)
{
	struct item *it = xmalloc(sizeof *it);
	it->kind = kind;
	it->arg = a;
	it->field = xstrdup(field);
	it->msgt_name = MT_INTEGER_32;
	it->msgt_size = 32;
	it->number = 1;
	it->per_elem = 1;
	it->elem_bytes = 4;
	it->max_bytes = 4;
	it->inline_ = true;
	return it;
}

static void msg_add(struct msg *m, struct item *it)
{
	struct item **p = &m->items;
	while (*p)
		p = &(*p)->next;
	*p = it;
}

/* Does the item's data size vary, moving the items after it? */
bool item_moves(const struct item *it)
{
	return (it->varying && !it->ool) || it->indefinite;
}

/* Offsets in the max layout, segments, sizes, complexity. */
static void msg_finish(struct msg *m)
{
	int off = target->header, min = target->header, seg = 0;
	for (struct item *it = m->items; it; it = it->next) {
		it->desc_size =
			it->longform ? target->desc_long : target->desc_short;
		it->data_size = item_data_size(it);
		off = round_up(off, target->align);
		it->offset = off;
		it->segment = seg;
		off += it->desc_size + it->data_size;
		bool var = item_moves(it);
		min += it->desc_size + (var ? 0 : it->data_size);
		if (var) {
			m->has_varying = true;
			if (it->next)
				seg++;
		}
		if (it->ool || item_is_port(it))
			m->complex = true;
		if (it->indefinite && !it->port)
			m->maybe_complex = true;
		if (it->msgt_name == MT_POLYMORPHIC && !it->recv_name)
			m->maybe_complex = true;
	}
	m->segments = seg + 1;
	m->fixed_size = min;
	m->max_size = round_up(off, target->align);
}

/* ---- Routines ------------------------------------------------------------ */

static void find_special_args(struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		switch (a->dir) {
		case D_REQUESTPORT:
			r->request_port = a;
			break;
		case D_REPLYPORT:
		case D_UREPLYPORT:
		case D_SREPLYPORT:
			r->reply_port = a;
			break;
		case D_WAITTIME:
			r->waittime = a;
			break;
		case D_MSGOPTION:
			r->msgoption = a;
			break;
		case D_MSGSEQNO:
			r->msgseqno = a;
			break;
		default:
			break;
		}
	}
	if (!r->request_port && r->args) {
		if (r->args->dir == D_NONE || r->args->dir == D_IN) {
			r->args->dir = D_REQUESTPORT;
			r->request_port = r->args;
		} else {
			error_at(r->file, r->line,
				 "'%s': the first argument must be the "
				 "request port",
				 r->name);
		}
	}
	for (struct arg *a = r->args; a; a = a->next)
		if (a->dir == D_NONE)
			a->dir = D_IN;
}

static void check_routine(struct routine *r)
{
	for (struct arg *a = r->args; a; a = a->next) {
		if (r->simple && arg_in_reply(a))
			error_at(r->file, a->line,
				 "simpleroutine '%s' has out argument '%s'",
				 r->name, a->name);
		if ((a->flags & AF_COUNTINOUT) &&
		    !(arg_has_count(a) && a->dir == D_OUT))
			error_at(r->file, a->line,
				 "CountInOut on '%s', not an out "
				 "variable array",
				 a->name);
	}
	struct arg *rp = r->request_port;
	if (rp && rp->type->kind == TK_BASIC && !is_port(rp->type->msgt_name) &&
	    rp->type->msgt_name != MT_POLYMORPHIC)
		error_at(r->file, rp->line, "request port '%s' is not a port",
			 rp->name);
}

/*
 * A CountInOut request count asks for no more than the reply's inline
 * array holds (GNU MIG's stubs send the smaller of the caller's count and
 * that capacity); an out-of-line reply array has no such bound.
 */
static void set_count_capacities(struct routine *r)
{
	for (struct item *c = r->request->items; c; c = c->next) {
		if (c->kind != IK_COUNT)
			continue;
		for (const struct item *it = r->reply->items; it; it = it->next)
			if (it->kind == IK_DATA && it->arg == c->arg &&
			    !it->ool && it->per_elem > 0)
				c->capacity = it->number / it->per_elem;
	}
}

void layout_routine(struct routine *r)
{
	find_special_args(r);
	check_routine(r);
	r->request = xmalloc(sizeof *r->request);
	r->reply = xmalloc(sizeof *r->reply);
	if (!r->simple)
		msg_add(r->reply, item_int(IK_RETCODE, "RetCode", NULL));
	for (struct arg *a = r->args; a; a = a->next) {
		if (arg_in_request(a))
			msg_add(r->request, item_for_arg(a));
		if (a->dir == D_OUT && (a->flags & AF_COUNTINOUT))
			msg_add(r->request,
				item_int(IK_COUNT, xasprintf("%sCnt", a->name),
					 a));
		if (arg_in_reply(a) && !r->simple)
			msg_add(r->reply, item_for_arg(a));
	}
	set_count_capacities(r);
	msg_finish(r->request);
	msg_finish(r->reply);
}
