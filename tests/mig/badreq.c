/*
 * tests/mig/badreq.c - malformed requests to the generated server stubs
 * of roundtrip.defs: truncated, wrong descriptors, wrong counts, wrong
 * COMPLEX bit, unknown ids. Each must be answered with the right MIG_*
 * code without calling the server function and (under ASan) without
 * reading past msgh_size.
 */
#include "check.h"
#include "fake_kernel.h"
#include "roundtrip.h"
#include "roundtripServer.h"
#include <stdlib.h>
#include <string.h>

struct captured {
	void *msg;
	size_t size;
};

static struct captured capture(void)
{
	struct captured c = {malloc(fk_last_request->msgh_size),
			     fk_last_request->msgh_size};
	memcpy(c.msg, fk_last_request, c.size);
	return c;
}

/* Send m (size bytes, msgh_size = size) and return the reply's RetCode. */
static kern_return_t deliver(const void *m, size_t size, boolean_t *handled)
{
	mach_msg_header_t *h = malloc(size ? size : 1);
	memcpy(h, m, size);
	if (size >= sizeof(mach_msg_header_t))
		h->msgh_size = (mach_msg_size_t)size;
	int before = server_calls;
	mig_reply_header_t *out = malloc(FK_MAX_MSG);
	*handled = fk_demux(h, &out->Head);
	kern_return_t rc = out->RetCode;
	CHECK(out->Head.msgh_id == h->msgh_id + 100);
	free(out);
	free(h);
	if (rc != KERN_SUCCESS)
		CHECK(server_calls == before);
	return rc;
}

static kern_return_t deliver_sized(const struct captured *c, size_t size)
{
	boolean_t handled;
	return deliver(c->msg, size, &handled);
}

static mach_msg_type_t *desc_at(const struct captured *c, size_t off)
{
	return (mach_msg_type_t *)((char *)c->msg + off);
}

/* Every proper prefix (at 8-byte steps) is rejected. */
static void check_truncations(const struct captured *c)
{
	for (size_t n = 32; n < c->size; n += 8)
		CHECK(deliver_sized(c, n) == MIG_BAD_ARGUMENTS);
	CHECK(deliver_sized(c, c->size) == KERN_SUCCESS);
}

/* Each descriptor, altered in each field, is rejected. */
static void check_descriptors(const struct captured *c, size_t off)
{
	mach_msg_type_t *t = desc_at(c, off), saved = *t;
	t->msgt_name ^= 1;
	CHECK(deliver_sized(c, c->size) == MIG_BAD_ARGUMENTS);
	*t = saved;
	t->msgt_size ^= 8;
	CHECK(deliver_sized(c, c->size) == MIG_BAD_ARGUMENTS);
	*t = saved;
	t->msgt_longform ^= 1;
	CHECK(deliver_sized(c, c->size) == MIG_BAD_ARGUMENTS);
	*t = saved;
	t->msgt_inline ^= 1;
	CHECK(deliver_sized(c, c->size) == MIG_BAD_ARGUMENTS);
	*t = saved;
}

static void test_scalars(void)
{
	pair_t d = {-1, 99}, g;
	int e = 21;
	int64_t f;
	CHECK(rt_scalars(SERVER, -7, 0x123456789abcLL, TRUE, d, &e, &f, &g) ==
	      KERN_SUCCESS);
	struct captured c = capture();
	check_truncations(&c);
	static const size_t items[] = {32, 48, 64, 80, 104}; /* a b c d e */
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		check_descriptors(&c, items[i]);
	/* The struct travels as 2 x INTEGER_64 (§4.6): a count of 3 is wrong.
	 */
	mach_msg_type_t *t = desc_at(&c, 80);
	CHECK(t->msgt_name == MACH_MSG_TYPE_INTEGER_64 && t->msgt_number == 2);
	t->msgt_number = 3;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 2;
	/* Scalars only: a COMPLEX request is refused. */
	((mach_msg_header_t *)c.msg)->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	free(c.msg);
}

