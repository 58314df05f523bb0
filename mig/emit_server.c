/*
 * mig/emit_server.c - server stubs and the demux. A stub checks the
 * request, translates its arguments (intran), calls the server function,
 * then builds the reply: every reply item is first written at its place
 * in the max layout, then the segments after varying items are moved down.
 *
 * Two modes (mig/README.md, "Kernel servers"): a user server works on a
 * received message (header swapped, rights are names); a KernelServer
 * subsystem works on the kernel's internal format, where the header is
 * not swapped and every port slot is a kernel port pointer, through the
 * runtime of <ipc/mig_kernel.h>.
 */
#include <string.h>
#include "mig.h"

static bool kernel_mode(void)
{
	return subsys.kernel_server;
}

/* ---- The request header: where its ports and dispositions are -------- */

static const char *hdr_request_port(void)
{
	return kernel_mode() ? "mig_kernel_request_port(&In0P->Head)"
			     : "In0P->Head.msgh_local_port";
}

/* The reply right: in a kernel server the caller moved it into the reply. */
static const char *hdr_reply_port(void)
{
	return kernel_mode() ? "mig_kernel_reply_port(OutHeadP)"
			     : "In0P->Head.msgh_remote_port";
}

static const char *hdr_request_disp(void)
{
	return kernel_mode() ? "MACH_MSGH_BITS_REMOTE(In0P->Head.msgh_bits)"
			     : "MACH_MSGH_BITS_LOCAL(In0P->Head.msgh_bits)";
}

static const char *hdr_reply_disp(void)
{
	return kernel_mode() ? "MACH_MSGH_BITS_REMOTE(OutHeadP->msgh_bits)"
			     : "MACH_MSGH_BITS_REMOTE(In0P->Head.msgh_bits)";
}

static const char *in_ptr(const struct item *it)
{
	return xasprintf("In%dP", it->segment);
}

static const char *out_ptr(const struct item *it)
{
	return xasprintf("Out%dP", it->segment);
}

/* ---- Arguments of the server function ----------------------------------- */

static const char *in_value(const struct routine *r, const struct arg *a)
{
	if (a == r->request_port)
		return hdr_request_port();
	if (a->dir == D_SREPLYPORT || a->dir == D_REPLYPORT)
		return hdr_reply_port();
	if (a->dir == D_MSGSEQNO)
		return "In0P->Head.msgh_seqno";
	for (const struct item *it = r->request->items; it; it = it->next)
		if (it->arg == a && it->kind == IK_DATA)
			return xasprintf("%s->%s", in_ptr(it), it->field);
	return "0";
}

static const struct item *find_item(const struct msg *m, const struct arg *a)
{
	for (const struct item *it = m->items; it; it = it->next)
		if (it->arg == a && it->kind == IK_DATA)
			return it;
	return NULL;
}

/* Locals: translated in args, out values, counts. */
static void emit_arg_locals(FILE *out, const struct routine *r)
{
	for (const struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		if (a->dir == D_UREPLYPORT || a->dir == D_WAITTIME ||
		    a->dir == D_MSGOPTION)
			continue;
		if (!arg_in_reply(a) && t->intran.func)
			fprintf(out, "\t%s %s;\n", t->intran.type, a->name);
		if (arg_in_reply(a) && t->kind != TK_ARRAY &&
		    t->kind != TK_CSTRING && !t->string)
			fprintf(out, "\t%s %s;\n",
				a->dir == D_OUT && t->outtran.func
					? t->outtran.arg
					: type_ctype_server(t),
				a->name);
		if (arg_in_reply(a) && t->kind == TK_ARRAY &&
		    (t->ool || t->unbounded))
			fprintf(out, "\t%s %s;\n", type_ctype_server(t),
				a->name);
		if (arg_server_poly(a))
			fprintf(out, "\tmach_msg_type_name_t %sPoly;\n",
				a->name);
		if (arg_has_count(a))
			fprintf(out, "\tmach_msg_type_number_t %sCnt;\n",
				a->name);
		if (arg_in_reply(a) && (a->flags & AF_DEALLOC_VAR))
			fprintf(out, "\tboolean_t %sDealloc = FALSE;\n",
				a->name);
	}
}

