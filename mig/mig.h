/*
 * mig/mig.h - Mach5 MIG: the model of a .defs file and the interfaces
 * between the parser, the layout pass and the emitters.
 *
 * Flow: main.c runs cpp and the parser (parser.y, lexer.l) which fills a
 * struct subsystem through the decl_* calls of decl.c; layout.c turns each
 * routine's arguments into request/reply items with wire offsets for the
 * chosen target; emit_user.c, emit_server.c and emit_header.c print C.
 */
#ifndef MIG_MIG_H
#define MIG_MIG_H

#include <stdbool.h>
#include <stdio.h>

/* ---- Targets ---------------------------------------------------------- */

struct target {
	const char *name;
	int align;	   /* item alignment in a message body */
	int header;	   /* sizeof(mach_msg_header_t) */
	int desc_short;	   /* sizeof(mach_msg_type_t) */
	int desc_long;	   /* sizeof(mach_msg_type_long_t) */
	int pointer;	   /* size of an out-of-line pointer */
	int port_inline;   /* bits of one inline port right */
	int max_align;	   /* largest C alignment of a struct member */
	bool struct_units; /* §4.6: structs counted in alignment units */
};

extern const struct target *target;
extern const struct target target_x86_64, target_i386, target_x86_64_2022;

/* ---- Types ------------------------------------------------------------ */

#define MT_POLYMORPHIC (-1)
#define MT_UNKNOWN     (-2)

/* Wire type names (mach/message.h). */
enum {
	MT_BOOLEAN = 0,
	MT_INTEGER_16 = 1,
	MT_INTEGER_32 = 2,
	MT_CHAR = 8,
	MT_BYTE = 9,
	MT_REAL = 10,
	MT_INTEGER_64 = 11,
	MT_STRING = 12,
	MT_PORT_NAME = 15,
	MT_MOVE_RECEIVE = 16,
	MT_MOVE_SEND = 17,
	MT_MOVE_SEND_ONCE = 18,
	MT_COPY_SEND = 19,
	MT_MAKE_SEND = 20,
	MT_MAKE_SEND_ONCE = 21,
};

enum type_kind {
	TK_BASIC,   /* one wire element (or a (NAME, SIZE) string) */
	TK_ARRAY,   /* array[N], array[*:N], array[] */
	TK_STRUCT,  /* struct[N] of T, struct { ... } */
	TK_CSTRING, /* c_string[N], c_string[*:N] */
};

struct field {
	char *name;
	struct type *type;
	struct field *next;
};

struct trans {
	char *type; /* the C type the function returns */
	char *func; /* NULL if absent */
	char *arg;  /* the C type of its argument */
};

struct type {
	char *name; /* .defs name, NULL if anonymous */
	enum type_kind kind;
	int msgt_name;	 /* wire name of one element (or MT_POLYMORPHIC) */
	int size;	 /* msgt_size: bits of one wire element */
	bool size_given; /* (NAME, SIZE) form */
	bool string;	 /* STRING_C data: copied with mig_strncpy */

	/* TK_ARRAY / TK_CSTRING / TK_STRUCT[N] */
	struct type *elem;
	int count;	      /* N, or the maximum for [*:N]; 0 for [] */
	bool varying;	      /* [*:N] or [] */
	bool unbounded;	      /* [] */
	bool ool;	      /* ^: always out of line */
	struct field *fields; /* struct { ... } */

	bool is_long, is_not_long, dealloc;
	bool server_poly; /* "X|polymorphic": the server sees a Poly */
	/*
	 * A polymorphic type whose receiver knows what arrives: PORT_SEND
	 * (17) and PORT_SEND_ONCE (18), or "polymorphic|X". The sender has
	 * a Poly argument, the receiver has none and checks this name.
	 */
	int recv_name;

	char *ctype, *cusertype, *cservertype;
	struct trans intran, outtran, destructor, payload;

	/* Computed by type_finish(). */
	int c_size;  /* bytes of one C value (of one element for arrays) */
	int c_align; /* its alignment */
	int number;  /* wire elements per C value (per element for arrays) */
};

