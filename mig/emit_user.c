/*
 * mig/emit_user.c - user stubs: pack the request, mach_msg, check the
 * reply, unpack it into the caller's out arguments.
 */
#include <string.h>
#include "mig.h"

/*
 * A KernelUser subsystem (mig/README.md, "Kernel clients") builds its
 * request in the kernel's internal format through <ipc/mig_kernel.h>:
 * every port slot is a kernel port pointer whose right the stub makes from
 * the disposition (the descriptor carries the carried type 16-18), and the
 * message is delivered (simpleroutine) or sent with kernel_rpc (routine).
 */
static bool kuser(void)
{
	return subsys.kernel_user;
}

/* The wire name of an item's descriptor: a kernel client's port
 * descriptors carry the right's type, not the disposition. */
static int send_name(const struct item *it)
{
	if (it->msgt_name == MT_POLYMORPHIC)
		return -1;
	return kuser() && it->port ? port_received(it->msgt_name)
				   : it->msgt_name;
}

/* A kernel client supports single inline rights, inline data and
 * out-of-line arrays (a struct vm_map_copy * the message takes over); its
 * routines' replies carry no rights or memory. */
static void kuser_check(const struct routine *r)
{
	for (const struct item *it = r->request->items; it; it = it->next)
		if (it->port && (!it->inline_ || it->varying ||
				 it->indefinite || it->number != 1))
			fatal("%s: KernelUser: only single inline rights are "
			      "supported",
			      r->name);
		else if (it->indefinite)
			fatal("%s: KernelUser: inline-or-out-of-line arrays "
			      "are not supported",
			      r->name);
	if (!r->simple && (r->reply->complex || r->reply->maybe_complex))
		fatal("%s: KernelUser: a reply with rights or out-of-line "
		      "data is not supported",
		      r->name);
}

/* The expression for argument a's value (inout args are pointers). */
static const char *val(const struct arg *a)
{
	if (a->dir == D_INOUT && a->type->kind != TK_ARRAY &&
	    a->type->kind != TK_CSTRING && !a->type->string)
		return xasprintf("(*%s)", a->name);
	return a->name;
}

static const char *count_of(const struct arg *a)
{
	const struct arg *c = a->count_of ? a->count_of : a;
	return xasprintf(c->dir == D_IN ? "%sCnt" : "(*%sCnt)", c->name);
}

static void emit_template(FILE *out, const struct item *it)
{
	int name = send_name(it);
	fprintf(out, "\tstatic const %s %sType = ", desc_ctype(it), it->field);
	emit_desc_init(out, it, name, it->msgt_size,
		       it->varying || it->indefinite ? 0 : it->number,
		       it->inline_ || it->indefinite, it->ool && it->dealloc);
	fprintf(out, ";\n");
}

/* The deallocate bit of an item sent out of line, if it may be set. */
static void pack_dealloc(FILE *out, const char *P, const struct item *it,
			 const char *indent)
{
	const struct arg *a = it->arg;
	if (a->flags & AF_DEALLOC_VAR)
		fprintf(out, "%s%s->%sType.%s = %sDealloc;\n", indent, P,
			it->field, desc_field(it, "deallocate"), a->name);
	else if (it->dealloc && it->indefinite)
		fprintf(out, "%s%s->%sType.%s = TRUE;\n", indent, P, it->field,
			desc_field(it, "deallocate"));
}

/* A polymorphic item gets its type name from the Poly argument. */
static void pack_poly(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *poly = xasprintf("%sPoly", a->name);
	fprintf(out,
		"	%s->%sType.%s = %s;\n"
		"	if (MACH_MSG_TYPE_PORT_ANY(%s))\n"
		"		msgh_simple = FALSE;\n",
		P, it->field, desc_field(it, "name"), poly, poly);
}

