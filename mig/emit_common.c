/*
 * mig/emit_common.c - what the user and server emitters share: the file
 * prologue, parameter lists, message structs and type descriptors.
 */
#include <string.h>
#include "mig.h"

bool emit_cc_line;

void emit_prologue(FILE *out)
{
	fprintf(out,
		"#define EXPORT_BOOLEAN\n"
		"#include <mach/boolean.h>\n"
		"#include <mach/kern_return.h>\n"
		"#include <mach/message.h>\n"
		"#include <mach/mig_errors.h>\n"
		"#include <mach/mig_support.h>\n"
		"#include <stdint.h>\n\n"
		"#ifndef mig_internal\n#define mig_internal static\n#endif\n"
		"#ifndef mig_external\n#define mig_external\n#endif\n"
		"#ifndef mig_unlikely\n"
		"#define mig_unlikely(X) __builtin_expect(!!(X), 0)\n#endif\n\n"
		"/* Items of a message body are %d-aligned (target %s). */\n"
		"#define MIG_ALIGN(n) (((n) + %d) & ~(mach_msg_size_t)%d)\n\n",
		target->align, target->name, target->align - 1,
		target->align - 1);
	fprintf(out,
		"static inline int mig_type_differs(const void *a, const void "
		"*b, unsigned n)\n{\n\treturn __builtin_memcmp(a, b, n) != "
		"0;\n}\n\n");
}

/* ---- Parameters ------------------------------------------------------- */

static bool by_reference(const struct arg *a)
{
	const struct type *t = a->type;
	if (t->kind == TK_CSTRING || (t->kind == TK_BASIC && t->string))
		return true; /* char arrays decay */
	return t->kind == TK_ARRAY && !t->ool && !t->unbounded;
}

/* One parameter; server: types as the server function sees them. */
static void emit_param(FILE *out, const struct arg *a, bool server,
		       const char **sep)
{
	const struct type *t = a->type;
	const char *ct = server ? type_ctype_server(t) : type_ctype_user(t);
	bool out_dir = a->dir == D_OUT || a->dir == D_INOUT;
	if (server && a->dir == D_OUT && t->outtran.func)
		ct = t->outtran.arg;
	else if (server && !out_dir && t->intran.func)
		ct = t->intran.type;
	else
		ct = const_ctype(a, ct);
	bool ptr = out_dir && !by_reference(a);
	fprintf(out, "%s\t%s %s%s", *sep, ct, ptr ? "*" : "", a->name);
	*sep = ",\n";
	/* The sender's Poly is a value, the receiver's a result. */
	if (server ? arg_server_poly(a) : arg_user_poly(a))
		fprintf(out, "%s\tmach_msg_type_name_t %s%sPoly", *sep,
			(server ? out_dir : a->dir == D_OUT) ? "*" : "",
			a->name);
	if (arg_has_count(a))
		fprintf(out, "%s\tmach_msg_type_number_t %s%sCnt", *sep,
			out_dir ? "*" : "", a->name);
	/* Dealloc[]: whoever sends the array says, per message. */
	if ((a->flags & AF_DEALLOC_VAR) && (server ? out_dir : !out_dir))
		fprintf(out, "%s\tboolean_t %s%sDealloc", *sep,
			server ? "*" : "", a->name);
	if (server && (a->flags & AF_SERVERCOPY) && !out_dir)
		fprintf(out, "%s\tboolean_t %sSCopy", *sep, a->name);
}

void emit_user_params(FILE *out, const struct routine *r)
{
	const char *sep = "";
	for (const struct arg *a = r->args; a; a = a->next)
		if (a->dir != D_SREPLYPORT && a->dir != D_MSGSEQNO)
			emit_param(out, a, false, &sep);
	if (!*sep)
		fprintf(out, "\tvoid");
	fprintf(out, "\n");
}

void emit_user_args(FILE *out, const struct routine *r)
{
	const char *sep = "";
	for (const struct arg *a = r->args; a; a = a->next) {
		if (a->dir == D_SREPLYPORT || a->dir == D_MSGSEQNO)
			continue;
		fprintf(out, "%s%s", sep, a->name);
		sep = ", ";
		if (arg_user_poly(a))
			fprintf(out, ", %sPoly", a->name);
		if (arg_has_count(a))
			fprintf(out, ", %sCnt", a->name);
		if ((a->flags & AF_DEALLOC_VAR) && a->dir != D_OUT &&
		    a->dir != D_INOUT)
			fprintf(out, ", %sDealloc", a->name);
	}
}

void emit_server_params(FILE *out, const struct routine *r)
{
	const char *sep = "";
	for (const struct arg *a = r->args; a; a = a->next)
		if (a->dir != D_UREPLYPORT && a->dir != D_WAITTIME &&
		    a->dir != D_MSGOPTION)
			emit_param(out, a, true, &sep);
	if (!*sep)
		fprintf(out, "\tvoid");
	fprintf(out, "\n");
}

/* ---- Message structs ------------------------------------------------------
 */

/* The member of an inline right's slot that holds the name: ".name" of a
   mach_port_name_inlined_t (8-byte slots), "" for 4-byte slots. */
const char *slot_member(void)
{
	return target->port_inline == 32 ? "" : ".name";
}

static const char *slot_ctype(const struct item *it, bool server)
{
	/* A kernel server's (client's) slots hold its own 8-byte
	 * mach_port_t. */
	if (item_is_port(it))
		return (subsys.kernel_server && server) ||
				       (subsys.kernel_user && !server) ||
				       target->port_inline == 32
			       ? "mach_port_t"
			       : "mach_port_name_inlined_t";
	const struct type *t = it->arg->type;
	if (t->kind == TK_ARRAY || t->kind == TK_CSTRING)
		return type_elem_ctype(t);
	return server ? type_ctype_server(t) : type_ctype_user(t);
}

