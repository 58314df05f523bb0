/*
 * mig/emit_check.c - the receiving side's checks of a message (a server
 * checks a request, a user stub a reply): size, COMPLEX bit, every type
 * descriptor and count. The code reads nothing past msgh_size: before it
 * reads the items after a varying one it checks that they fit.
 */
#include <string.h>
#include "mig.h"

static const char *seg_ptr(const char *p, int seg)
{
	return xasprintf("%s%dP", p, seg);
}

/* Minimum bytes of the items of segments > seg. */
static int rest_min(const struct msg *m, int seg)
{
	int n = 0;
	for (const struct item *it = m->items; it; it = it->next)
		if (it->segment > seg)
			n += it->desc_size +
			     (item_moves(it) ? 0 : it->data_size);
	return n;
}

static int received_name(const struct item *it)
{
	if (it->recv_name)
		return it->recv_name;
	return port_received(it->msgt_name);
}

/* The fields of a variable descriptor other than its number. */
static void check_desc_fields(FILE *out, const char *P, const struct item *it,
			      int size, bool inl, const char *bad)
{
	fprintf(out,
		"\tif (mig_unlikely(%s->%sType.%s != %s ||\n"
		"\t    %s->%sType.%s != %d ||\n"
		"\t    %s->%sType.%s != %s ||\n"
		"\t    %s->%sType.%s != %s))\n\t\t%s\n",
		P, it->field, desc_field(it, "name"),
		ipc_name_string(received_name(it)), P, it->field,
		desc_field(it, "size"), size, P, it->field,
		desc_field(it, "inline"), inl ? "TRUE" : "FALSE", P, it->field,
		desc_field(it, "longform"), it->longform ? "TRUE" : "FALSE",
		bad);
}

static void check_fixed(FILE *out, const char *P, const struct item *it,
			const char *bad)
{
	fprintf(out, "\tstatic const %s %sCheck = ", desc_ctype(it), it->field);
	emit_desc_init(out, it, received_name(it), it->msgt_size, it->number,
		       true, false);
	fprintf(out,
		";\n\tif (mig_unlikely(mig_type_differs(&%s->%sType, &%sCheck, "
		"sizeof(%s))))\n\t\t%s\n",
		P, it->field, it->field, desc_ctype(it), bad);
	if (it->string)
		fprintf(out, "\t%s->%s[%d] = '\\0';\n", P, it->field,
			it->max_bytes - 1);
}

static void check_poly(FILE *out, const char *P, const struct item *it,
		       const char *bad)
{
	fprintf(out,
		"\tif (mig_unlikely(!%s->%sType.msgt_inline || "
		"%s->%sType.msgt_longform ||\n"
		"\t    %s->%sType.msgt_size != %d || %s->%sType.msgt_number != "
		"1))\n\t\t%s\n"
		"\tif (MACH_MSG_TYPE_PORT_ANY(%s->%sType.msgt_name))\n"
		"\t\tmsgh_complex_seen = TRUE;\n",
		P, it->field, P, it->field, P, it->field, it->msgt_size, P,
		it->field, bad, P, it->field);
}

/* Sets <field>Num (wire elements) and <field>Bytes (inline bytes). */
static void check_count(FILE *out, const char *P, const struct item *it,
			int max, const char *bad)
{
	fprintf(out,
		"\t%sNum = %s->%sType.%s;\n"
		"\tif (mig_unlikely(%s%sNum %% %d != 0))\n\t\t%s\n",
		it->field, P, it->field, desc_field(it, "number"),
		max >= 0 ? xasprintf("%sNum > %d || ", it->field, max) : "",
		it->field, it->per_elem, bad);
}

static void check_varying_inline(FILE *out, const char *P,
				 const struct item *it, const char *bad)
{
	check_desc_fields(out, P, it, it->msgt_size, true, bad);
	check_count(out, P, it, it->number, bad);
	fprintf(out, "\t%sBytes = %sNum / %d * %d;\n", it->field, it->field,
		it->per_elem, it->elem_bytes);
	if (it->string)
		fprintf(out,
			"\tif (mig_unlikely(%sNum == 0))\n\t\t%s\n"
			"\t%s->%s[%sNum - 1] = '\\0';\n",
			it->field, bad, P, it->field, it->field);
}

static void check_ool(FILE *out, const char *P, const struct item *it,
		      const char *bad)
{
	check_desc_fields(out, P, it, it->msgt_size, false, bad);
	if (!it->varying)
		fprintf(out,
			"\tif (mig_unlikely(%s->%sType.%s != %d))\n\t\t%s\n"
			"\t%sNum = %d;\n",
			P, it->field, desc_field(it, "number"), it->number, bad,
			it->field, it->number);
	else
		check_count(out, P, it,
			    it->arg->type->unbounded ? -1 : it->number, bad);
	fprintf(out, "\t%sBytes = %d;\n", it->field, target->pointer);
}