static void pack_ports(FILE *out, const char *P, const struct item *it,
		       const char *src, const char *n)
{
	fprintf(out,
		"\tfor (mach_msg_type_number_t i = 0; i < %s; i++) {\n"
		"\t\t%s->%s[i]%s = (mach_port_name_t)(uintptr_t)%s[i];\n"
		"\t}\n",
		n, P, it->field, slot_member(), src);
}

/* Copy n C elements of an inline array into the message. */
static void pack_inline_array(FILE *out, const char *P, const struct item *it,
			      const char *src, const char *n)
{
	if (it->port)
		pack_ports(out, P, it, src, n);
	else
		fprintf(out, "\t__builtin_memcpy(%s->%s, %s, %s * %d);\n", P,
			it->field, src, n, it->elem_bytes);
}

static void pack_varying(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	int max = it->number / it->per_elem;
	if (it->string) {
		fprintf(out,
			"\t%sBytes = mig_strncpy(%s->%s, %s, %d) + 1;\n"
			"\tif (%sBytes > %d)\n\t\t%sBytes = %d;\n"
			"\t%s->%sType.%s = %sBytes;\n",
			it->field, P, it->field, a->name, max, it->field, max,
			it->field, max, P, it->field, desc_field(it, "number"),
			it->field);
		return;
	}
	const char *n = count_of(a);
	/* A kernel client checks every count first (emit_kernel_counts). */
	if (!kuser())
		fprintf(out,
			"\tif (%s > %d)\n\t\treturn MIG_ARRAY_TOO_LARGE;\n", n,
			max);
	pack_inline_array(out, P, it, a->name, n);
	fprintf(out, "\t%s->%sType.%s = %s * %d;\n\t%sBytes = %s * %d;\n", P,
		it->field, desc_field(it, "number"), n, it->per_elem, it->field,
		n, it->elem_bytes);
}

static void pack_indefinite(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *n = count_of(a);
	const char *src = val(a);
	fprintf(out, "\tif (%s <= %d) {\n", n, it->number / it->per_elem);
	pack_inline_array(out, P, it, src, n);
	fprintf(out,
		"\t\t%sBytes = %s * %d;\n\t} else {\n"
		"\t\t%s->%sOOL = (void *)(uintptr_t)%s;\n"
		"\t\t%s->%sType.%s = FALSE;\n",
		it->field, n, it->elem_bytes, P, it->field, src, P, it->field,
		desc_field(it, "inline"));
	if (it->port)
		fprintf(out, "\t\t%s->%sType.%s = 32;\n", P, it->field,
			desc_field(it, "size"));
	pack_dealloc(out, P, it, "\t\t");
	fprintf(out, "\t\t%sBytes = %d;\n\t\tmsgh_simple = FALSE;\n\t}\n",
		it->field, target->pointer);
	fprintf(out, "\t%s->%sType.%s = %s * %d;\n", P, it->field,
		desc_field(it, "number"), n, it->per_elem);
}

static void pack_fixed(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const struct type *t = a->type;
	if (it->kind == IK_COUNT && it->capacity > 0) {
		fprintf(out, "\t%s->%s = *%sCnt < %d ? *%sCnt : %d;\n", P,
			it->field, a->name, it->capacity, a->name,
			it->capacity);
	} else if (it->kind == IK_COUNT) {
		fprintf(out, "\t%s->%s = *%sCnt;\n", P, it->field, a->name);
	} else if (it->string) {
		fprintf(out, "\t(void)mig_strncpy(%s->%s, %s, %d);\n", P,
			it->field, a->name, it->max_bytes);
	} else if (t->kind == TK_ARRAY) {
		pack_inline_array(
			out, P, it, a->name,
			xasprintf("%d", it->max_bytes / it->elem_bytes));
	} else {
		fprintf(out, "\t%s->%s = %s;\n", P, it->field, val(a));
	}
}

static const char *disposition(const struct arg *a, const char *dflt);

/* A kernel client's right: made from the disposition, the carried type
 * in the descriptor. */
