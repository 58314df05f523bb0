%{
/*
 * mig/parser.y - the .defs grammar. Actions only build the model through
 * decl.c; no output is written here.
 */
#include <string.h>
#include <strings.h>
#include "mig.h"

int yylex(void);
static void yyerror(const char *msg);
static unsigned flag_value(const char *word);
static unsigned flag_var_value(const char *word);
static struct arg *arg_append(struct arg *list, struct arg *a);
static struct field *field_append(struct field *list, struct field *f);
static unsigned sub_mods;
%}

%define parse.error verbose

%union {
	long num;
	char *str;
	struct type *type;
	struct arg *arg;
	struct field *field;
	struct trans trans;
	unsigned flags;
	int dir;
}

%token ROUTINE SIMPLEROUTINE PROCEDURE SIMPLEPROCEDURE FUNCTION SUBSYSTEM
%token KERNELUSER KERNELSERVER MSGOPTION MSGSEQNO WAITTIME NOWAITTIME
%token SERVERPREFIX USERPREFIX SERVERDEMUX RCSID IMPORT UIMPORT SIMPORT TYPE
%token SKIP IN OUT INOUT REQUESTPORT REPLYPORT SREPLYPORT UREPLYPORT ARRAY OF
%token STRUCT CSTRING POLYMORPHIC CTYPE CUSERTYPE CSERVERTYPE INTRAN OUTTRAN
%token DESTRUCTOR INTRANPAYLOAD
%token <str> IDENT "identifier" STRING "string" FILENAME "file name"
%token <num> NUMBER "number"

%type <num> expr term factor
%type <type> typespec basetype
%type <arg> args arglist arg
%type <field> fields field
%type <flags> ipcflags argflags
%type <dir> direction
%type <str> cname import_name
%type <trans> trans

%%

file	: /* empty */
	| file statement
	;

statement
	: subsystem ';'
	| WAITTIME STRING ';'		{ subsys.waittime = $2; }
	| WAITTIME IDENT ';'		{ subsys.waittime = $2; }
	| WAITTIME NUMBER ';'		{ subsys.waittime = xasprintf("%ld", $2); }
	| NOWAITTIME ';'		{ subsys.waittime = NULL; }
	| MSGOPTION IDENT ';'		{ subsys.msgoption = $2; }
	| SERVERPREFIX IDENT ';'	{ subsys.server_prefix = $2; }
	| USERPREFIX IDENT ';'		{ subsys.user_prefix = $2; }
	| SERVERDEMUX IDENT ';'		{ subsys.demux = $2; }
	| RCSID STRING ';'		{ subsys.rcsid = $2; }
	| IMPORT import_name ';'	{ decl_import('a', $2); }
	| UIMPORT import_name ';'	{ decl_import('u', $2); }
	| SIMPORT import_name ';'	{ decl_import('s', $2); }
	| TYPE IDENT '=' typespec attrs ';'
		{ type_define($2, $4); }
	| ROUTINE IDENT args ';'	{ decl_routine($2, false, $3, lex_line); }
	| FUNCTION IDENT args ':' IDENT ';'
		{ decl_routine($2, false, $3, lex_line); }
	| PROCEDURE IDENT args ';'	{ decl_routine($2, false, $3, lex_line); }
	| SIMPLEROUTINE IDENT args ';'	{ decl_routine($2, true, $3, lex_line); }
	| SIMPLEPROCEDURE IDENT args ';' { decl_routine($2, true, $3, lex_line); }
	| SKIP ';'			{ decl_skip(1); }
	| SKIP NUMBER ';'		{ decl_skip($2); }
	| ';'
	| error ';'			{ yyerrok; attr_reset(); }
	;

import_name
	: FILENAME
	| STRING
	;

subsystem
	: SUBSYSTEM { sub_mods = 0; } modifiers IDENT expr
		{ decl_subsystem($4, $5, sub_mods); }
	;

modifiers
	: /* empty */
	| modifiers KERNELUSER		{ sub_mods |= 1; }
	| modifiers KERNELSERVER	{ sub_mods |= 2; }
	;

