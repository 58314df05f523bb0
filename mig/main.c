/*
 * mig/main.c - the mach5-mig driver. Command line as GNU MIG's `mig`
 * (cpp options -D/-I/-U pass through; -user/-server/-header/-sheader/
 * -iheader/-list FILE; -n; -q) plus migcom-style -prefix, -subrprefix,
 * -cc, and -target i386|x86_64. Reads each .defs through cpp, parses it,
 * lays it out, and writes every output at once: into memory first, then to
 * FILE.tmp, renamed only if no error occurred.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "mig.h"

int yyparse(void);

struct output {
	const char *path;
	void (*emit)(FILE *out);
	char *buf;
	size_t len;
};

static const char *user_file, *server_file, *header_file, *sheader_file,
	*iheader_file, *list_file, *sizes_file;
static bool no_defaults;
static const char *cpp_cmd;
static char **cpp_args;
static int ncpp_args;

static void emit_user_cb(FILE *out)
{
	const char *h = header_file;
	if (h && strrchr(h, '/'))
		h = strrchr(h, '/') + 1;
	emit_user(out, h);
}

static void emit_server_cb(FILE *out)
{
	emit_server(out, sheader_file);
}

/* -target t: the message layout generated. */
static void set_target(const char *t)
{
	if (!strcmp(t, "i386"))
		target = &target_i386;
	else if (!strcmp(t, "x86_64"))
		target = &target_x86_64;
	else if (!strcmp(t, "x86_64-2022"))
		target = &target_x86_64_2022;
	else
		fatal("unknown target '%s'", t);
}

/* The target without -target: the build's ARCH (that of the kernel,
 * headers and libmach installed beside it). */
#ifndef MACH5_MIG_DEFAULT_TARGET
#define MACH5_MIG_DEFAULT_TARGET "x86_64"
#endif

static void usage(void)
{
	fprintf(stderr,
		"usage: mach5-mig [-target i386|x86_64] [-q|-Q] [-n] "
		"[-user F] [-server F] [-header F]\n"
		"                 [-sheader F] [-iheader F] [-list F] "
		"[-prefix P] [-subrprefix P] [-cc CPP]\n"
		"                 [cpp options: -D -U -I ...] file.defs\n");
	exit(2);
}

static void add_cpp_arg(const char *a)
{
	cpp_args = realloc(cpp_args, sizeof *cpp_args * (ncpp_args + 2));
	if (!cpp_args)
		fatal("out of memory");
	cpp_args[ncpp_args++] = (char *)a;
	cpp_args[ncpp_args] = NULL;
}

static const char *need(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		usage();
	return argv[++*i];
}

static const char *parse_args(int argc, char **argv)
{
	const char *input = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-user"))
			user_file = need(argc, argv, &i);
		else if (!strcmp(a, "-server"))
			server_file = need(argc, argv, &i);
		else if (!strcmp(a, "-header"))
			header_file = need(argc, argv, &i);
		else if (!strcmp(a, "-sheader"))
			sheader_file = need(argc, argv, &i);
		else if (!strcmp(a, "-iheader"))
			iheader_file = need(argc, argv, &i);
		else if (!strcmp(a, "-list"))
			list_file = need(argc, argv, &i);
		else if (!strcmp(a, "-sizes"))
			sizes_file = need(argc, argv, &i);
		else if (!strcmp(a, "-prefix"))
			subsys.user_prefix = xstrdup(need(argc, argv, &i));
		else if (!strcmp(a, "-subrprefix"))
			subsys.server_prefix = xstrdup(need(argc, argv, &i));
		else if (!strcmp(a, "-cc"))
			cpp_cmd = need(argc, argv, &i);
		else if (!strcmp(a, "-target"))
			set_target(need(argc, argv, &i));
		else if (!strcmp(a, "-n"))
			no_defaults = true;
		else if (!strcmp(a, "-q"))
			quiet = true;
		else if (!strcmp(a, "-Q"))
			quiet = false;
		else if (!strcmp(a, "-v") || !strcmp(a, "-V") ||
			 !strcmp(a, "-s") || !strcmp(a, "-S") ||
			 !strcmp(a, "-migcom"))
			; /* accepted for compatibility */
		else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage();
		else if (a[0] == '-' && a[1] != '\0') {
			add_cpp_arg(a);
			if ((!strcmp(a, "-I") || !strcmp(a, "-D") ||
			     !strcmp(a, "-U") || !strcmp(a, "-include") ||
			     !strcmp(a, "-isystem")) &&
			    i + 1 < argc)
				add_cpp_arg(argv[++i]);
		} else if (!input)
			input = a;
		else
			usage();
	}
	if (!input)
		usage();
	return input;
}

/*
 * The include directory of the installed tree this mach5-mig belongs to:
 * INCLUDEDIR when it runs as BINDIR/mach5-mig, ROOT/INCLUDEDIR when it runs
 * as ROOT/BINDIR/mach5-mig (a DESTDIR install); NULL anywhere else (a build
 * tree, whose users give -I themselves). The result is malloc'd.
 */
static char *installed_includedir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	size_t el = strlen(exe), bl = strlen(MACH5_MIG_BINDIR);
	if (el < bl || strcmp(exe + el - bl, MACH5_MIG_BINDIR) != 0)
		return NULL;
	exe[el - bl] = '\0';
	return xasprintf("%s%s", exe, MACH5_MIG_INCLUDEDIR);
}