static void pack_kernel_port(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *disp = disposition(a, NULL);
	fprintf(out, "\t%s->%s = mig_kernel_copyin_right(%s, %s);\n", P,
		it->field, val(a), disp);
	if (arg_user_poly(a))
		fprintf(out,
			"\t%s->%sType.%s = mig_kernel_carried_type(%s);\n"
			"\tif (MACH_MSG_TYPE_PORT_ANY(%s))\n"
			"\t\tmsgh_simple = FALSE;\n",
			P, it->field, desc_field(it, "name"), disp, disp);
}

static void pack_item(FILE *out, const char *P, const struct item *it)
{
	fprintf(out, "\t%s->%sType = %sType;\n", P, it->field, it->field);
	if (kuser() && it->kind == IK_DATA && it->port) {
		pack_kernel_port(out, P, it);
		return;
	}
	if (it->ool) {
		fprintf(out, "\t%s->%s = (void *)(uintptr_t)%s;\n", P,
			it->field, val(it->arg));
		if (it->varying)
			fprintf(out, "\t%s->%sType.%s = %s * %d;\n", P,
				it->field, desc_field(it, "number"),
				count_of(it->arg), it->per_elem);
		pack_dealloc(out, P, it, "\t");
	} else if (it->indefinite) {
		pack_indefinite(out, P, it);
	} else if (it->varying) {
		pack_varying(out, P, it);
	} else {
		pack_fixed(out, P, it);
	}
	if (it->kind == IK_DATA && arg_user_poly(it->arg))
		pack_poly(out, P, it);
}

static const char *disposition(const struct arg *a, const char *dflt)
{
	if (!a)
		return dflt;
	if (arg_user_poly(a))
		return xasprintf("%sPoly", a->name);
	return ipc_name_string(a->type->msgt_name);
}

static void pack_request(FILE *out, const struct routine *r)
{
	const struct msg *m = r->request;
	for (const struct item *it = m->items; it; it = it->next) {
		const char *P = xasprintf("In%dP", it->segment);
		pack_item(out, P, it);
		if (!item_moves(it))
			continue;
		const char *end =
			xasprintf("((char *)&%s->%s + MIG_ALIGN(%sBytes))", P,
				  it->field, it->field);
		if (it->next)
			fprintf(out, "\tIn%dP = (RequestSeg%d *)%s;\n",
				it->segment + 1, it->segment + 1, end);
		else
			fprintf(out,
				"\tmsgh_size = (mach_msg_size_t)(%s - (char "
				"*)InP);\n",
				end);
	}
	const struct item *last = m->items;
	while (last && last->next)
		last = last->next;
	if (!m->has_varying)
		fprintf(out, "\tmsgh_size = %d;\n", m->max_size);
	else if (!item_moves(last))
		fprintf(out,
			"\tmsgh_size = (mach_msg_size_t)((char *)In%dP - (char "
			"*)InP) + sizeof(*In%dP);\n",
			last->segment, last->segment);

	const char *reply = user_reply_arg(r) ? user_reply_arg(r)->name
					      : (r->simple ? "MACH_PORT_NULL"
							   : "reply_port");
	const char *local =
		r->simple && !user_reply_arg(r)
			? "0"
			: disposition(user_reply_arg(r),
				      "MACH_MSG_TYPE_MAKE_SEND_ONCE");
	const char *remote =
		disposition(r->request_port, "MACH_MSG_TYPE_COPY_SEND");
	if (kuser()) {
		fprintf(out,
			"\tInP->Head.msgh_bits = "
			"MACH_MSGH_BITS(mig_kernel_carried_type(%s), 0);\n",
			remote);
	} else {
		fprintf(out,
			"\tInP->Head.msgh_bits = MACH_MSGH_BITS(%s, %s);\n",
			remote, local);
	}
	if (m->complex)
		fprintf(out,
			"\tInP->Head.msgh_bits |= MACH_MSGH_BITS_COMPLEX;\n");
	else if (m->maybe_complex)
		fprintf(out, "\tif (!msgh_simple)\n\t\tInP->Head.msgh_bits |= "
			     "MACH_MSGH_BITS_COMPLEX;\n");
	if (kuser()) {
		fprintf(out,
			"\tInP->Head.msgh_size = msgh_size;\n"
			"\tmig_kernel_set_remote(&InP->Head, "
			"mig_kernel_copyin_right(%s, %s));\n"
			"\tInP->Head.msgh_id = %ld;\n\n",
			r->request_port->name,
			disposition(r->request_port, "MACH_MSG_TYPE_COPY_SEND"),
			subsys.base + r->number);
		return;
	}
	fprintf(out,
		"\tInP->Head.msgh_size = msgh_size;\n"
		"\tInP->Head.msgh_remote_port = %s;\n"
		"\tInP->Head.msgh_local_port = %s;\n"
		"\tInP->Head.msgh_seqno = 0;\n"
		"\tInP->Head.msgh_id = %ld;\n\n",
		r->request_port->name, reply, subsys.base + r->number);
}