static void intran_request_port(FILE *out, const struct routine *r,
				const struct arg *a)
{
	const struct type *t = a->type;
	if (t->payload.func && t->intran.func && !kernel_mode()) {
		fprintf(out,
			"\tif (MACH_MSGH_BITS_LOCAL(In0P->Head.msgh_bits) == "
			"MACH_MSG_TYPE_PROTECTED_PAYLOAD)\n"
			"\t\t%s = %s(In0P->Head.msgh_protected_payload);\n"
			"\telse\n\t\t%s = %s(%s);\n",
			a->name, t->payload.func, a->name, t->intran.func,
			in_value(r, a));
		return;
	}
	fprintf(out, "\t%s = %s(%s);\n", a->name, t->intran.func,
		in_value(r, a));
}

/* Fill the locals from the checked request. */
static void emit_prepare(FILE *out, const struct routine *r)
{
	for (const struct arg *a = r->args; a; a = a->next) {
		const struct type *t = a->type;
		const struct item *it = find_item(r->request, a);
		if (a->dir == D_UREPLYPORT || a->dir == D_WAITTIME ||
		    a->dir == D_MSGOPTION)
			continue;
		if (!arg_in_reply(a) && t->intran.func) {
			if (a == r->request_port)
				intran_request_port(out, r, a);
			else
				fprintf(out, "\t%s = %s(%s);\n", a->name,
					t->intran.func, in_value(r, a));
		}
		if (arg_server_poly(a) && it)
			fprintf(out, "\t%sPoly = %s->%sType.%s;\n", a->name,
				in_ptr(it), it->field, desc_field(it, "name"));
		else if (arg_server_poly(a) &&
			 (a->dir == D_SREPLYPORT || a->dir == D_REPLYPORT))
			fprintf(out, "\t%sPoly = %s;\n", a->name,
				hdr_reply_disp());
		else if (arg_server_poly(a) && a == r->request_port)
			fprintf(out, "\t%sPoly = %s;\n", a->name,
				hdr_request_disp());
		if (a->dir == D_INOUT && !arg_is_array(a))
			fprintf(out, "\t%s = %s;\n", a->name, in_value(r, a));
		if (arg_has_count(a) && it)
			fprintf(out, "\t%sCnt = %sNum / %d;\n", a->name,
				it->field, it->per_elem);
	}
}

/* Inline rights arrive in 8-byte slots; a 4-byte mach_port_t wants names. */
static void compact_ports(FILE *out, const struct item *it, const char *n)
{
	if (!*slot_member())
		return; /* 4-byte slots: already names */
	fprintf(out,
		"\tif (sizeof(mach_port_t) != "
		"sizeof(mach_port_name_inlined_t)) {\n"
		"\t\tmach_port_name_t *names = (mach_port_name_t *)%s->%s;\n"
		"\t\tfor (mach_msg_type_number_t i = 0; i < %s; i++)\n"
		"\t\t\tnames[i] = %s->%s[i].name;\n\t}\n",
		in_ptr(it), it->field, n, in_ptr(it), it->field);
}

/* A kernel server's slots already hold mach_port_t values. */
static void emit_in_ports(FILE *out, const struct routine *r)
{
	if (kernel_mode())
		return;
	for (const struct item *it = r->request->items; it; it = it->next) {
		if (it->kind != IK_DATA || !item_is_port(it) || it->ool ||
		    it->arg->type->kind != TK_ARRAY)
			continue;
		const char *n =
			it->varying || it->indefinite
				? xasprintf("%sNum", it->field)
				: xasprintf("%d",
					    it->max_bytes / it->elem_bytes);
		if (it->indefinite)
			fprintf(out, "\tif (%s->%sType.%s)\n", in_ptr(it),
				it->field, desc_field(it, "inline"));
		compact_ports(out, it, n);
	}
}

