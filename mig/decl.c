/*
 * mig/decl.c - the type table and the declarations the parser makes:
 * subsystem, routines, skips, imports. Types are finished (C size, wire
 * element and count) as soon as they are built, for the current target.
 */
#include <stdlib.h>
#include <string.h>
#include "mig.h"

struct subsystem subsys;

struct type_entry {
	struct type *type;
	struct type_entry *next;
};
static struct type_entry *types;

/* Attributes of the type statement being parsed. */
static struct {
	char *ctype[3];
	struct trans trans[4];
} pending;

static const struct {
	const char *name;
	int value;
} ipc_names[] = {
	{"MACH_MSG_TYPE_UNSTRUCTURED", 0},
	{"MACH_MSG_TYPE_BIT", 0},
	{"MACH_MSG_TYPE_BOOLEAN", 0},
	{"MACH_MSG_TYPE_INTEGER_16", 1},
	{"MACH_MSG_TYPE_INTEGER_32", 2},
	{"MACH_MSG_TYPE_CHAR", 8},
	{"MACH_MSG_TYPE_BYTE", 9},
	{"MACH_MSG_TYPE_INTEGER_8", 9},
	{"MACH_MSG_TYPE_REAL", 10},
	{"MACH_MSG_TYPE_INTEGER_64", 11},
	{"MACH_MSG_TYPE_STRING", 12},
	{"MACH_MSG_TYPE_STRING_C", 12},
	{"MACH_MSG_TYPE_PORT_NAME", 15},
	{"MACH_MSG_TYPE_MOVE_RECEIVE", 16},
	{"MACH_MSG_TYPE_MOVE_SEND", 17},
	{"MACH_MSG_TYPE_MOVE_SEND_ONCE", 18},
	{"MACH_MSG_TYPE_COPY_SEND", 19},
	{"MACH_MSG_TYPE_MAKE_SEND", 20},
	{"MACH_MSG_TYPE_MAKE_SEND_ONCE", 21},
	{"MACH_MSG_TYPE_PORT_RECEIVE", 16},
	{"MACH_MSG_TYPE_PORT_SEND", 17},
	{"MACH_MSG_TYPE_PORT_SEND_ONCE", 18},
	{"MACH_MSG_TYPE_POLYMORPHIC", MT_POLYMORPHIC},
};

int ipc_name_value(const char *name)
{
	for (size_t i = 0; i < sizeof ipc_names / sizeof ipc_names[0]; i++)
		if (strcmp(name, ipc_names[i].name) == 0)
			return ipc_names[i].value;
	char *end;
	long v = strtol(name, &end, 0);
	return *end == '\0' ? (int)v : MT_UNKNOWN;
}

/* The C spelling of a wire name, for generated code. */
const char *ipc_name_string(int msgt_name)
{
	static const char *const names[] = {
		[0] = "MACH_MSG_TYPE_BOOLEAN",
		[1] = "MACH_MSG_TYPE_INTEGER_16",
		[2] = "MACH_MSG_TYPE_INTEGER_32",
		[8] = "MACH_MSG_TYPE_CHAR",
		[9] = "MACH_MSG_TYPE_BYTE",
		[10] = "MACH_MSG_TYPE_REAL",
		[11] = "MACH_MSG_TYPE_INTEGER_64",
		[12] = "MACH_MSG_TYPE_STRING_C",
		[15] = "MACH_MSG_TYPE_PORT_NAME",
		[16] = "MACH_MSG_TYPE_MOVE_RECEIVE",
		[17] = "MACH_MSG_TYPE_MOVE_SEND",
		[18] = "MACH_MSG_TYPE_MOVE_SEND_ONCE",
		[19] = "MACH_MSG_TYPE_COPY_SEND",
		[20] = "MACH_MSG_TYPE_MAKE_SEND",
		[21] = "MACH_MSG_TYPE_MAKE_SEND_ONCE",
	};
	if (msgt_name >= 0 && msgt_name < 22 && names[msgt_name])
		return names[msgt_name];
	return xasprintf("%d", msgt_name);
}