/* ---- Types ---- */

typespec
	: basetype
	| ARRAY '[' ']' OF typespec	{ $$ = type_array(0, true, true, $5); }
	| ARRAY '[' expr ']' OF typespec
		{ $$ = type_array($3, false, false, $6); }
	| ARRAY '[' '*' ']' OF typespec	{ $$ = type_array(0, true, true, $6); }
	| ARRAY '[' '*' ':' expr ']' OF typespec
		{ $$ = type_array($5, true, false, $8); }
	| '^' typespec			{ $$ = type_pointer($2); }
	| STRUCT '[' expr ']' OF typespec
		{ $$ = type_struct_array($3, $6); }
	| STRUCT '{' fields '}'		{ $$ = type_struct_fields($3); }
	| CSTRING '[' expr ']'		{ $$ = type_cstring($3, false); }
	| CSTRING '[' '*' ':' expr ']'	{ $$ = type_cstring($5, true); }
	| POLYMORPHIC			{ $$ = type_polymorphic(); }
	| POLYMORPHIC '|' IDENT
		{ $$ = type_polymorphic();
		  $$->recv_name = port_received(ipc_name_value($3)); }
	| POLYMORPHIC '|' POLYMORPHIC	{ $$ = type_polymorphic(); }
	;

basetype
	: IDENT				{ $$ = type_named($1); }
	| '(' IDENT ')'			{ $$ = type_ipc($2, -1, 0); }
	| IDENT '|' IDENT		{ $$ = type_ipc_pair($1, $3); }
	| IDENT '|' POLYMORPHIC
		{ $$ = type_ipc_pair($1, "MACH_MSG_TYPE_POLYMORPHIC"); }
	| '(' IDENT ',' expr ipcflags ')' { $$ = type_ipc($2, $4, $5); }
	| '(' NUMBER ',' expr ipcflags ')'
		{ $$ = type_ipc(xasprintf("%ld", $2), $4, $5); }
	;

ipcflags
	: /* empty */			{ $$ = 0; }
	| ipcflags ',' IDENT		{ $$ = $1 | flag_value($3); }
	| ipcflags ',' IDENT '[' ']'	{ $$ = $1 | flag_value($3); }
	;

fields
	: /* empty */			{ $$ = NULL; }
	| fields field			{ $$ = field_append($1, $2); }
	;

field
	: typespec IDENT ';'
		{ $$ = xmalloc(sizeof *$$); $$->type = $1; $$->name = $2; }
	| typespec IDENT '[' expr ']' ';'
		{ $$ = xmalloc(sizeof *$$);
		  $$->type = type_array($4, false, false, $1); $$->name = $2; }
	;

attrs	: /* empty */
	| attrs attr
	;

attr	: CTYPE ':' cname		{ attr_set_ctype(0, $3); }
	| CUSERTYPE ':' cname		{ attr_set_ctype(1, $3); }
	| CSERVERTYPE ':' cname		{ attr_set_ctype(2, $3); }
	| INTRAN ':' trans		{ attr_set_trans(0, $3); }
	| OUTTRAN ':' trans		{ attr_set_trans(1, $3); }
	| DESTRUCTOR ':' IDENT '(' cname ')'
		{ struct trans t = { NULL, $3, $5 }; attr_set_trans(2, t); }
	| INTRANPAYLOAD ':' trans	{ attr_set_trans(3, $3); }
	| INTRANPAYLOAD ':' cname IDENT
		{ struct trans t = { $3, $4, NULL }; attr_set_trans(3, t); }
	;

trans	: cname IDENT '(' cname ')'	{ $$.type = $1; $$.func = $2; $$.arg = $4; }
	;

cname	: IDENT
	| cname '*'			{ $$ = xasprintf("%s *", $1); }
	;

/* ---- Routines ---- */

args	: '(' ')'			{ $$ = NULL; }
	| '(' arglist ')'		{ $$ = $2; }
	| '(' arglist ';' ')'		{ $$ = $2; }
	;