/*
 * Run cpp on path; return a stream reading its output. cpp searches the
 * -I directories given, then the installed include directory, and never
 * the system's (-nostdinc: no other kernel's <mach/...> by accident).
 */
static FILE *run_cpp(const char *path, pid_t *pid)
{
	const char *cc = cpp_cmd ? cpp_cmd : getenv("MIG_CPP");
	if (!cc)
		cc = "gcc";
	char *argv[64 + 16];
	int n = 0;
	argv[n++] = (char *)cc;
	argv[n++] = "-E";
	argv[n++] = "-x";
	argv[n++] = "c";
	argv[n++] = "-undef";
	if (target->pointer == 8) {
		argv[n++] = "-D__x86_64__=1";
		argv[n++] = "-D__LP64__=1";
	} else {
		argv[n++] = "-D__i386__=1";
	}
	argv[n++] = "-D__MACH5_MIG__=1";
	for (int i = 0; i < ncpp_args && n < 64 + 12; i++)
		argv[n++] = cpp_args[i];
	char *inc = installed_includedir();
	if (inc)
		argv[n++] = xasprintf("-I%s", inc);
	argv[n++] = "-nostdinc";
	argv[n++] = (char *)path;
	argv[n] = NULL;
	int fd[2];
	if (pipe(fd) < 0)
		fatal("pipe failed");
	*pid = fork();
	if (*pid < 0)
		fatal("fork failed");
	if (*pid == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	close(fd[1]);
	FILE *f = fdopen(fd[0], "r");
	if (!f)
		fatal("fdopen failed");
	return f;
}

static char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	char *s = xstrdup(b);
	char *dot = strrchr(s, '.');
	if (dot)
		*dot = '\0';
	return s;
}

static void defaults(const char *input)
{
	if (no_defaults)
		return;
	const char *name = subsys.name ? subsys.name : base_name(input);
	if (!user_file)
		user_file = xasprintf("%sUser.c", name);
	if (!server_file)
		server_file = xasprintf("%sServer.c", name);
	if (!header_file)
		header_file = xasprintf("%s.h", name);
}

static void generate(struct output *o)
{
	FILE *f = open_memstream(&o->buf, &o->len);
	if (!f)
		fatal("open_memstream failed");
	o->emit(f);
	if (fclose(f) != 0)
		fatal("cannot write %s", o->path);
}

/* Write an output that is not a regular file (/dev/null, a pipe) in
 * place: renaming a temporary file onto it would replace it. */
static bool write_in_place(const struct output *o)
{
	struct stat st;

	if (stat(o->path, &st) != 0 || S_ISREG(st.st_mode))
		return false;
	FILE *f = fopen(o->path, "w");
	if (!f || fwrite(o->buf, 1, o->len, f) != o->len || fclose(f) != 0)
		fatal("cannot write %s", o->path);
	return true;
}

static void commit(struct output *outs, int n)
{
	for (int i = 0; i < n; i++) {
		if (write_in_place(&outs[i]))
			continue;
		char *tmp =
			xasprintf("%s.tmp%ld", outs[i].path, (long)getpid());
		FILE *f = fopen(tmp, "w");
		if (!f ||
		    fwrite(outs[i].buf, 1, outs[i].len, f) != outs[i].len ||
		    fclose(f) != 0) {
			unlink(tmp);
			fatal("cannot write %s", outs[i].path);
		}
		if (rename(tmp, outs[i].path) != 0) {
			unlink(tmp);
			fatal("cannot rename %s", tmp);
		}
	}
}

static void emit_list_cb(FILE *out)
{
	emit_list(out);
}

static void emit_sizes_cb(FILE *out)
{
	emit_sizes(out);
}

int main(int argc, char **argv)
{
	set_target(MACH5_MIG_DEFAULT_TARGET);
	const char *input = parse_args(argc, argv);
	decl_init();
	pid_t pid;
	FILE *in = run_cpp(input, &pid);
	lex_start(in, input);
	yyparse();
	fclose(in);
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fatal("%s: preprocessing failed", input);
	if (!subsys.name)
		error_at(input, 1, "no subsystem statement");
	for (struct routine *r = subsys.routines; r; r = r->next)
		layout_routine(r);
	if (errors) {
		fprintf(stderr, "mig: %d error%s, no output written\n", errors,
			errors > 1 ? "s" : "");
		return 1;
	}
	defaults(input);
	struct output outs[7];
	int n = 0;
	if (user_file)
		outs[n++] = (struct output){.path = user_file,
					    .emit = emit_user_cb};
	if (server_file)
		outs[n++] = (struct output){.path = server_file,
					    .emit = emit_server_cb};
	if (header_file)
		outs[n++] = (struct output){.path = header_file,
					    .emit = emit_user_header};
	if (sheader_file)
		outs[n++] = (struct output){.path = sheader_file,
					    .emit = emit_server_header};
	if (iheader_file)
		outs[n++] = (struct output){.path = iheader_file,
					    .emit = emit_server_header};
	if (list_file)
		outs[n++] = (struct output){.path = list_file,
					    .emit = emit_list_cb};
	if (sizes_file)
		outs[n++] = (struct output){.path = sizes_file,
					    .emit = emit_sizes_cb};
	for (int i = 0; i < n; i++)
		generate(&outs[i]);
	commit(outs, n);
	return 0;
}
