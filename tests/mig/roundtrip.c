/*
 * tests/mig/roundtrip.c - generated user stubs call generated server stubs
 * of roundtrip.defs through the fake kernel; every value must come back.
 */
#include "fake_kernel.h"
#include "roundtrip.h"
#include "roundtripServer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* ---- Client side ----------------------------------------------------- */

static void test_scalars(void)
{
	pair_t d = {-1, 99}, g;
	int e = 21;
	int64_t f;
	CHECK(rt_scalars(SERVER, -7, 0x123456789abcLL, TRUE, d, &e, &f, &g) ==
	      KERN_SUCCESS);
	CHECK(e == 42 && f == 0x123456789abdLL && g.a == -2 && g.b == 100);
}

static void test_arrays(void)
{
	int_array4_t fixed = {1, 2, 3, 4}, ofixed;
	int var[5] = {5, 6, 7, 8, 9}, ovar[16];
	mach_msg_type_number_t ovarCnt = 16;
	CHECK(rt_arrays(SERVER, fixed, var, 5, ofixed, ovar, &ovarCnt) ==
	      KERN_SUCCESS);
	CHECK(ofixed[0] == 10 && ofixed[3] == 40);
	CHECK(ovarCnt == 5 && ovar[0] == 105 && ovar[4] == 109);
	/* A caller buffer too small for the reply. */
	ovarCnt = 2;
	CHECK(rt_arrays(SERVER, fixed, var, 5, ofixed, ovar, &ovarCnt) ==
	      MIG_ARRAY_TOO_LARGE);
	CHECK(ovarCnt == 5);
	/* Too many elements for the request. */
	int many[17] = {0};
	CHECK(rt_arrays(SERVER, fixed, many, 17, ofixed, ovar, &ovarCnt) ==
	      MIG_ARRAY_TOO_LARGE);
}

static void test_countinout(void)
{
	int ovar[3];
	mach_msg_type_number_t n = 3;
	CHECK(rt_countinout(SERVER, ovar, &n) == KERN_SUCCESS);
	CHECK(n == 3 && ovar[2] == 6);
}

static void test_strings(void)
{
	name_t os;
	vname_t ov;
	old_name_t o = "old style";
	CHECK(rt_strings(SERVER, "fixed", "variable string", o, os, ov) ==
	      KERN_SUCCESS);
	CHECK(strcmp(os, "reply fixed") == 0 && strcmp(ov, "reply var") == 0);
}

static void test_ports(void)
{
	mach_port_t ps, pso;
	CHECK(rt_ports(SERVER, 1, 2, 3, 4, 5, 6, 7, &ps, &pso) == KERN_SUCCESS);
	CHECK(ps == 8 && pso == 9);
	mach_port_t op;
	mach_msg_type_name_t opPoly;
	CHECK(rt_poly(SERVER, 11, MACH_MSG_TYPE_MAKE_SEND, &op, &opPoly) ==
	      KERN_SUCCESS);
	CHECK(op == 12 && opPoly == MACH_MSG_TYPE_PORT_SEND_ONCE);
}

static void test_ool(void)
{
	static char data[10000];
	for (int i = 0; i < 10000; i++)
		data[i] = (char)(i % 251);
	char *ddata = malloc(300); /* Dealloc: moved to the server */
	memset(ddata, 'd', 300);
	vm_offset_t odata, oddata;
	mach_msg_type_number_t odataCnt, oddataCnt;
	CHECK(rt_ool(SERVER, (vm_offset_t)data, 10000, (vm_offset_t)ddata, 300,
		     &odata, &odataCnt, &oddata, &oddataCnt) == KERN_SUCCESS);
	CHECK(odataCnt == 5000 && ((char *)odata)[4999] == 'r');
	CHECK(oddataCnt == 64 && ((char *)oddata)[63] == 'm');
	free((void *)odata);
	free((void *)oddata);
}

static void test_indefinite(void)
{
	int64_t small[3] = {10, 20, 30};
	static int64_t large[1000];
	for (int i = 0; i < 1000; i++)
		large[i] = i * 7;
	int64_t osmall_buf[8], olarge_buf[8];
	int64_t *osmall = osmall_buf, *olarge = olarge_buf;
	mach_msg_type_number_t osmallCnt = 8, olargeCnt = 8;
	CHECK(rt_indefinite(SERVER, small, 3, large, 1000, &osmall, &osmallCnt,
			    &olarge, &olargeCnt) == KERN_SUCCESS);
	CHECK(osmall == osmall_buf && osmallCnt == 4 && osmall[3] == -3);
	CHECK(olarge != olarge_buf && olargeCnt == 1000 && olarge[999] == 4995);
	if (olarge != olarge_buf)
		free(olarge);
}

static void test_port_arrays(void)
{
	mach_port_t ool[3] = {21, 22, 23}, inl[2] = {31, 32};
	mach_port_t *oool, oinl[4];
	mach_msg_type_number_t ooolCnt, oinlCnt = 4;
	CHECK(rt_port_arrays(SERVER, ool, 3, inl, 2, &oool, &ooolCnt, oinl,
			     &oinlCnt) == KERN_SUCCESS);
	CHECK(ooolCnt == 2 && oool[0] == 41 && oool[1] == 42);
	CHECK(oinlCnt == 3 && oinl[0] == 51 && oinl[2] == 53);
	free(oool);
}

static void test_mixed(void)
{
	int v1[1] = {5}, v2[3] = {7, 8, 9}, o1[16], o2[16], y = 0;
	mach_msg_type_number_t o1Cnt = 16, o2Cnt = 16;
	CHECK(rt_mixed(SERVER, v1, 1, 6, v2, 3, o1, &o1Cnt, &y, o2, &o2Cnt) ==
	      KERN_SUCCESS);
	CHECK(o1Cnt == 2 && o1[1] == 2 && y == 77);
	CHECK(o2Cnt == 5 && o2[0] == 100 && o2[4] == 104);
}

static void test_oneway(void)
{
	CHECK(rt_oneway(SERVER, 1234, "one way") == MACH_MSG_SUCCESS);
	CHECK(oneway_seen == 1);
}

/* The server's reply turned into an error in its full form (as a kernel's
 * delayed device_read_reply carries one): the user stub returns the code,
 * as GNU MIG's stubs do, rather than MIG_TYPE_ERROR. */
static boolean_t error_full_form(mach_msg_header_t *in, mach_msg_header_t *out)
{
	boolean_t ok = roundtrip_server(in, out);

	((mig_reply_header_t *)out)->RetCode = KERN_FAILURE;
	return ok;
}

static void test_error_full_form(void)
{
	int ovar[3];
	mach_msg_type_number_t n = 3;

	fk_demux = error_full_form;
	CHECK(rt_countinout(SERVER, ovar, &n) == KERN_FAILURE);
	fk_demux = roundtrip_server;
	n = 3;
	CHECK(rt_countinout(SERVER, ovar, &n) == KERN_SUCCESS);
}

int main(void)
{
	fk_demux = roundtrip_server;
	test_scalars();
	test_arrays();
	test_countinout();
	test_strings();
	test_ports();
	test_ool();
	test_indefinite();
	test_port_arrays();
	test_mixed();
	test_oneway();
	test_error_full_form();
	free(fk_last_request);
	if (failures) {
		fprintf(stderr, "roundtrip: %d failures\n", failures);
		return 1;
	}
	printf("roundtrip: all checks passed\n");
	return 0;
}