arglist	: arg				{ $$ = $1; }
	| arglist ';' arg		{ $$ = arg_append($1, $3); }
	;

arg	: direction IDENT ':' typespec argflags
		{ $$ = xmalloc(sizeof *$$); $$->dir = $1; $$->name = $2;
		  $$->type = $4; $$->flags = $5; $$->line = lex_line; }
	| direction IDENT ':' IDENT '=' typespec attrs argflags
		{ $$ = xmalloc(sizeof *$$); $$->dir = $1; $$->name = $2;
		  $$->type = type_arg_derive($4, $6, NULL);
		  $$->flags = $8; $$->line = lex_line; }
	| direction IDENT argflags
		{ $$ = xmalloc(sizeof *$$); $$->dir = $1; $$->name = $2;
		  $$->type = NULL; $$->flags = $3; $$->line = lex_line; }
	;

direction
	: /* empty */			{ $$ = D_NONE; }
	| IN				{ $$ = D_IN; }
	| OUT				{ $$ = D_OUT; }
	| INOUT				{ $$ = D_INOUT; }
	| REQUESTPORT			{ $$ = D_REQUESTPORT; }
	| REPLYPORT			{ $$ = D_REPLYPORT; }
	| SREPLYPORT			{ $$ = D_SREPLYPORT; }
	| UREPLYPORT			{ $$ = D_UREPLYPORT; }
	| WAITTIME			{ $$ = D_WAITTIME; }
	| MSGOPTION			{ $$ = D_MSGOPTION; }
	| MSGSEQNO			{ $$ = D_MSGSEQNO; }
	;

argflags
	: /* empty */			{ $$ = 0; }
	| argflags ',' IDENT		{ $$ = $1 | flag_value($3); }
	| argflags ',' IDENT '[' ']'	{ $$ = $1 | flag_var_value($3); }
	;

/* ---- Constant expressions ---- */

expr	: term
	| expr '+' term			{ $$ = $1 + $3; }
	| expr '-' term			{ $$ = $1 - $3; }
	;

term	: factor
	| term '*' factor		{ $$ = $1 * $3; }
	| term '/' factor
		{ if ($3 == 0) { yyerror("division by zero"); $$ = 0; }
		  else $$ = $1 / $3; }
	;

factor	: NUMBER
	| '(' expr ')'			{ $$ = $2; }
	| '-' factor			{ $$ = -$2; }
	;

%%

static void yyerror(const char *msg)
{
	error_at(lex_file, lex_line, "%s", msg);
}

static const struct {
	const char *word;
	unsigned flag;
} flag_words[] = {
	{ "dealloc", AF_DEALLOC },	   { "notdealloc", AF_NOTDEALLOC },
	{ "servercopy", AF_SERVERCOPY },   { "countinout", AF_COUNTINOUT },
	{ "samecount", AF_SAMECOUNT },	   { "retcode", AF_RETCODE },
	{ "physicalcopy", AF_PHYSICALCOPY }, { "overwrite", AF_OVERWRITE },
	{ "auto", AF_AUTO },		   { "const", AF_CONST },
	{ "islong", AF_ISLONG },	   { "isnotlong", AF_ISNOTLONG },
};

static unsigned flag_value(const char *word)
{
	for (size_t i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++)
		if (strcasecmp(word, flag_words[i].word) == 0)
			return flag_words[i].flag;
	error_at(lex_file, lex_line, "unknown flag '%s'", word);
	return 0;
}

/* "Dealloc[]": the user stub takes the deallocate bit as an argument. */
static unsigned flag_var_value(const char *word)
{
	unsigned f = flag_value(word);
	return f == AF_DEALLOC ? AF_DEALLOC_VAR : f;
}

static struct arg *arg_append(struct arg *list, struct arg *a)
{
	struct arg **p = &list;
	while (*p)
		p = &(*p)->next;
	*p = a;
	return list;
}

static struct field *field_append(struct field *list, struct field *f)
{
	struct field **p = &list;
	while (*p)
		p = &(*p)->next;
	*p = f;
	return list;
}