static const char *timeout_expr(const struct routine *r, const char **opt)
{
	*opt = "";
	if (r->waittime) {
		*opt = "|MACH_RCV_TIMEOUT";
		return r->waittime->name;
	}
	if (subsys.waittime) {
		*opt = "|MACH_RCV_TIMEOUT";
		return subsys.waittime;
	}
	return "MACH_MSG_TIMEOUT_NONE";
}

static const char *options(const struct routine *r)
{
	const char *o = "";
	if (r->msgoption)
		o = xasprintf("|%s", r->msgoption->name);
	else if (subsys.msgoption)
		o = xasprintf("|%s", subsys.msgoption);
	return o;
}

/* ---- The reply --------------------------------------------------------- */

static void unpack_ports(FILE *out, const char *dst, const char *P,
			 const struct item *it, const char *n)
{
	fprintf(out,
		"\tfor (mach_msg_type_number_t i = 0; i < %s; i++) {\n"
		"\t\t(%s)[i] = (mach_port_t)%s->%s[i]%s;\n\t}\n",
		n, dst, P, it->field, slot_member());
}

static void unpack_inline_array(FILE *out, const char *dst, const char *P,
				const struct item *it, const char *n)
{
	if (it->port)
		unpack_ports(out, dst, P, it, n);
	else
		fprintf(out, "\t__builtin_memcpy(%s, %s->%s, %s * %d);\n", dst,
			P, it->field, n, it->elem_bytes);
}

static void unpack_varying(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *n = xasprintf("(%sNum / %d)", it->field, it->per_elem);
	if (it->string) {
		fprintf(out, "\t(void)mig_strncpy(%s, %s->%s, %sNum);\n",
			a->name, P, it->field, it->field);
		return;
	}
	if (a->flags & AF_SAMECOUNT) {
		fprintf(out, "\tif (%s != %s)\n\t\treturn MIG_TYPE_ERROR;\n", n,
			count_of(a));
	} else {
		fprintf(out,
			"\tif (mig_unlikely(%s > *%sCnt)) {\n"
			"\t\t*%sCnt = %s;\n\t\treturn "
			"MIG_ARRAY_TOO_LARGE;\n\t}\n",
			n, a->name, a->name, n);
	}
	unpack_inline_array(out, a->name, P, it, n);
	if (!(a->flags & AF_SAMECOUNT))
		fprintf(out, "\t*%sCnt = %s;\n", a->name, n);
}

static void unpack_indefinite(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	const char *n = xasprintf("(%sNum / %d)", it->field, it->per_elem);
	fprintf(out,
		"\tif (%s->%sType.%s) {\n"
		"\t\tif (%s > *%sCnt)\n"
		"\t\t\tmig_allocate((vm_address_t *)%s, %s * %d);\n",
		P, it->field, desc_field(it, "inline"), n, a->name, a->name, n,
		it->port ? 4 : it->elem_bytes);
	unpack_inline_array(out, xasprintf("*%s", a->name), P, it, n);
	fprintf(out,
		"\t} else {\n\t\t*%s = (__typeof__(*%s))(uintptr_t)%s->%sOOL;\n"
		"\t}\n\t*%sCnt = %s;\n",
		a->name, a->name, P, it->field, a->name, n);
}