static const char *array_in_value(const struct item *it, const char *ct)
{
	const char *P = in_ptr(it);
	if (it->ool)
		return xasprintf("(%s)(uintptr_t)%s->%s", ct, P, it->field);
	if (it->indefinite)
		return xasprintf("%s->%sType.%s ? (%s)(void *)%s->%s : "
				 "(%s)(uintptr_t)%s->%sOOL",
				 P, it->field, desc_field(it, "inline"), ct, P,
				 it->field, ct, P, it->field);
	if (it->port)
		return xasprintf("(%s *)(void *)%s->%s",
				 type_elem_ctype(it->arg->type), P, it->field);
	return xasprintf("%s->%s", P, it->field);
}

/* The expression passed for argument a. */
static const char *call_arg(const struct routine *r, const struct arg *a)
{
	const struct type *t = a->type;
	if (arg_in_reply(a)) {
		const struct item *it = find_item(r->reply, a);
		if (t->kind == TK_ARRAY && (t->ool || t->unbounded))
			return xasprintf("&%s", a->name);
		if (t->kind == TK_ARRAY && it->port)
			return xasprintf("(%s *)(void *)%s->%s",
					 type_elem_ctype(t), out_ptr(it),
					 it->field);
		if (t->kind == TK_ARRAY || t->kind == TK_CSTRING || t->string)
			return xasprintf("%s->%s", out_ptr(it), it->field);
		return xasprintf("&%s", a->name);
	}
	if (t->intran.func)
		return a->name;
	const struct item *it = find_item(r->request, a);
	if (it && t->kind == TK_ARRAY)
		return array_in_value(it, type_ctype_server(t));
	return in_value(r, a);
}

/*
 * Kernel server, after the call: when the function succeeded (or will
 * reply later) the request's body is the stub's to dispose of (the
 * caller then frees the message without its rights). A right the stub
 * translated to an object is released; its out-of-line buffers are
 * freed. Rights handed to the function as ports are the function's.
 */
static void kernel_consume_item(FILE *out, const struct item *it)
{
	const struct type *t = it->arg->type;
	const char *P = in_ptr(it);
	if (it->port && t->kind != TK_ARRAY && t->intran.func)
		fprintf(out,
			"\t\tmig_kernel_release_right(%s->%s, "
			"%s->%sType.%s);\n",
			P, it->field, P, it->field, desc_field(it, "name"));
	if (!it->ool && !it->indefinite)
		return;
	if (it->indefinite)
		fprintf(out, "\t\tif (!%s->%sType.%s)\n\t", P, it->field,
			desc_field(it, "inline"));
	const char *data = xasprintf("(void *)(uintptr_t)%s->%s%s", P,
				     it->field, it->indefinite ? "OOL" : "");
	if (it->port)
		fprintf(out, "\t\tmig_kernel_ool_ports_free(%s, %sNum);\n",
			data, it->field);
	else
		fprintf(out,
			"\t\tmig_kernel_ool_free(%s, ((vm_size_t)%sNum * %d + "
			"7) / 8);\n",
			data, it->field, it->msgt_size);
}

static void emit_kernel_consume(FILE *out, const struct routine *r)
{
	bool any = false;
	for (const struct item *it = r->request->items; it; it = it->next)
		if (it->kind == IK_DATA &&
		    ((it->port && it->arg->type->kind != TK_ARRAY &&
		      it->arg->type->intran.func) ||
		     it->ool || it->indefinite))
			any = true;
	if (!any)
		return;
	fprintf(out, "\tif (OutP->RetCode == KERN_SUCCESS || "
		     "OutP->RetCode == MIG_NO_REPLY) {\n");
	for (const struct item *it = r->request->items; it; it = it->next)
		if (it->kind == IK_DATA)
			kernel_consume_item(out, it);
	fprintf(out, "\t}\n");
}

/* ServerCopy: TRUE when the data arrived out of line, the server's own. */
/* ServerCopy: TRUE when the data is in the request buffer (inline), which
   the function must copy to keep, as GNU MIG passes it. */
