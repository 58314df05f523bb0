/*
 * kern/bootscript.h - GNU Mach's boot-script language for module lines
 * (../shared/abi/x86_64.md §7.1), as pure string processing so that it
 * runs on the hosted build too. kern/bootstrap.c gives it meaning.
 *
 *	${var}        substitute a variable (glued text is kept as a prefix)
 *	${a=b}        set a to b's value and substitute it
 *	$(fn)         call a function; adds no argument
 *	$(var=fn)     call fn and store its result in var
 */
#ifndef KERN_BOOTSCRIPT_H
#define KERN_BOOTSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#define BS_MAX_VARS  64
#define BS_MAX_WORDS 32
#define BS_NAME_MAX  64

enum bs_type {
	BS_UNSET = 0,
	BS_STRING,
	BS_PORT, /* obj is a kernel port (struct port *) */
	BS_TASK, /* obj is a task (struct task *) */
};

struct bs_var {
	char name[BS_NAME_MAX];
	enum bs_type type;
	const char *str; /* BS_STRING */
	void *obj;	 /* BS_PORT, BS_TASK */
};

struct bs_env {
	struct bs_var vars[BS_MAX_VARS];
	unsigned int count;
};

/*
 * Turn a value into the text of an argument for a command. For ports and
 * tasks the callback inserts a send right into the command's task and
 * writes its name in decimal; returns false on failure.
 */
typedef bool (*bs_name_fn)(void *ctx, const struct bs_var *value, char *buf,
			   size_t size);

/* Split line in place into at most max words (spaces and tabs). */
unsigned int bs_split(char *line, char **words, unsigned int max);

struct bs_var *bs_lookup(struct bs_env *env, const char *name);
/* Define or redefine a variable; false when the table is full. */
bool bs_set(struct bs_env *env, const char *name, enum bs_type type,
	    const char *str, void *obj);

/*
 * If word is exactly a function call "$(fn)" or "$(var=fn)", store fn and
 * var ("" if none) and return true.
 */
bool bs_parse_call(const char *word, char *fn, char *var, size_t size);

/*
 * Expand the ${...} references of word into out (size bytes). Returns 1
 * when the word yields an argument, 0 when it yields none (a function
 * call), -1 on error (unknown variable, overflow, failed insertion).
 */
int bs_expand(struct bs_env *env, const char *word, char *out, size_t size,
	      bs_name_fn name_fn, void *ctx);

#endif /* KERN_BOOTSCRIPT_H */