static void unpack_item(FILE *out, const char *P, const struct item *it)
{
	const struct arg *a = it->arg;
	if (it->ool) {
		fprintf(out, "\t*%s = (__typeof__(*%s))(uintptr_t)%s->%s;\n",
			a->name, a->name, P, it->field);
		if (arg_has_count(a))
			fprintf(out, "\t*%sCnt = %sNum / %d;\n", a->name,
				it->field, it->per_elem);
	} else if (it->indefinite) {
		unpack_indefinite(out, P, it);
	} else if (it->varying) {
		unpack_varying(out, P, it);
	} else if (it->string) {
		fprintf(out, "\t(void)mig_strncpy(%s, %s->%s, %d);\n", a->name,
			P, it->field, it->max_bytes);
	} else if (a->type->kind == TK_ARRAY) {
		unpack_inline_array(
			out, a->name, P, it,
			xasprintf("%d", it->max_bytes / it->elem_bytes));
	} else {
		fprintf(out, "\t*%s = %s->%s;\n", a->name, P, it->field);
	}
	if (a->dir == D_OUT && arg_user_poly(a))
		fprintf(out, "\t*%sPoly = %s->%sType.%s;\n", a->name, P,
			it->field, desc_field(it, "name"));
}

static void check_reply(FILE *out, const struct routine *r, bool own_reply)
{
	const char *reply =
		user_reply_arg(r) ? user_reply_arg(r)->name : "reply_port";
	long id = subsys.base + r->number + 100;
	fprintf(out,
		"\tif (mig_unlikely(OutP->Head.msgh_id != %ld)) {\n"
		"\t\tif (OutP->Head.msgh_id == MACH_NOTIFY_SEND_ONCE)\n"
		"\t\t\treturn MIG_SERVER_DIED;\n",
		id);
	if (own_reply)
		fprintf(out, "\t\tmig_dealloc_reply_port(%s);\n", reply);
	fprintf(out, "\t\treturn MIG_REPLY_MISMATCH;\n\t}\n");
	const struct item *rc = r->reply->items;
	fprintf(out, "\tstatic const mach_msg_type_t RetCodeCheck = ");
	emit_desc_init(out, rc, MT_INTEGER_32, 32, 1, true, false);
	fprintf(out,
		";\n\tif (mig_unlikely(OutP->Head.msgh_size < sizeof("
		"mig_reply_header_t) ||\n\t    mig_type_differs(&OutP->"
		"RetCodeType, &RetCodeCheck, sizeof(mach_msg_type_t))))\n"
		"\t\treturn MIG_TYPE_ERROR;\n"
		"\tif (OutP->RetCode != KERN_SUCCESS &&\n"
		"\t    OutP->Head.msgh_size == sizeof(mig_reply_header_t) &&\n"
		"\t    !(OutP->Head.msgh_bits & MACH_MSGH_BITS_COMPLEX))\n"
		"\t\treturn OutP->RetCode;\n");
	/* An error may also come in the reply's full form (a kernel's
	 * delayed device_read_reply does): as GNU MIG, its code is returned
	 * once the form checks out. */
	emit_msg_check(out, r->reply, "Reply", "Out", "return MIG_TYPE_ERROR;",
		       rc);
	fprintf(out, "\tif (OutP->RetCode != KERN_SUCCESS)\n"
		     "\t\treturn OutP->RetCode;\n");
}