static const char *server_copy(const struct routine *r, const struct arg *a)
{
	const struct item *it = find_item(r->request, a);
	if (!it || (!it->ool && !it->indefinite))
		return "TRUE";
	if (it->ool)
		return "FALSE";
	return xasprintf("%s->%sType.%s", in_ptr(it), it->field,
			 desc_field(it, "inline"));
}

static void emit_call(FILE *out, const struct routine *r)
{
	fprintf(out, "\tOutP->RetCode = %s(", server_name(r));
	const char *sep = "";
	for (const struct arg *a = r->args; a; a = a->next) {
		if (a->dir == D_UREPLYPORT || a->dir == D_WAITTIME ||
		    a->dir == D_MSGOPTION)
			continue;
		fprintf(out, "%s%s", sep, call_arg(r, a));
		sep = ", ";
		if (arg_server_poly(a))
			fprintf(out, ", %s%sPoly", arg_in_reply(a) ? "&" : "",
				a->name);
		if (arg_has_count(a))
			fprintf(out, ", %s%sCnt", arg_in_reply(a) ? "&" : "",
				a->name);
		if ((a->flags & AF_SERVERCOPY) && !arg_in_reply(a))
			fprintf(out, ", %s", server_copy(r, a));
		if ((a->flags & AF_DEALLOC_VAR) && arg_in_reply(a))
			fprintf(out, ", &%sDealloc", a->name);
	}
	fprintf(out, ");\n");
	for (const struct arg *a = r->args; a; a = a->next)
		if (!arg_in_reply(a) && a->type->intran.func &&
		    a->type->destructor.func)
			fprintf(out, "\t%s(%s);\n", a->type->destructor.func,
				a->name);
	if (kernel_mode())
		emit_kernel_consume(out, r);
}

/* Before the call: out counts get their capacity, indefinite buffers. */
static void emit_out_capacity(FILE *out, const struct routine *r)
{
	for (const struct item *it = r->reply->items; it; it = it->next) {
		const struct arg *a = it->arg;
		/* A right the function does not describe is moved. */
		if (it->kind == IK_DATA && arg_server_poly(a) && it->recv_name)
			fprintf(out, "\t%sPoly = %s;\n", a->name,
				ipc_name_string(it->recv_name));
		if (it->kind != IK_DATA || !arg_has_count(a))
			continue;
		int max = it->number / it->per_elem;
		if (it->ool)
			fprintf(out, "\t%s = 0;\n\t%sCnt = 0;\n", a->name,
				a->name);
		else if (it->indefinite)
			fprintf(out, "\t%s = (%s)%s->%s;\n\t%sCnt = %d;\n",
				a->name, type_ctype_server(a->type),
				out_ptr(it), it->field, a->name, max);
		else if (!(a->flags & AF_COUNTINOUT))
			fprintf(out, "\t%sCnt = %d;\n", a->name, max);
		if (a->flags & AF_COUNTINOUT) {
			const struct item *c = r->request->items;
			while (c && !(c->kind == IK_COUNT && c->arg == a))
				c = c->next;
			fprintf(out, "\t%sCnt = %s->%s < %d ? %s->%s : %d;\n",
				a->name, in_ptr(c), c->field, max, in_ptr(c),
				c->field, max);
		}
	}
}

/* ---- The reply ------------------------------------------------------------
 */

static void expand_ports(FILE *out, const char *P, const struct item *it,
			 const char *n)
{
	if (kernel_mode() || !*slot_member())
		return; /* the slots hold mach_port_t values already */
	fprintf(out,
		"\tif (sizeof(mach_port_t) != "
		"sizeof(mach_port_name_inlined_t)) {\n"
		"\t\tmach_port_name_t *names = (mach_port_name_t *)%s->%s;\n"
		"\t\tfor (mach_msg_type_number_t i = %s; i-- > 0;)\n"
		"\t\t\t%s->%s[i].name = names[i];\n\t}\n",
		P, it->field, n, P, it->field);
}

/*
 * A kernel server's reply is in internal format: a right is described by
 * its carried type (16-18), there is no copyin to convert a disposition.
 */