bool is_port(int msgt_name)
{
	return msgt_name >= MT_MOVE_RECEIVE && msgt_name <= MT_MAKE_SEND_ONCE;
}

/* The type a right arrives as, after the kernel's conversion (§3.3). */
int port_received(int msgt_name)
{
	switch (msgt_name) {
	case MT_COPY_SEND:
	case MT_MAKE_SEND:
		return MT_MOVE_SEND;
	case MT_MAKE_SEND_ONCE:
		return MT_MOVE_SEND_ONCE;
	default:
		return msgt_name;
	}
}

/* ---- Construction ------------------------------------------------------ */

struct type *type_new(enum type_kind kind)
{
	struct type *t = xmalloc(sizeof *t);
	t->kind = kind;
	t->msgt_name = MT_UNKNOWN;
	return t;
}

struct type *type_lookup(const char *name)
{
	for (struct type_entry *e = types; e; e = e->next)
		if (strcmp(e->type->name, name) == 0)
			return e->type;
	return NULL;
}

static struct type *type_builtin(const char *name, int msgt_name, int size)
{
	struct type *t = type_new(TK_BASIC);
	t->msgt_name = msgt_name;
	t->size = size;
	t->string = msgt_name == MT_STRING;
	type_finish(t);
	return t;
}

/* A reference to a named type, or to a MACH_MSG_TYPE_* constant. */
struct type *type_named(const char *name)
{
	struct type *t = type_lookup(name);
	if (t)
		return t;
	int v = ipc_name_value(name);
	if (v == MT_POLYMORPHIC)
		return type_polymorphic();
	if (v != MT_UNKNOWN && strncmp(name, "MACH_MSG_TYPE_", 14) == 0)
		return type_ipc(name, -1, 0);
	error_at(lex_file, lex_line, "unknown type '%s'", name);
	return type_builtin(NULL, MT_INTEGER_32, 32);
}

static int default_size(int msgt_name)
{
	switch (msgt_name) {
	case MT_INTEGER_16:
		return 16;
	case MT_CHAR:
	case MT_BYTE:
	case MT_STRING:
		return 8;
	case MT_INTEGER_64:
		return 64;
	case MT_PORT_NAME:
		return 32;
	default:
		return is_port(msgt_name) ? target->port_inline : 32;
	}
}

/* (NAME, SIZE, flags) or a bare MACH_MSG_TYPE_* name (size -1). */
struct type *type_ipc(const char *name, long size, unsigned flags)
{
	int v = ipc_name_value(name);
	if (v == MT_UNKNOWN) {
		error_at(lex_file, lex_line, "unknown IPC type '%s'", name);
		v = MT_INTEGER_32;
	}
	if (v == MT_POLYMORPHIC) {
		struct type *t = type_polymorphic();
		if (size > 0) {
			t->size = (int)size;
			t->size_given = true;
			type_finish(t);
		}
		return t;
	}
	struct type *t = type_new(TK_BASIC);
	t->msgt_name = v;
	if (strcmp(name, "MACH_MSG_TYPE_PORT_RECEIVE") == 0 ||
	    strcmp(name, "MACH_MSG_TYPE_PORT_SEND") == 0 ||
	    strcmp(name, "MACH_MSG_TYPE_PORT_SEND_ONCE") == 0) {
		/* The sender picks the disposition; the receiver sees v. */
		t->msgt_name = MT_POLYMORPHIC;
		t->recv_name = v;
	}
	t->size_given = size > 0;
	t->size = size > 0 ? (int)size : default_size(v);
	if (is_port(v) && t->size != target->port_inline) {
		/* Inline rights always travel in port slots (§4.2). */
		t->size = target->port_inline;
	}
	t->string = v == MT_STRING;
	t->is_long = flags & AF_ISLONG;
	t->is_not_long = flags & AF_ISNOTLONG;
	t->dealloc = flags & AF_DEALLOC;
	type_finish(t);
	return t;
}