static void emit_call(FILE *out, const struct routine *r)
{
	const char *opt;
	const char *timeout = timeout_expr(r, &opt);
	bool own_reply = !user_reply_arg(r) && !r->simple;
	if (r->simple) {
		fprintf(out,
			"\treturn mach_msg(&InP->Head, MACH_SEND_MSG%s%s, "
			"msgh_size, 0, MACH_PORT_NULL, %s, MACH_PORT_NULL);\n",
			options(r), r->waittime ? "|MACH_SEND_TIMEOUT" : "",
			r->waittime ? r->waittime->name
				    : "MACH_MSG_TIMEOUT_NONE");
		return;
	}
	const char *reply =
		user_reply_arg(r) ? user_reply_arg(r)->name : "reply_port";
	/* The receive limit is the largest reply, as GNU MIG's stubs pass:
	   a larger message is MACH_RCV_TOO_LARGE. */
	fprintf(out,
		"\tmsg_result = mach_msg(&InP->Head, "
		"MACH_SEND_MSG|MACH_RCV_MSG%s%s, "
		"msgh_size, %d, %s, %s, MACH_PORT_NULL);\n"
		"\tif (msg_result != MACH_MSG_SUCCESS) {\n",
		options(r), opt, r->reply->max_size, reply, timeout);
	if (own_reply)
		fprintf(out, "\t\tmig_dealloc_reply_port(%s);\n", reply);
	fprintf(out, "\t\treturn msg_result;\n\t}\n");
	if (own_reply)
		fprintf(out, "\tmig_put_reply_port(%s);\n\n", reply);
	check_reply(out, r, own_reply);
	for (const struct item *it = r->reply->items->next; it; it = it->next)
		unpack_item(out, xasprintf("Out%dP", it->segment), it);
	fprintf(out, "\treturn KERN_SUCCESS;\n");
}

static void emit_locals(FILE *out, const struct routine *r)
{
	const struct msg *rq = r->request;
	int max = rq->max_size;
	if (!r->simple && r->reply->max_size > max)
		max = r->reply->max_size;
	fprintf(out, "\tunion {\n\t\tRequest In;\n");
	if (!r->simple)
		fprintf(out, "\t\tReply Out;\n");
	fprintf(out,
		"\t\tchar Buf[%d];\n\t} Mess;\n"
		"\tRequest *InP = &Mess.In;\n\tRequest *In0P = InP;\n"
		"\tmach_msg_size_t msgh_size;\n"
		"\tboolean_t msgh_simple = TRUE;\n\t(void)msgh_simple;\n"
		"\t(void)In0P;\n",
		max);
	for (int s = 1; s < rq->segments; s++)
		fprintf(out, "\tRequestSeg%d *In%dP;\n", s, s);
	for (const struct item *it = rq->items; it; it = it->next)
		if (item_moves(it))
			fprintf(out,
				"\tmach_msg_size_t "
				"%sBytes;\n\t(void)%sBytes;\n",
				it->field, it->field);
	if (r->simple)
		return;
	fprintf(out, "\tReply *OutP = &Mess.Out;\n\tReply *Out0P = OutP;\n"
		     "\tmach_msg_return_t msg_result;\n");
	emit_check_locals(out, r->reply, "Reply", "Out");
	if (!user_reply_arg(r))
		fprintf(out,
			"\tmach_port_t reply_port = mig_get_reply_port();\n");
}

/* ---- A kernel client's stubs (KernelUser) ---------------------------- */

/*
 * Each routine NAME of a kernel client is three functions: NAME_alloc
 * gives the request's buffer (mig_kernel_request_alloc), NAME_pack builds
 * the request in it, taking the rights and memory the message carries, and
 * NAME does both and sends. A simpleroutine exports the first two, so
 * that a caller may reserve a request's memory before it knows the
 * arguments, and send it later where allocation must not fail (the
 * kernel's msg-accepted notification), or decide not to send it
 * (mig_kernel_request_destroy).
 */
static const char *kernel_linkage(const struct routine *r)
{
	return r->simple ? "mig_external" : "mig_internal";
}