static int reply_name(const struct item *it)
{
	if (it->msgt_name == MT_POLYMORPHIC)
		return -1;
	return kernel_mode() ? port_received(it->msgt_name) : it->msgt_name;
}

static void reply_template(FILE *out, const struct item *it)
{
	int name = reply_name(it);
	fprintf(out, "\tstatic const %s %sType = ", desc_ctype(it), it->field);
	emit_desc_init(out, it, name, it->msgt_size,
		       it->varying || it->indefinite ? 0 : it->number,
		       it->inline_ || it->indefinite, it->ool && it->dealloc);
	fprintf(out, ";\n\t%s->%sType = %sType;\n", out_ptr(it), it->field,
		it->field);
}

/*
 * An indefinite array the function returned in its own buffer goes out
 * of line, moved (deallocated) only if the .defs says dealloc, as GNU
 * MIG does. A kernel server's buffers are always the reply's to free
 * (unless NotDealloc): its runtime owns them (mig/README.md).
 */
static const char *ool_dealloc(const struct item *it)
{
	if (it->arg->flags & AF_DEALLOC_VAR)
		return xasprintf("%sDealloc", it->arg->name);
	if (kernel_mode())
		return (it->arg->flags & AF_NOTDEALLOC) ? "FALSE" : "TRUE";
	return it->dealloc ? "TRUE" : "FALSE";
}

static void reply_indefinite(FILE *out, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *P = out_ptr(it);
	fprintf(out,
		"\tif ((void *)%s != (void *)%s->%s) {\n"
		"\t\t%s->%sOOL = (void *)(uintptr_t)%s;\n"
		"\t\t%s->%sType.%s = FALSE;\n"
		"\t\t%s->%sType.%s = %s;\n",
		a->name, P, it->field, P, it->field, a->name, P, it->field,
		desc_field(it, "inline"), P, it->field,
		desc_field(it, "deallocate"), ool_dealloc(it));
	if (it->port)
		fprintf(out, "\t\t%s->%sType.%s = 32;\n", P, it->field,
			desc_field(it, "size"));
	fprintf(out,
		"\t\t%sBytes = %d;\n\t\tmsgh_simple = FALSE;\n\t} else {\n"
		"\t\t%sBytes = %sCnt * %d;\n",
		it->field, target->pointer, it->field, a->name, it->elem_bytes);
	if (it->port)
		expand_ports(out, P, it, xasprintf("%sCnt", a->name));
	fprintf(out, "\t}\n");
}

static void reply_item(FILE *out, const struct item *it)
{
	const struct arg *a = it->arg;
	const struct type *t = a->type;
	const char *P = out_ptr(it);
	reply_template(out, it);
	if (arg_has_count(a) || a->count_of)
		fprintf(out, "\t%s->%sType.%s = %sCnt * %d;\n", P, it->field,
			desc_field(it, "number"),
			a->count_of ? a->count_of->name : a->name,
			it->per_elem);
	if (it->ool) {
		fprintf(out, "\t%s->%s = (void *)(uintptr_t)%s;\n", P,
			it->field, a->name);
		if (a->flags & AF_DEALLOC_VAR)
			fprintf(out, "\t%s->%sType.%s = %sDealloc;\n", P,
				it->field, desc_field(it, "deallocate"),
				a->name);
	} else if (it->indefinite) {
		reply_indefinite(out, it);
	} else if (it->varying && it->string) {
		fprintf(out,
			"\t%sBytes = __builtin_strnlen(%s->%s, %d) + 1;\n"
			"\tif (%sBytes > %d)\n\t\t%sBytes = %d;\n"
			"\t%s->%s[%sBytes - 1] = '\\0';\n"
			"\t%s->%sType.%s = %sBytes;\n",
			it->field, P, it->field, it->max_bytes, it->field,
			it->max_bytes, it->field, it->max_bytes, P, it->field,
			it->field, P, it->field, desc_field(it, "number"),
			it->field);
	} else if (it->varying) {
		fprintf(out, "\t%sBytes = %sCnt * %d;\n", it->field,
			a->count_of ? a->count_of->name : a->name,
			it->elem_bytes);
		if (it->port)
			expand_ports(out, P, it, xasprintf("%sCnt", a->name));
	} else if (t->kind == TK_ARRAY && it->port) {
		expand_ports(out, P, it,
			     xasprintf("%d", it->max_bytes / it->elem_bytes));
	} else if (t->kind != TK_ARRAY && t->kind != TK_CSTRING && !t->string) {
		if (t->outtran.func)
			fprintf(out, "\t%s->%s = %s(%s);\n", P, it->field,
				t->outtran.func, a->name);
		else
			fprintf(out, "\t%s->%s = %s;\n", P, it->field, a->name);
	}
	if (it->msgt_name == MT_POLYMORPHIC)
		fprintf(out,
			"\t%s->%sType.%s = %sPoly;\n"
			"\tif (MACH_MSG_TYPE_PORT_ANY(%sPoly))\n"
			"\t\tmsgh_simple = FALSE;\n",
			P, it->field, desc_field(it, "name"), a->name, a->name);
}