static void test_arrays(void)
{
	int_array4_t fixed = {1, 2, 3, 4}, ofixed;
	int var[5] = {5, 6, 7, 8, 9}, ovar[16];
	mach_msg_type_number_t ovarCnt = 16;
	CHECK(rt_arrays(SERVER, fixed, var, 5, ofixed, ovar, &ovarCnt) ==
	      KERN_SUCCESS);
	struct captured c = capture();
	check_truncations(&c);
	check_descriptors(&c, 32);
	check_descriptors(&c, 56);
	mach_msg_type_t *t = desc_at(&c, 56);
	CHECK(t->msgt_number == 5);
	t->msgt_number = 17; /* more than the maximum */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 7; /* more than the message holds (6 fits the pad) */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 4; /* fewer: the size no longer matches */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 0xffffffff;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 5;
	desc_at(&c, 32)->msgt_number = 3; /* fixed array of 4 */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	free(c.msg);
}

static void test_mixed(void)
{
	int v1[1] = {5}, v2[3] = {7, 8, 9}, o1[16], o2[16], y;
	mach_msg_type_number_t o1Cnt = 16, o2Cnt = 16;
	CHECK(rt_mixed(SERVER, v1, 1, 6, v2, 3, o1, &o1Cnt, &y, o2, &o2Cnt) ==
	      KERN_SUCCESS);
	struct captured c = capture();
	check_truncations(&c);
	/* v1 claims 14 elements: the items after it would be past the end. */
	desc_at(&c, 32)->msgt_number = 14;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	free(c.msg);
}

static void test_strings(void)
{
	name_t os;
	vname_t ov;
	old_name_t o = "old style";
	CHECK(rt_strings(SERVER, "fixed", "variable string", o, os, ov) ==
	      KERN_SUCCESS);
	struct captured c = capture();
	check_truncations(&c);
	/* The variable string after the fixed one (32 + 8 + 32). */
	mach_msg_type_t *t = desc_at(&c, 72);
	CHECK(t->msgt_name == MACH_MSG_TYPE_STRING_C && t->msgt_number == 16);
	t->msgt_number = 0;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_number = 33;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	free(c.msg);
}

static void test_ports(void)
{
	mach_port_t ps, pso;
	CHECK(rt_ports(SERVER, 1, 2, 3, 4, 5, 6, 7, &ps, &pso) == KERN_SUCCESS);
	struct captured c = capture();
	check_truncations(&c);
	mach_msg_header_t *h = c.msg;
	h->msgh_bits &= ~MACH_MSGH_BITS_COMPLEX; /* names not translated */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	h->msgh_bits |= MACH_MSGH_BITS_COMPLEX;
	/* An inline right must use a 64-bit slot. */
	mach_msg_type_t *t = desc_at(&c, 32);
	CHECK(t->msgt_name == MACH_MSG_TYPE_PORT_SEND && t->msgt_size == 64);
	t->msgt_size = 32;
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	t->msgt_size = 64;
	t->msgt_name = MACH_MSG_TYPE_PORT_SEND_ONCE; /* not what was declared */
	CHECK(deliver_sized(&c, c.size) == MIG_BAD_ARGUMENTS);
	free(c.msg);
}

static void test_ids(void)
{
	mach_msg_header_t h = {.msgh_bits = MACH_MSGH_BITS(18, 17),
			       .msgh_size = sizeof h};
	static const mach_msg_id_t bad[] = {4999, 5010, 5012, 5100, -1, 0};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		boolean_t handled = TRUE;
		h.msgh_id = bad[i];
		CHECK(deliver(&h, sizeof h, &handled) == MIG_BAD_ID);
		CHECK(!handled);
		CHECK(roundtrip_server_routine(&h) == 0);
	}
	h.msgh_id = 5000;
	CHECK(roundtrip_server_routine(&h) != 0);
	/* A known id with a bare header. */
	boolean_t handled;
	CHECK(deliver(&h, sizeof h, &handled) == MIG_BAD_ARGUMENTS);
	CHECK(handled);
}

int main(void)
{
	fk_demux = roundtrip_server;
	test_scalars();
	test_arrays();
	test_mixed();
	test_strings();
	test_ports();
	test_ids();
	free(fk_last_request);
	if (failures) {
		fprintf(stderr, "badreq: %d failures\n", failures);
		return 1;
	}
	printf("badreq: all checks passed\n");
	return 0;
}