static void emit_kernel_alloc(FILE *out, const struct routine *r)
{
	fprintf(out,
		"/* %s %s: a buffer for its request (%s_pack), NULL when "
		"memory is short */\n"
		"%s mach_msg_header_t *%s_alloc(void)\n{\n"
		"\treturn mig_kernel_request_alloc(%d);\n}\n\n",
		r->simple ? "SimpleRoutine" : "Routine", r->name, user_name(r),
		kernel_linkage(r), user_name(r), r->request->max_size);
}

/* The variable-size arrays' counts, checked before anything is taken. */
static void emit_kernel_counts(FILE *out, const struct routine *r)
{
	for (const struct item *it = r->request->items; it; it = it->next)
		if (it->varying && !it->string && !it->ool && !it->indefinite)
			fprintf(out,
				"\tif (mig_unlikely(%s > %d))\n"
				"\t\treturn MIG_ARRAY_TOO_LARGE;\n",
				count_of(it->arg), it->number / it->per_elem);
}

static void emit_kernel_pack(FILE *out, const struct routine *r)
{
	const struct msg *rq = r->request;
	fprintf(out,
		"/* %s %s: build its request in InHeadP (from %s_alloc), "
		"not sent%s */\n"
		"%s kern_return_t %s_pack\n(\n\tmach_msg_header_t *InHeadP,\n",
		r->simple ? "SimpleRoutine" : "Routine", r->name, user_name(r),
		rq->has_varying ? ";\n * MIG_ARRAY_TOO_LARGE: an array over "
				  "its bound, nothing taken."
				: ".",
		kernel_linkage(r), user_name(r));
	emit_user_params(out, r);
	fprintf(out, ")\n{\n");
	emit_request_struct(out, r, false);
	fprintf(out, "\tRequest *InP = (Request *)InHeadP;\n"
		     "\tRequest *In0P = InP;\n"
		     "\tmach_msg_size_t msgh_size;\n"
		     "\tboolean_t msgh_simple = TRUE;\n\t(void)msgh_simple;\n"
		     "\t(void)In0P;\n");
	for (int s = 1; s < rq->segments; s++)
		fprintf(out, "\tRequestSeg%d *In%dP;\n", s, s);
	for (const struct item *it = rq->items; it; it = it->next)
		if (item_moves(it))
			fprintf(out,
				"\tmach_msg_size_t "
				"%sBytes;\n\t(void)%sBytes;\n",
				it->field, it->field);
	for (const struct item *it = rq->items; it; it = it->next)
		emit_template(out, it);
	fprintf(out, "\n");
	emit_kernel_counts(out, r);
	pack_request(out, r);
	fprintf(out, "\treturn KERN_SUCCESS;\n}\n\n");
}

/* The request was not built: the rights and out-of-line data the message
 * would have taken over are consumed all the same. */
static void emit_kernel_consume(FILE *out, const struct routine *r)
{
	fprintf(out, "\t\tmig_kernel_consume_right(%s, %s);\n",
		r->request_port->name,
		disposition(r->request_port, "MACH_MSG_TYPE_COPY_SEND"));
	for (const struct item *it = r->request->items; it; it = it->next) {
		if (it->kind != IK_DATA)
			continue;
		if (it->port)
			fprintf(out, "\t\tmig_kernel_consume_right(%s, %s);\n",
				val(it->arg), disposition(it->arg, NULL));
		else if (it->ool)
			fprintf(out,
				"\t\tmig_kernel_ool_free((void "
				"*)(uintptr_t)%s, 0);\n",
				val(it->arg));
	}
}

/* A simpleroutine's request is delivered; a routine's is sent with
 * kernel_rpc and the reply (which carries no rights) copied into Mess. */