/* Move segment s from its max-layout place to where it belongs. */
static void compact_segment(FILE *out, const struct msg *m, int s,
			    const struct item *first)
{
	const struct item *last = first;
	while (last->next && last->next->segment == s)
		last = last->next;
	const char *end =
		item_moves(last)
			? xasprintf("(mach_msg_size_t)((char *)&Out%dP->%s - "
				    "(char *)Out%dP) + MIG_ALIGN(%sBytes)",
				    s, last->field, s, last->field)
			: xasprintf("sizeof(ReplySeg%d)", s);
	fprintf(out,
		"\tseg_size = %s;\n"
		"\t__builtin_memmove((char *)OutP + msgh_size, Out%dP, "
		"seg_size);\n"
		"\tmsgh_size += seg_size;\n",
		end, s);
	(void)m;
}

static void emit_reply(FILE *out, const struct routine *r)
{
	const struct msg *m = r->reply;
	for (const struct item *it = m->items->next; it; it = it->next)
		reply_item(out, it);
	/* Segment 0 ends at its varying item, or is the whole message. */
	const struct item *it = m->items;
	if (!m->has_varying) {
		fprintf(out, "\tmsgh_size = %d;\n", m->max_size);
	} else {
		while (!item_moves(it))
			it = it->next;
		fprintf(out,
			"\tmsgh_size = (mach_msg_size_t)((char *)&OutP->%s - "
			"(char "
			"*)OutP) + MIG_ALIGN(%sBytes);\n",
			it->field, it->field);
		for (int seg = 1; seg < m->segments; seg++) {
			it = m->items;
			while (it->segment != seg)
				it = it->next;
			compact_segment(out, m, seg, it);
		}
	}
	if (m->complex)
		fprintf(out,
			"\tOutP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n");
	else if (m->maybe_complex)
		fprintf(out, "\tif (!msgh_simple)\n\t\tOutP->Head.msgh_bits |= "
			     "MACH_MSGH_BITS_COMPLEX;\n");
	fprintf(out, "\tOutP->Head.msgh_size = msgh_size;\n");
}

static void emit_reply_locals(FILE *out, const struct routine *r)
{
	const struct msg *m = r->reply;
	fprintf(out,
		"\tReply *OutP = (Reply *)OutHeadP;\n\tReply *Out0P = OutP;\n"
		"\tboolean_t msgh_simple = TRUE;\n\t(void)msgh_simple;\n"
		"\tmach_msg_size_t seg_size;\n\t(void)seg_size;\n"
		"\t(void)Out0P;\n");
	for (int seg = 1; seg < m->segments; seg++) {
		const struct item *it = m->items;
		while (it->segment != seg)
			it = it->next;
		fprintf(out,
			"\tReplySeg%d *Out%dP = (ReplySeg%d *)((char *)OutP + "
			"%d);\n",
			seg, seg, seg, it->offset);
	}
	for (const struct item *it = m->items; it; it = it->next)
		if (item_moves(it))
			fprintf(out,
				"\tmach_msg_size_t "
				"%sBytes;\n\t(void)%sBytes;\n",
				it->field, it->field);
}