static void check_indefinite(FILE *out, const char *P, const struct item *it,
			     const char *bad)
{
	int ool_size = it->port ? 32 : it->msgt_size;
	fprintf(out, "\tif (%s->%sType.%s) {\n", P, it->field,
		desc_field(it, "inline"));
	check_desc_fields(out, P, it, it->msgt_size, true, bad);
	check_count(out, P, it, it->number, bad);
	fprintf(out, "\t%sBytes = %sNum / %d * %d;\n\t} else {\n", it->field,
		it->field, it->per_elem, it->elem_bytes);
	check_desc_fields(out, P, it, ool_size, false, bad);
	check_count(out, P, it, -1, bad);
	fprintf(out, "\t%sBytes = %d;\n\tmsgh_complex_seen = TRUE;\n\t}\n",
		it->field, target->pointer);
}

/* Locals the checks fill, declared by the caller's function body. */
void emit_check_locals(FILE *out, const struct msg *m, const char *base,
		       const char *p)
{
	fprintf(out, "\tboolean_t msgh_complex_seen = FALSE;\n");
	for (int s = 1; s < m->segments; s++)
		fprintf(out, "\t%sSeg%d *%s;\n", base, s, seg_ptr(p, s));
	for (const struct item *it = m->items; it; it = it->next)
		if (it->varying || it->indefinite || it->ool)
			fprintf(out,
				"\tmach_msg_type_number_t %sNum;\n"
				"\tmach_msg_size_t %sBytes;\n"
				"\t(void)%sNum;\n\t(void)%sBytes;\n",
				it->field, it->field, it->field, it->field);
	fprintf(out, "\t(void)msgh_complex_seen;\n");
}

static void check_item(FILE *out, const char *P, const struct item *it,
		       const char *bad)
{
	if ((it->msgt_name == MT_POLYMORPHIC && !it->recv_name) ||
	    (it->arg && it->arg->type->server_poly))
		check_poly(out, P, it, bad);
	else if (it->indefinite)
		check_indefinite(out, P, it, bad);
	else if (it->ool)
		check_ool(out, P, it, bad);
	else if (it->varying)
		check_varying_inline(out, P, it, bad);
	else
		check_fixed(out, P, it, bad);
}

/* After a moving item: locate the next segment, or check the total. */
static void check_advance(FILE *out, const struct msg *m, const char *base,
			  const char *p, const struct item *it, const char *bad)
{
	const char *P = seg_ptr(p, it->segment);
	const char *end = xasprintf("((char *)&%s->%s + MIG_ALIGN(%sBytes))", P,
				    it->field, it->field);
	if (!it->next) {
		fprintf(out,
			"\tif (mig_unlikely(msgh_size != (mach_msg_size_t)(%s "
			"- "
			"(char *)%s)))\n\t\t%s\n",
			end, seg_ptr(p, 0), bad);
		return;
	}
	int next = it->segment + 1;
	fprintf(out,
		"\t%s = (%sSeg%d *)%s;\n"
		"\tif (mig_unlikely(msgh_size < (mach_msg_size_t)((char *)%s - "
		"(char *)%s) + %d))\n\t\t%s\n",
		seg_ptr(p, next), base, next, end, seg_ptr(p, next),
		seg_ptr(p, 0), rest_min(m, it->segment), bad);
}

static void check_header(FILE *out, const struct msg *m, const char *p0,
			 const char *bad)
{
	fprintf(out, "\tmsgh_size = %s->Head.msgh_size;\n", p0);
	if (m->has_varying)
		fprintf(out, "\tif (mig_unlikely(msgh_size < %d))\n\t\t%s\n",
			m->fixed_size, bad);
	else
		fprintf(out, "\tif (mig_unlikely(msgh_size != %d))\n\t\t%s\n",
			m->fixed_size, bad);
	if (m->complex)
		fprintf(out,
			"\tif (mig_unlikely(!(%s->Head.msgh_bits & "
			"MACH_MSGH_BITS_COMPLEX)))\n\t\t%s\n",
			p0, bad);
	else if (!m->maybe_complex)
		fprintf(out,
			"\tif (mig_unlikely(%s->Head.msgh_bits & "
			"MACH_MSGH_BITS_COMPLEX))\n\t\t%s\n",
			p0, bad);
}

/*
 * The checks of message m, whose segments are <base>Seg<n> reached through
 * <p><n>P (<p>0P set by the caller). skip: an item already checked.
 */
void emit_msg_check(FILE *out, const struct msg *m, const char *base,
		    const char *p, const char *bad, const struct item *skip)
{
	check_header(out, m, seg_ptr(p, 0), bad);
	const struct item *last = NULL;
	for (const struct item *it = m->items; it; it = it->next) {
		last = it;
		if (it != skip)
			check_item(out, seg_ptr(p, it->segment), it, bad);
		if (item_moves(it))
			check_advance(out, m, base, p, it, bad);
	}
	if (m->has_varying && last && !item_moves(last))
		fprintf(out,
			"\tif (mig_unlikely(msgh_size != "
			"(mach_msg_size_t)((char "
			"*)%s - (char *)%s) + sizeof(*%s)))\n\t\t%s\n",
			seg_ptr(p, last->segment), seg_ptr(p, 0),
			seg_ptr(p, last->segment), bad);
	if (!m->complex && m->maybe_complex)
		fprintf(out,
			"\tif (mig_unlikely(msgh_complex_seen && !(%s->Head."
			"msgh_bits & MACH_MSGH_BITS_COMPLEX)))\n\t\t%s\n",
			seg_ptr(p, 0), bad);
}