/* ---- Routines --------------------------------------------------------- */

enum direction {
	D_NONE, /* "in" by default, but the first one is the request port */
	D_IN,
	D_OUT,
	D_INOUT,
	D_REQUESTPORT,
	D_REPLYPORT,
	D_SREPLYPORT,
	D_UREPLYPORT,
	D_WAITTIME,
	D_MSGOPTION,
	D_MSGSEQNO,
};

enum arg_flag {
	AF_DEALLOC = 1 << 0,
	AF_NOTDEALLOC = 1 << 1,
	AF_SERVERCOPY = 1 << 2,
	AF_COUNTINOUT = 1 << 3,
	AF_SAMECOUNT = 1 << 4,
	AF_RETCODE = 1 << 5,
	AF_PHYSICALCOPY = 1 << 6,
	AF_OVERWRITE = 1 << 7,
	AF_AUTO = 1 << 8,
	AF_CONST = 1 << 9,
	AF_ISLONG = 1 << 10,
	AF_ISNOTLONG = 1 << 11,
	AF_DEALLOC_VAR = 1 << 12, /* Dealloc[]: the user says, per call */
};

struct arg {
	char *name;
	enum direction dir;
	struct type *type;
	unsigned flags;
	int line;
	struct arg *next;
	struct arg *count_of; /* SameCount: share the count of this arg */
};

struct routine {
	char *name;
	bool simple;
	int number; /* index in the subsystem: msgh_id - base */
	struct arg *args;
	char *file;
	int line;
	struct routine *next;
	/* Computed by layout.c. */
	struct msg *request, *reply;
	struct arg *request_port, *reply_port; /* reply_port: u/s/replyport */
	struct arg *waittime, *msgoption, *msgseqno;
};

struct import {
	int kind;   /* 'a' all, 'u' user, 's' server */
	char *text; /* "<x.h>" or "\"x.h\"" */
	struct import *next;
};

struct subsystem {
	char *name;
	long base;
	bool kernel_user, kernel_server;
	char *user_prefix, *server_prefix, *demux, *rcsid;
	char *waittime; /* global waittime expression, or NULL */
	char *msgoption;
	struct import *imports;
	struct routine *routines;
	int count; /* routine slots, skips included */
};

extern struct subsystem subsys;

/* ---- Messages (layout.c) ------------------------------------------------ */

enum item_kind {
	IK_DATA,    /* an argument's value */
	IK_COUNT,   /* the capacity of a CountInOut out array, in the request */
	IK_RETCODE, /* RetCode */
};

struct item {
	enum item_kind kind;
	struct arg *arg;
	char *field;   /* C member name; the descriptor is field "Type" */
	int msgt_name; /* on send; MT_POLYMORPHIC: from the Poly argument */
	int recv_name; /* of a polymorphic item: what the receiver checks */
	int msgt_size;
	bool longform;
	bool inline_;	 /* fixed inline or the inline case of indefinite */
	bool ool;	 /* always out of line */
	bool indefinite; /* inline or out of line, chosen at run time */
	bool varying;	 /* count known at run time */
	bool port;	 /* carries port rights (or may, if polymorphic) */
	bool dealloc;
	bool string;
	int number;	/* fixed number of wire elements, or the maximum */
	int per_elem;	/* wire elements per C element */
	int elem_bytes; /* C bytes of one C element (inline) */
	int max_bytes;	/* inline data bytes (max) */
	int desc_size;
	int data_size; /* bytes reserved after the descriptor (max) */
	int offset;    /* of the descriptor, in the max layout */
	int segment;   /* index of the segment struct that holds it */
	char *decl;    /* C declaration of the data member */
	int capacity;  /* IK_COUNT: the reply array's inline capacity (C
			  elements) the count is clamped to; 0: none */
	struct item *next;
};

struct msg {
	struct item *items;
	int segments;	    /* 1 + number of varying items not last */
	int fixed_size;	    /* size with every varying item empty */
	int max_size;	    /* size with every varying item at its maximum */
	bool complex;	    /* carries rights or OOL data (for sure) */
	bool maybe_complex; /* polymorphic items may make it complex */
	bool has_varying;
};