/*
 * KernelServer: tell the runtime how far the reply may be written
 * (ipc/mig_kernel.h, mig_kernel_reply_bound), so that the kernel clears no
 * more of its reply buffer before the next call. A reply whose last item
 * is an inline array the caller sizes (CountInOut) is written up to that
 * array's capacity for this request; any other up to its largest size.
 */
static void emit_kernel_reply_bound(FILE *out, const struct routine *r)
{
	const struct item *last = NULL;

	for (const struct item *it = r->reply->items; it; it = it->next)
		last = it;
	if (!r->simple && last != NULL && last->kind == IK_DATA &&
	    last->varying && last->inline_ && !last->indefinite &&
	    last->segment == 0 && (last->arg->flags & AF_COUNTINOUT))
		fprintf(out,
			"	mig_kernel_reply_bound(OutHeadP, "
			"(mach_msg_size_t)"
			"(__builtin_offsetof(Reply, %s) + "
			"((%sCnt * %d + 7) & ~7u)));\n",
			last->field, last->arg->name, last->elem_bytes);
	else
		fprintf(out, "	mig_kernel_reply_bound(OutHeadP, "
			     "sizeof(Reply));\n");
}

static void emit_stub(FILE *out, const struct routine *r)
{
	fprintf(out,
		"/* %s %s */\nmig_internal void _X%s\n"
		"\t(mach_msg_header_t *InHeadP, mach_msg_header_t "
		"*OutHeadP)\n{\n",
		r->simple ? "SimpleRoutine" : "Routine", r->name, r->name);
	emit_msg_structs(out, r, true);
	if (r->simple)
		fprintf(out, "\ttypedef mig_reply_header_t Reply;\n");
	fprintf(out, "\tRequest *In0P = (Request *)InHeadP;\n"
		     "\tmach_msg_size_t msgh_size;\n");
	emit_check_locals(out, r->request, "Request", "In");
	if (r->simple)
		fprintf(out, "\tReply *OutP = (Reply *)OutHeadP;\n");
	else
		emit_reply_locals(out, r);
	emit_arg_locals(out, r);
	fprintf(out, "\n");
	emit_msg_check(out, r->request, "Request", "In",
		       "{ OutP->RetCode = MIG_BAD_ARGUMENTS; return; }", NULL);
	emit_in_ports(out, r);
	emit_prepare(out, r);
	if (!r->simple)
		emit_out_capacity(out, r);
	if (kernel_mode())
		emit_kernel_reply_bound(out, r);
	emit_call(out, r);
	if (!r->simple) {
		fprintf(out,
			"\tif (OutP->RetCode != KERN_SUCCESS)\n\t\treturn;\n");
		emit_reply(out, r);
	}
	fprintf(out, "}\n\n");
}

static void emit_server_prototype(FILE *out, const struct routine *r)
{
	fprintf(out, "extern kern_return_t %s\n(\n", server_name(r));
	emit_server_params(out, r);
	fprintf(out, ");\n\n");
}

/*
 * A kernel server's caller has already made OutHeadP a 48-byte MIG_BAD_ID
 * reply to the request's reply right (ipc/module.h): the demux only
 * dispatches.
 */
static void emit_kernel_demux_body(FILE *out, const char *demux)
{
	fprintf(out,
		"mig_external boolean_t %s\n"
		"\t(mach_msg_header_t *InHeadP, mach_msg_header_t "
		"*OutHeadP)\n{\n"
		"\tmig_routine_t routine = %s_routine(InHeadP);\n\n"
		"\tif (!routine)\n\t\treturn FALSE;\n"
		"\t(*routine)(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n\n",
		demux, demux);
}

