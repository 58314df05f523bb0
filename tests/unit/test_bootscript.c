/*
 * Unit tests of the boot-script language (kern/bootscript.c).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include <kern/bootscript.h>

static unsigned int next_name;

/* Hand out names 1, 2, ... as the kernel's first task would get them. */
static bool fake_name(void *ctx, const struct bs_var *v, char *buf, size_t size)
{
	if (v->obj == NULL)
		return false;
	snprintf(buf, size, "%u", ++next_name);
	return true;
}

static struct bs_env env;
static int host_obj, device_obj;

static void setup(void)
{
	memset(&env, 0, sizeof(env));
	next_name = 0;
	bs_set(&env, "host-port", BS_PORT, NULL, &host_obj);
	bs_set(&env, "device-port", BS_PORT, NULL, &device_obj);
	bs_set(&env, "root-device", BS_STRING, "hd0s1", NULL);
}

START_TEST(split_words)
{
	char line[] = "  hello  ${host-port}\t$(task-create) x ";
	char *w[8];

	ck_assert_uint_eq(bs_split(line, w, 8), 4);
	ck_assert_str_eq(w[0], "hello");
	ck_assert_str_eq(w[1], "${host-port}");
	ck_assert_str_eq(w[2], "$(task-create)");
	ck_assert_str_eq(w[3], "x");
}
END_TEST

START_TEST(split_limit)
{
	char line[] = "a b c d e";
	char *w[3];

	ck_assert_uint_eq(bs_split(line, w, 3), 3);
	ck_assert_str_eq(w[2], "c");
}
END_TEST

START_TEST(ports_in_argument_order)
{
	char out[64];

	ck_assert_int_eq(bs_expand(&env, "${host-port}", out, sizeof(out),
				   fake_name, NULL),
			 1);
	ck_assert_str_eq(out, "1");
	ck_assert_int_eq(bs_expand(&env, "${device-port}", out, sizeof(out),
				   fake_name, NULL),
			 1);
	ck_assert_str_eq(out, "2");
}
END_TEST

START_TEST(glued_text)
{
	char out[64];

	ck_assert_int_eq(bs_expand(&env, "--host-priv-port=${host-port}", out,
				   sizeof(out), fake_name, NULL),
			 1);
	ck_assert_str_eq(out, "--host-priv-port=1");
	ck_assert_int_eq(bs_expand(&env, "root=${root-device}:x", out,
				   sizeof(out), fake_name, NULL),
			 1);
	ck_assert_str_eq(out, "root=hd0s1:x");
}
END_TEST

START_TEST(calls_add_no_argument)
{
	char out[64], fn[BS_NAME_MAX], var[BS_NAME_MAX];

	ck_assert_int_eq(bs_expand(&env, "$(task-create)", out, sizeof(out),
				   fake_name, NULL),
			 0);
	ck_assert(
		bs_parse_call("$(exec-task=task-create)", fn, var, sizeof(fn)));
	ck_assert_str_eq(fn, "task-create");
	ck_assert_str_eq(var, "exec-task");
	ck_assert(bs_parse_call("$(task-resume)", fn, var, sizeof(fn)));
	ck_assert_str_eq(fn, "task-resume");
	ck_assert_str_eq(var, "");
	ck_assert(!bs_parse_call("x$(task-resume)", fn, var, sizeof(fn)));
	ck_assert(!bs_parse_call("$(task-resume", fn, var, sizeof(fn)));
}
END_TEST

START_TEST(assignment_ref)
{
	char out[64];

	ck_assert_int_eq(bs_expand(&env, "${root=root-device}", out,
				   sizeof(out), fake_name, NULL),
			 1);
	ck_assert_str_eq(out, "hd0s1");
	struct bs_var *v = bs_lookup(&env, "root");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, BS_STRING);
	ck_assert_str_eq(v->str, "hd0s1");
}
END_TEST

START_TEST(errors)
{
	char out[8];

	ck_assert_int_eq(
		bs_expand(&env, "${nope}", out, sizeof(out), fake_name, NULL),
		-1);
	ck_assert_int_eq(bs_expand(&env, "${host-port", out, sizeof(out),
				   fake_name, NULL),
			 -1);
	ck_assert_int_eq(bs_expand(&env, "much-too-long", out, sizeof(out),
				   fake_name, NULL),
			 -1);
	/* A port variable with no insertion callback cannot be expanded. */
	ck_assert_int_eq(
		bs_expand(&env, "${host-port}", out, sizeof(out), NULL, NULL),
		-1);
}
END_TEST

START_TEST(table_full)
{
	char name[16];
	unsigned int i;

	for (i = env.count; i < BS_MAX_VARS; i++) {
		snprintf(name, sizeof(name), "v%u", i);
		ck_assert(bs_set(&env, name, BS_STRING, "x", NULL));
	}
	ck_assert(!bs_set(&env, "one-more", BS_STRING, "x", NULL));
	/* Redefining an existing one still works. */
	ck_assert(bs_set(&env, "v10", BS_STRING, "y", NULL));
	ck_assert_str_eq(bs_lookup(&env, "v10")->str, "y");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bootscript");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, split_words);
	tcase_add_test(tc, split_limit);
	tcase_add_test(tc, ports_in_argument_order);
	tcase_add_test(tc, glued_text);
	tcase_add_test(tc, calls_add_no_argument);
	tcase_add_test(tc, assignment_ref);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, table_full);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