struct type *type_polymorphic(void)
{
	struct type *t = type_new(TK_BASIC);
	t->msgt_name = MT_POLYMORPHIC;
	t->size = target->port_inline;
	type_finish(t);
	return t;
}

struct type *type_array(long count, bool varying, bool unbounded,
			struct type *elem)
{
	if (count < 0 || (!unbounded && count == 0 && !varying)) {
		error_at(lex_file, lex_line, "bad array size %ld", count);
		count = 1;
	}
	if (elem->kind == TK_ARRAY && elem->varying)
		error_at(lex_file, lex_line, "array of variable-sized arrays");
	struct type *t = type_new(TK_ARRAY);
	t->elem = elem;
	t->count = (int)count;
	t->varying = varying;
	t->unbounded = unbounded;
	type_finish(t);
	return t;
}

struct type *type_pointer(struct type *t)
{
	if (t->kind != TK_ARRAY) {
		/* ^T: an out-of-line array of exactly one T. */
		t = type_array(1, false, false, t);
	} else {
		struct type *c = xmalloc(sizeof *c);
		*c = *t;
		c->name = NULL;
		t = c;
	}
	t->ool = true;
	return t;
}

struct type *type_struct_array(long count, struct type *elem)
{
	if (count <= 0)
		error_at(lex_file, lex_line, "bad struct size %ld", count);
	struct type *t = type_new(TK_STRUCT);
	t->elem = elem;
	t->count = count > 0 ? (int)count : 1;
	type_finish(t);
	return t;
}

struct type *type_struct_fields(struct field *fields)
{
	if (!fields)
		error_at(lex_file, lex_line, "empty struct");
	struct type *t = type_new(TK_STRUCT);
	t->fields = fields;
	type_finish(t);
	return t;
}

struct type *type_cstring(long count, bool varying)
{
	if (count <= 0) {
		error_at(lex_file, lex_line, "bad c_string size %ld", count);
		count = 1;
	}
	struct type *t = type_new(TK_CSTRING);
	t->msgt_name = MT_STRING;
	t->size = 8;
	t->count = (int)count;
	t->varying = varying;
	t->string = true;
	type_finish(t);
	return t;
}

/* ---- Sizes -------------------------------------------------------------- */

