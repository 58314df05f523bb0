/*
 * kern/bootscript.c - boot-script words: splitting, variables, expansion.
 *
 * No locking: used by the boot thread only.
 */
#include <kern/bootscript.h>
#include <base/string.h>

static bool bs_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

unsigned int bs_split(char *line, char **words, unsigned int max)
{
	unsigned int n = 0;
	char *p = line;

	while (*p != '\0' && n < max) {
		while (bs_is_space(*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		words[n++] = p;
		while (*p != '\0' && !bs_is_space(*p))
			p++;
	}
	if (n == max)
		*p = '\0';
	return n;
}

struct bs_var *bs_lookup(struct bs_env *env, const char *name)
{
	for (unsigned int i = 0; i < env->count; i++)
		if (strcmp(env->vars[i].name, name) == 0)
			return &env->vars[i];
	return NULL;
}

bool bs_set(struct bs_env *env, const char *name, enum bs_type type,
	    const char *str, void *obj)
{
	struct bs_var *v = bs_lookup(env, name);

	if (strlen(name) >= BS_NAME_MAX)
		return false;
	if (v == NULL) {
		if (env->count == BS_MAX_VARS)
			return false;
		v = &env->vars[env->count++];
		strncpy(v->name, name, BS_NAME_MAX - 1);
		v->name[BS_NAME_MAX - 1] = '\0';
	}
	v->type = type;
	v->str = str;
	v->obj = obj;
	return true;
}

/* Copy the text between open (after the 2-char opener) and close. */
static const char *bs_inner(const char *p, char close, char *buf, size_t size)
{
	size_t n = 0;

	while (p[n] != '\0' && p[n] != close)
		n++;
	if (p[n] != close || n >= size)
		return NULL;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return p + n + 1;
}

bool bs_parse_call(const char *word, char *fn, char *var, size_t size)
{
	char inner[BS_NAME_MAX * 2];

	if (word[0] != '$' || word[1] != '(')
		return false;
	const char *end = bs_inner(word + 2, ')', inner, sizeof(inner));
	if (end == NULL || *end != '\0')
		return false;
	char *eq = strchr(inner, '=');
	const char *f = eq != NULL ? eq + 1 : inner;
	if (eq != NULL)
		*eq = '\0';
	if (strlen(f) >= size || (eq != NULL && strlen(inner) >= size))
		return false;
	strncpy(fn, f, size);
	strncpy(var, eq != NULL ? inner : "", size);
	return true;
}

/* Append text to out; false on overflow. */
static bool bs_append(char *out, size_t size, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (*len + n >= size)
		return false;
	memcpy(out + *len, text, n + 1);
	*len += n;
	return true;
}

/* Expand one "${...}" reference (inner text) and append it. */
static bool bs_expand_ref(struct bs_env *env, char *inner, char *out,
			  size_t size, size_t *len, bs_name_fn name_fn,
			  void *ctx)
{
	char *eq = strchr(inner, '=');
	struct bs_var *v = bs_lookup(env, eq != NULL ? eq + 1 : inner);

	if (v == NULL || v->type == BS_UNSET)
		return false;
	if (eq != NULL) {
		*eq = '\0';
		struct bs_var copy = *v;
		if (!bs_set(env, inner, copy.type, copy.str, copy.obj))
			return false;
		v = bs_lookup(env, inner);
	}
	if (v->type == BS_STRING)
		return bs_append(out, size, len, v->str);

	char num[24];
	if (name_fn == NULL || !name_fn(ctx, v, num, sizeof(num)))
		return false;
	return bs_append(out, size, len, num);
}

int bs_expand(struct bs_env *env, const char *word, char *out, size_t size,
	      bs_name_fn name_fn, void *ctx)
{
	char fn[BS_NAME_MAX], var[BS_NAME_MAX], inner[BS_NAME_MAX * 2];
	size_t len = 0;

	if (bs_parse_call(word, fn, var, sizeof(fn)))
		return 0;
	if (size == 0)
		return -1;
	out[0] = '\0';
	for (const char *p = word; *p != '\0';) {
		if (p[0] == '$' && p[1] == '{') {
			p = bs_inner(p + 2, '}', inner, sizeof(inner));
			if (p == NULL || !bs_expand_ref(env, inner, out, size,
							&len, name_fn, ctx))
				return -1;
			continue;
		}
		char c[2] = {*p++, '\0'};
		if (!bs_append(out, size, &len, c))
			return -1;
	}
	return 1;
}