/* ---- Functions ---------------------------------------------------------- */

/* util.c */
void *xmalloc(size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
void error_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void warn_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern int errors;
extern bool quiet;
int round_up(int n, int to);

/* lexer.l */
extern const char *lex_file;
extern int lex_line;
void lex_start(FILE *in, const char *name);

/* decl.c: called by the parser */
void decl_init(void);
struct type *type_lookup(const char *name);
struct type *type_named(const char *name);
struct type *type_new(enum type_kind kind);
struct type *type_ipc(const char *name_or_number, long size, unsigned flags);
struct type *type_array(long count, bool varying, bool unbounded,
			struct type *elem);
struct type *type_pointer(struct type *t);
struct type *type_struct_array(long count, struct type *elem);
struct type *type_struct_fields(struct field *fields);
struct type *type_cstring(long count, bool varying);
struct type *type_polymorphic(void);
void type_define(const char *name, struct type *t);
void attr_set_ctype(int which, const char *ctype);
void attr_set_trans(int which, struct trans t);
void attr_reset(void);
struct type *type_ipc_pair(const char *ipc, const char *server_ipc);
struct type *type_arg_derive(const char *base_name, struct type *spec,
			     const char *server_ipc);
void type_finish(struct type *t);
int ipc_name_value(const char *name);
const char *ipc_name_string(int msgt_name);
int port_received(int msgt_name);
bool is_port(int msgt_name);
const char *type_ctype_user(const struct type *t);
const char *type_ctype_server(const struct type *t);
const char *type_elem_ctype(const struct type *t);

void decl_subsystem(const char *name, long base, unsigned mods);
void decl_routine(const char *name, bool simple, struct arg *args, int line);
void decl_skip(long n);
void decl_import(int kind, const char *text);

/* layout.c */
void layout_routine(struct routine *r);
bool item_moves(const struct item *it);
bool arg_in_request(const struct arg *a);
bool arg_in_reply(const struct arg *a);
bool arg_has_count(const struct arg *a);
bool arg_is_array(const struct arg *a);
bool arg_is_poly(const struct arg *a);
bool arg_server_poly(const struct arg *a);
bool arg_user_poly(const struct arg *a);
bool item_is_port(const struct item *it);
const char *const_ctype(const struct arg *a, const char *ct);
const char *user_name(const struct routine *r);
const char *server_name(const struct routine *r);
const char *demux_name(void);
struct arg *user_reply_arg(const struct routine *r);

/* emit_*.c: each writes to a memory stream */
void emit_user(FILE *out, const char *header_name);
void emit_server(FILE *out, const char *sheader_name);
void emit_user_header(FILE *out);
void emit_server_header(FILE *out);
void emit_list(FILE *out);
void emit_sizes(FILE *out);
void emit_msg_structs(FILE *out, const struct routine *r, bool server);
void emit_request_struct(FILE *out, const struct routine *r, bool server);
void emit_reply_struct(FILE *out, const struct routine *r, bool server);
void emit_type_check_macro(FILE *out);
void emit_prologue(FILE *out);
void emit_user_params(FILE *out, const struct routine *r);
/* The user parameters' names, as a call passes them on: "a, aCnt, b". */
void emit_user_args(FILE *out, const struct routine *r);
void emit_server_params(FILE *out, const struct routine *r);
extern bool emit_cc_line;
void emit_desc_init(FILE *out, const struct item *it, int name, int size,
		    int number, bool inl, bool dealloc);
const char *desc_field(const struct item *it, const char *what);
const char *desc_ctype(const struct item *it);
const char *slot_member(void);
void emit_check_locals(FILE *out, const struct msg *m, const char *base,
		       const char *p);
void emit_msg_check(FILE *out, const struct msg *m, const char *base,
		    const char *p, const char *bad,
		    const struct item *skip); /* -cc: #line directives off */

#endif /* MIG_MIG_H */