/* C bytes of a whole value of t (a fixed array counts all elements). */
static int value_size(const struct type *t)
{
	if (t->kind == TK_ARRAY || t->kind == TK_CSTRING)
		return t->count * t->c_size;
	return t->c_size;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

static void struct_unit(struct type *t, int total, int align)
{
	int unit = target->struct_units ? align : (total % 4 ? align : 4);
	if (!target->struct_units && unit > 4)
		unit = 4;
	static const int names[9] = {[1] = MT_BYTE,
				     [2] = MT_INTEGER_16,
				     [4] = MT_INTEGER_32,
				     [8] = MT_INTEGER_64};
	t->msgt_name = names[unit];
	t->size = unit * 8;
	t->c_size = total;
	t->c_align = align;
	t->number = total / unit;
}

static void finish_struct(struct type *t)
{
	int offset = 0, align = 1;
	if (t->elem) {
		align = t->elem->c_align;
		offset = t->count * value_size(t->elem);
	}
	for (struct field *f = t->fields; f; f = f->next) {
		int a = f->type->c_align;
		offset = round_up(offset, a) + value_size(f->type);
		if (a > align)
			align = a;
	}
	struct_unit(t, round_up(offset, align), align);
}

void type_finish(struct type *t)
{
	switch (t->kind) {
	case TK_BASIC:
		t->number = 1;
		t->c_size = (t->size + 7) / 8;
		t->c_align =
			t->string ? 1 : min_int(t->c_size, target->max_align);
		if (t->c_align < 1)
			t->c_align = 1;
		break;
	case TK_ARRAY:
		t->msgt_name = t->elem->msgt_name;
		t->recv_name = t->elem->recv_name;
		t->size = t->elem->size;
		t->string = t->elem->string;
		t->number = t->elem->number;
		t->c_size = value_size(t->elem);
		t->c_align = t->elem->c_align;
		break;
	case TK_STRUCT:
		finish_struct(t);
		break;
	case TK_CSTRING:
		t->number = 1;
		t->c_size = 1;
		t->c_align = 1;
		break;
	}
}

/* ---- Type statements ------------------------------------------------------
 */

void attr_set_ctype(int which, const char *ctype)
{
	pending.ctype[which] = xstrdup(ctype);
}

void attr_set_trans(int which, struct trans t)
{
	pending.trans[which] = t;
}

void attr_reset(void)
{
	memset(&pending, 0, sizeof pending);
}

void type_define(const char *name, struct type *spec)
{
	if (type_lookup(name))
		warn_at(lex_file, lex_line, "type '%s' redefined", name);
	struct type *t = xmalloc(sizeof *t);
	*t = *spec;
	t->name = xstrdup(name);
	t->ctype = pending.ctype[0] ? pending.ctype[0] : t->name;
	t->cusertype = pending.ctype[1];
	t->cservertype = pending.ctype[2];
	if (pending.trans[0].func)
		t->intran = pending.trans[0];
	if (pending.trans[1].func)
		t->outtran = pending.trans[1];
	if (pending.trans[2].func)
		t->destructor = pending.trans[2];
	if (pending.trans[3].func)
		t->payload = pending.trans[3];
	attr_reset();
	struct type_entry *e = xmalloc(sizeof *e);
	e->type = t;
	e->next = types;
	types = e;
}

/*
 * "name: Base = IPC[|IPC2] attrs" in an argument list: Base with another
 * wire type (IPC sent; IPC2 what the server sees) and C attributes.
 */
/* "IPC1|IPC2": sent as IPC1, seen by the server as IPC2. */
struct type *type_ipc_pair(const char *ipc, const char *server_ipc)
{
	struct type *t = type_ipc(ipc, -1, 0);
	if (ipc_name_value(server_ipc) == MT_POLYMORPHIC)
		t->server_poly = true;
	return t;
}

struct type *type_arg_derive(const char *base_name, struct type *spec,
			     const char *server_ipc)
{
	struct type *t = xmalloc(sizeof *t);
	struct type *base = type_lookup(base_name);
	if (!base) {
		*t = *spec;
		t->ctype = xstrdup(base_name);
	} else if (spec->kind == TK_BASIC && base->kind == TK_BASIC) {
		*t = *base;
		t->ctype = base->name; /* GNU MIG names the base type */
		t->msgt_name = spec->msgt_name;
		t->recv_name = spec->recv_name;
		t->server_poly = spec->server_poly;
		t->size = spec->size;
		type_finish(t);
	} else {
		*t = *spec;
		t->ctype = base->ctype;
	}
	t->name = NULL;
	if (spec->server_poly ||
	    (server_ipc && ipc_name_value(server_ipc) == MT_POLYMORPHIC))
		t->server_poly = true;
	if (pending.ctype[0])
		t->ctype = pending.ctype[0];
	if (pending.ctype[1])
		t->cusertype = pending.ctype[1];
	if (pending.ctype[2])
		t->cservertype = pending.ctype[2];
	if (pending.trans[0].func)
		t->intran = pending.trans[0];
	if (pending.trans[1].func)
		t->outtran = pending.trans[1];
	if (pending.trans[2].func)
		t->destructor = pending.trans[2];
	attr_reset();
	return t;
}

/* ---- C names ----------------------------------------------------------------
 */

static const char *builtin_ctype(const struct type *t)
{
	switch (t->msgt_name) {
	case MT_BOOLEAN:
		return "boolean_t";
	case MT_INTEGER_16:
		return "short";
	case MT_INTEGER_32:
		return "int";
	case MT_INTEGER_64:
		return "int64_t";
	case MT_CHAR:
	case MT_BYTE:
	case MT_STRING:
		return "char";
	case MT_REAL:
		return t->size == 64 ? "double" : "float";
	case MT_PORT_NAME:
		return "mach_port_name_t";
	default:
		return "mach_port_t";
	}
}

const char *type_ctype_user(const struct type *t)
{
	if (t->cusertype)
		return t->cusertype;
	if (t->ctype)
		return t->ctype;
	if (t->kind == TK_ARRAY || t->kind == TK_CSTRING)
		return xasprintf("%s *", type_elem_ctype(t));
	return builtin_ctype(t);
}

const char *type_ctype_server(const struct type *t)
{
	if (t->cservertype)
		return t->cservertype;
	return type_ctype_user(t);
}

/* The C type of one element of an array (or of the value itself). */
const char *type_elem_ctype(const struct type *t)
{
	if (t->kind == TK_CSTRING)
		return "char";
	if (t->kind != TK_ARRAY)
		return t->ctype ? t->ctype : builtin_ctype(t);
	const struct type *e = t->elem;
	if (e->ctype)
		return e->ctype;
	return type_elem_ctype(e);
}

/* ---- Subsystem, routines, imports
 * ---------------------------------------------- */

void decl_subsystem(const char *name, long base, unsigned mods)
{
	if (subsys.name)
		error_at(lex_file, lex_line, "second subsystem statement");
	subsys.name = xstrdup(name);
	subsys.base = base;
	subsys.kernel_user = mods & 1;
	subsys.kernel_server = mods & 2;
}

static void check_args(struct routine *r)
{
	struct arg *prev_array = NULL;
	for (struct arg *a = r->args; a; a = a->next) {
		if (!a->type) {
			a->type = type_lookup(a->name);
			if (!a->type) {
				error_at(r->file, a->line,
					 "argument '%s' of '%s' has no type",
					 a->name, r->name);
				a->type = type_named("int");
			}
		}
		if (a->flags & AF_SAMECOUNT) {
			if (!prev_array)
				error_at(r->file, a->line,
					 "SameCount '%s' follows no array",
					 a->name);
			a->count_of = prev_array;
		}
		if (a->type->kind == TK_ARRAY && a->type->varying)
			prev_array = a;
	}
}

void decl_routine(const char *name, bool simple, struct arg *args, int line)
{
	if (!subsys.name)
		error_at(lex_file, line, "routine '%s' before subsystem", name);
	struct routine *r = xmalloc(sizeof *r);
	r->name = xstrdup(name);
	r->simple = simple;
	r->number = subsys.count++;
	r->args = args;
	r->file = xstrdup(lex_file);
	r->line = line;
	if (!args)
		error_at(lex_file, line, "routine '%s' has no request port",
			 name);
	check_args(r);
	struct routine **p = &subsys.routines;
	while (*p)
		p = &(*p)->next;
	*p = r;
}

void decl_skip(long n)
{
	subsys.count += (int)n;
}

void decl_import(int kind, const char *text)
{
	struct import *im = xmalloc(sizeof *im);
	im->kind = kind;
	im->text = xstrdup(text);
	struct import **p = &subsys.imports;
	while (*p)
		p = &(*p)->next;
	*p = im;
}

/* The types MIG knows without a declaration. */
void decl_init(void)
{
	static const struct {
		const char *name;
		int msgt_name, size;
	} builtins[] = {
		{"int", MT_INTEGER_32, 32},   {"char", MT_CHAR, 8},
		{"short", MT_INTEGER_16, 16}, {"boolean", MT_BOOLEAN, 32},
		{"float", MT_REAL, 32},	      {"double", MT_REAL, 64},
	};
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		struct type *t =
			type_builtin(builtins[i].name, builtins[i].msgt_name,
				     builtins[i].size);
		attr_reset();
		type_define(builtins[i].name, t);
	}
}