static void emit_item_member(FILE *out, const struct item *it, bool server)
{
	fprintf(out, "\t\t%s %sType;\n",
		it->longform ? "mach_msg_type_long_t" : "mach_msg_type_t",
		it->field);
	if (it->kind != IK_DATA) {
		fprintf(out, "\t\t%s %s;\n",
			it->kind == IK_RETCODE ? "kern_return_t"
					       : "mach_msg_type_number_t",
			it->field);
		return;
	}
	const struct type *t = it->arg->type;
	if (it->ool) {
		fprintf(out, "\t\tvoid *%s;\n", it->field);
	} else if (it->indefinite) {
		fprintf(out,
			"\t\tunion {\n\t\t\t%s %s[%d];\n\t\t\tvoid *%sOOL;\n"
			"\t\t};\n",
			slot_ctype(it, server), it->field,
			it->max_bytes / it->elem_bytes, it->field);
	} else if (t->kind == TK_ARRAY || t->kind == TK_CSTRING) {
		fprintf(out, "\t\t%s %s[%d];\n", slot_ctype(it, server),
			it->field, it->max_bytes / it->elem_bytes);
	} else if (t->string) {
		fprintf(out, "\t\tchar %s[%d];\n", it->field, it->max_bytes);
	} else {
		fprintf(out, "\t\t%s %s;\n",
			server ? type_ctype_server(t) : type_ctype_user(t),
			it->field);
	}
}

static const char *msg_struct_name(const char *base, int seg)
{
	return seg ? xasprintf("%sSeg%d", base, seg) : xstrdup(base);
}

static void emit_one_msg(FILE *out, const struct msg *m, const char *base,
			 bool server)
{
	const struct item *it = m->items;
	for (int seg = 0; seg < m->segments; seg++) {
		if (target->align == 4)
			fprintf(out, "#pragma pack(push, 4)\n");
		fprintf(out, "\ttypedef struct {\n");
		if (seg == 0)
			fprintf(out, "\t\tmach_msg_header_t Head;\n");
		for (; it && it->segment == seg; it = it->next)
			emit_item_member(out, it, server);
		fprintf(out, "\t} %s;\n", msg_struct_name(base, seg));
		if (target->align == 4)
			fprintf(out, "#pragma pack(pop)\n");
	}
}

/* Layout assertions: the compiler checks the offsets layout.c computed. */
static void emit_msg_asserts(FILE *out, const struct msg *m, const char *base)
{
	int seg_start = 0;
	int cur = -1;
	for (const struct item *it = m->items; it; it = it->next) {
		if (it->segment != cur) {
			cur = it->segment;
			seg_start = cur == 0 ? 0 : it->offset;
		}
		fprintf(out,
			"\t_Static_assert(__builtin_offsetof(%s, %sType) == "
			"%d, "
			"\"%s.%sType\");\n",
			msg_struct_name(base, cur), it->field,
			it->offset - seg_start, base, it->field);
	}
	if (!m->has_varying)
		fprintf(out,
			"\t_Static_assert(sizeof(%s) == %d, \"%s size\");\n",
			base, m->max_size, base);
}

void emit_request_struct(FILE *out, const struct routine *r, bool server)
{
	emit_one_msg(out, r->request, "Request", server);
	emit_msg_asserts(out, r->request, "Request");
}

void emit_reply_struct(FILE *out, const struct routine *r, bool server)
{
	emit_one_msg(out, r->reply, "Reply", server);
	emit_msg_asserts(out, r->reply, "Reply");
}

void emit_msg_structs(FILE *out, const struct routine *r, bool server)
{
	emit_request_struct(out, r, server);
	if (!r->simple)
		emit_reply_struct(out, r, server);
}

/* ---- Type descriptors
 * ---------------------------------------------------------- */

/* A descriptor initializer; name < 0 writes 0 (set at run time). */
void emit_desc_init(FILE *out, const struct item *it, int name, int size,
		    int number, bool inl, bool dealloc)
{
	const char *n = name < 0 ? "0" : ipc_name_string(name);
	if (!it->longform || target->desc_long == target->desc_short) {
		const char *pre = it->longform ? "{ .msgtl_header = " : "";
		fprintf(out,
			"%s{ .msgt_name = %s, .msgt_size = %d, .msgt_number = "
			"%d, .msgt_inline = %s, .msgt_longform = %s, "
			".msgt_deallocate = %s, .msgt_unused = 0 }%s",
			pre, n, size, number, inl ? "TRUE" : "FALSE",
			it->longform ? "TRUE" : "FALSE",
			dealloc ? "TRUE" : "FALSE", it->longform ? " }" : "");
		return;
	}
	fprintf(out,
		"{ .msgtl_header = { .msgt_name = 0, .msgt_size = 0, "
		".msgt_number = 0, .msgt_inline = %s, .msgt_longform = TRUE, "
		".msgt_deallocate = %s, .msgt_unused = 0 }, .msgtl_name = %s, "
		".msgtl_size = %d, .msgtl_number = %d }",
		inl ? "TRUE" : "FALSE", dealloc ? "TRUE" : "FALSE", n, size,
		number);
}

/* Field accessors of a descriptor member, for either form. */
const char *desc_field(const struct item *it, const char *what)
{
	if (!it->longform)
		return xasprintf("msgt_%s", what);
	if (strcmp(what, "name") == 0 || strcmp(what, "size") == 0 ||
	    strcmp(what, "number") == 0)
		return xasprintf("msgtl_%s", what);
	return xasprintf("msgtl_header.msgt_%s", what);
}

const char *desc_ctype(const struct item *it)
{
	return it->longform ? "mach_msg_type_long_t" : "mach_msg_type_t";
}