static void emit_kernel_send(FILE *out, const struct routine *r)
{
	if (r->simple) {
		fprintf(out, "\treturn mig_kernel_send(InHeadP);\n");
		return;
	}
	fprintf(out, "\tmsg_result = mig_kernel_rpc(InHeadP, &OutP->Head, "
		     "sizeof(Mess));\n"
		     "\tif (msg_result != MACH_MSG_SUCCESS)\n"
		     "\t\treturn msg_result;\n");
	check_reply(out, r, false);
	for (const struct item *it = r->reply->items->next; it; it = it->next)
		unpack_item(out, xasprintf("Out%dP", it->segment), it);
	fprintf(out, "\treturn KERN_SUCCESS;\n");
}

static void emit_kernel_stub(FILE *out, const struct routine *r)
{
	fprintf(out, "/* %s %s */\nmig_external kern_return_t %s\n(\n",
		r->simple ? "SimpleRoutine" : "Routine", r->name, user_name(r));
	emit_user_params(out, r);
	fprintf(out, ")\n{\n");
	if (!r->simple)
		emit_reply_struct(out, r, false);
	fprintf(out,
		"\tmach_msg_header_t *InHeadP = %s_alloc();\n"
		"\tkern_return_t kr;\n",
		user_name(r));
	if (!r->simple) {
		fprintf(out,
			"\tunion {\n\t\tReply Out;\n\t\tchar Buf[%d];\n\t} "
			"Mess;\n"
			"\tReply *OutP = &Mess.Out;\n\tReply *Out0P = OutP;\n"
			"\tmach_msg_return_t msg_result;\n"
			"\tmach_msg_size_t msgh_size;\n\t(void)msgh_size;\n",
			r->reply->max_size);
		emit_check_locals(out, r->reply, "Reply", "Out");
	}
	fprintf(out, "\n\tif (mig_unlikely(InHeadP == NULL)) {\n");
	emit_kernel_consume(out, r);
	fprintf(out, "\t\treturn MACH_SEND_NO_BUFFER;\n\t}\n\tkr = %s_pack(",
		user_name(r));
	fprintf(out, "InHeadP, ");
	emit_user_args(out, r);
	fprintf(out, ");\n\tif (mig_unlikely(kr != KERN_SUCCESS)) {\n"
		     "\t\tmig_kernel_request_free(InHeadP);\n");
	emit_kernel_consume(out, r);
	fprintf(out, "\t\treturn kr;\n\t}\n");
	emit_kernel_send(out, r);
	fprintf(out, "}\n\n");
}

static void emit_kernel_routine(FILE *out, const struct routine *r)
{
	kuser_check(r);
	emit_kernel_alloc(out, r);
	emit_kernel_pack(out, r);
	emit_kernel_stub(out, r);
}

static void emit_routine(FILE *out, const struct routine *r)
{
	if (kuser()) {
		emit_kernel_routine(out, r);
		return;
	}
	fprintf(out, "/* %s %s */\nmig_external kern_return_t %s\n(\n",
		r->simple ? "SimpleRoutine" : "Routine", r->name, user_name(r));
	emit_user_params(out, r);
	fprintf(out, ")\n{\n");
	emit_msg_structs(out, r, false);
	emit_locals(out, r);
	for (const struct item *it = r->request->items; it; it = it->next)
		emit_template(out, it);
	fprintf(out, "\n");
	pack_request(out, r);
	emit_call(out, r);
	fprintf(out, "}\n\n");
}

void emit_user(FILE *out, const char *header_name)
{
	fprintf(out,
		"/* Module %s: user stubs, generated by mach5-mig for %s "
		"*/\n\n",
		subsys.name, target->name);
	/* A kernel client's runtime defines mach_port_t: first. */
	if (kuser())
		fprintf(out, "#include <ipc/mig_kernel.h>\n");
	if (header_name)
		fprintf(out, "#include \"%s\"\n", header_name);
	emit_prologue(out);
	fprintf(out, "#include <mach/notify.h>\n");
	for (struct import *im = subsys.imports; im; im = im->next)
		if (im->kind != 's')
			fprintf(out, "#include %s\n", im->text);
	fprintf(out, "\n");
	for (const struct routine *r = subsys.routines; r; r = r->next)
		emit_routine(out, r);
}