static void emit_user_demux_body(FILE *out, const char *demux)
{
	struct item rc = {.longform = false};
	fprintf(out,
		"mig_external boolean_t %s\n"
		"\t(mach_msg_header_t *InHeadP, mach_msg_header_t "
		"*OutHeadP)\n{\n"
		"\tmig_reply_header_t *OutP = (mig_reply_header_t *)OutHeadP;\n"
		"\tstatic const mach_msg_type_t RetCodeType = ",
		demux);
	emit_desc_init(out, &rc, MT_INTEGER_32, 32, 1, true, false);
	fprintf(out,
		";\n\tmig_routine_t routine;\n\n"
		"\tOutP->Head.msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE("
		"InHeadP->msgh_bits), 0);\n"
		"\tOutP->Head.msgh_size = sizeof(*OutP);\n"
		"\tOutP->Head.msgh_remote_port = InHeadP->msgh_remote_port;\n"
		"\tOutP->Head.msgh_local_port = MACH_PORT_NULL;\n"
		"\tOutP->Head.msgh_seqno = 0;\n"
		"\tOutP->Head.msgh_id = InHeadP->msgh_id + 100;\n"
		"\tOutP->RetCodeType = RetCodeType;\n"
		"\troutine = %s_routine(InHeadP);\n"
		"\tif (!routine) {\n\t\tOutP->RetCode = MIG_BAD_ID;\n"
		"\t\treturn FALSE;\n\t}\n"
		"\t(*routine)(InHeadP, OutHeadP);\n\treturn TRUE;\n}\n\n",
		demux);
}

static void emit_demux(FILE *out)
{
	const char *demux = demux_name();
	/* A kernel server's table is the module's too (ipc/module.h). */
	fprintf(out, "%smig_routine_t %s_routines[] = {\n",
		kernel_mode() ? "const " : "static ", demux);
	const struct routine *r = subsys.routines;
	for (int i = 0; i < subsys.count; i++) {
		if (r && r->number == i) {
			fprintf(out, "\t_X%s,\n", r->name);
			r = r->next;
		} else {
			fprintf(out, "\t0,\n");
		}
	}
	fprintf(out, "\t0,\n};\n\n");
	if (kernel_mode())
		emit_kernel_demux_body(out, demux);
	else
		emit_user_demux_body(out, demux);
	fprintf(out,
		"mig_external mig_routine_t %s_routine\n"
		"\t(const mach_msg_header_t *InHeadP)\n{\n"
		"\tuint32_t index = (uint32_t)InHeadP->msgh_id - %ldu;\n\n"
		"\tif (index >= %d)\n\t\treturn 0;\n"
		"\treturn %s_routines[index];\n}\n",
		demux, subsys.base, subsys.count, demux);
}

void emit_server(FILE *out, const char *sheader_name)
{
	fprintf(out,
		"/* Module %s: server stubs, generated by mach5-mig for %s "
		"*/\n\n",
		subsys.name, target->name);
	(void)sheader_name;
	/* A kernel server's runtime (simport) defines mach_port_t: first. */
	if (kernel_mode())
		for (struct import *im = subsys.imports; im; im = im->next)
			if (im->kind == 's')
				fprintf(out, "#include %s\n", im->text);
	/* A kernel server's stubs run on the fast path's kernel calls
	 * (ipc/fastpath_kcall.c), built without frame pointers as it is. */
	if (kernel_mode())
		fprintf(out, "#if defined(__GNUC__) && !defined(__clang__)\n"
			     "#pragma GCC optimize(\"omit-frame-pointer\")\n"
			     "#endif\n");
	emit_prologue(out);
	for (struct import *im = subsys.imports; im; im = im->next)
		if (im->kind == 'a' || (im->kind == 's' && !kernel_mode()))
			fprintf(out, "#include %s\n", im->text);
	fprintf(out,
		"\nmig_external boolean_t %s\n"
		"\t(mach_msg_header_t *InHeadP, mach_msg_header_t *OutHeadP);\n"
		"mig_external mig_routine_t %s_routine\n"
		"\t(const mach_msg_header_t *InHeadP);\n\n",
		demux_name(), demux_name());
	for (const struct routine *r = subsys.routines; r; r = r->next) {
		emit_server_prototype(out, r);
		emit_stub(out, r);
	}
	emit_demux(out);
}
