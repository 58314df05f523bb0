/*
 * tests/mig/roundtrip_server.c - the server functions of roundtrip.defs:
 * each checks what it got and fills its out arguments.
 */
#include "check.h"
#include "roundtripServer.h"
#include <stdlib.h>
#include <string.h>

int failures;
int server_calls;
int oneway_seen;

kern_return_t srv_rt_scalars(mach_port_t server, int a, int64_t b, boolean_t c,
			     pair_t d, int *e, int64_t *f, pair_t *g)
{
	server_calls++;
	CHECK(a == -7 && b == 0x123456789abcLL && c == TRUE);
	CHECK(d.a == -1 && d.b == 99);
	*e = *e * 2;
	*f = b + 1;
	g->a = d.a - 1;
	g->b = d.b + 1;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_arrays(mach_port_t server, const int_array4_t fixed,
			    int *var, mach_msg_type_number_t varCnt,
			    int_array4_t ofixed, int *ovar,
			    mach_msg_type_number_t *ovarCnt)
{
	server_calls++;
	CHECK(varCnt == 5);
	CHECK(*ovarCnt == 16);
	for (int i = 0; i < 4; i++)
		ofixed[i] = fixed[i] * 10;
	for (unsigned i = 0; i < varCnt; i++)
		ovar[i] = var[i] + 100;
	*ovarCnt = varCnt;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_countinout(mach_port_t server, int *ovar,
				mach_msg_type_number_t *ovarCnt)
{
	server_calls++;
	CHECK(*ovarCnt == 3); /* the client's capacity */
	for (unsigned i = 0; i < *ovarCnt; i++)
		ovar[i] = (int)i * 3;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_strings(mach_port_t server, const_name_t s,
			     const_vname_t v, const_old_name_t o, name_t os,
			     vname_t ov)
{
	server_calls++;
	CHECK(strcmp(s, "fixed") == 0);
	CHECK(strcmp(v, "variable string") == 0);
	CHECK(strcmp(o, "old style") == 0);
	strcpy(os, "reply fixed");
	strcpy(ov, "reply var");
	return KERN_SUCCESS;
}

kern_return_t srv_rt_ports(mach_port_t server, mach_port_t ms, mach_port_t cs,
			   mach_port_t mvs, mach_port_t mso, mach_port_t mvso,
			   mach_port_t mr, mach_port_name_t pn, mach_port_t *ps,
			   mach_port_t *pso)
{
	server_calls++;
	CHECK(ms == 1 && cs == 2 && mvs == 3 && mso == 4 && mvso == 5);
	CHECK(mr == 6 && pn == 7);
	*ps = 8;
	*pso = 9;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_poly(mach_port_t server, mach_port_t p,
			  mach_msg_type_name_t pPoly, mach_port_t *op,
			  mach_msg_type_name_t *opPoly)
{
	server_calls++;
	CHECK(p == 11 && pPoly == MACH_MSG_TYPE_PORT_SEND);
	*op = 12;
	*opPoly = MACH_MSG_TYPE_MAKE_SEND_ONCE;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_ool(mach_port_t server, vm_offset_t data,
			 mach_msg_type_number_t dataCnt, vm_offset_t ddata,
			 mach_msg_type_number_t ddataCnt, vm_offset_t *odata,
			 mach_msg_type_number_t *odataCnt, vm_offset_t *oddata,
			 mach_msg_type_number_t *oddataCnt)
{
	server_calls++;
	CHECK(dataCnt == 10000 && ddataCnt == 300);
	CHECK(((char *)data)[9999] == (char)(9999 % 251));
	CHECK(((char *)ddata)[299] == 'd');
	static char reply_data[5000];
	memset(reply_data, 'r', sizeof reply_data);
	*odata = (vm_offset_t)reply_data;
	*odataCnt = sizeof reply_data;
	char *moved = malloc(64);
	memset(moved, 'm', 64);
	*oddata = (vm_offset_t)moved; /* Dealloc: the kernel takes it */
	*oddataCnt = 64;
	free((void *)data); /* received regions belong to the receiver */
	free((void *)ddata);
	return KERN_SUCCESS;
}

static int64_t big_source[1000];

kern_return_t
srv_rt_indefinite(mach_port_t server, const int64_t *small,
		  mach_msg_type_number_t smallCnt, const int64_t *large,
		  mach_msg_type_number_t largeCnt, int64_t **osmall,
		  mach_msg_type_number_t *osmallCnt, int64_t **olarge,
		  mach_msg_type_number_t *olargeCnt)
{
	server_calls++;
	CHECK(smallCnt == 3 && small[2] == 30);
	CHECK(largeCnt == 1000 && large[999] == 999 * 7);
	free((void *)large); /* arrived out of line: the server's */
	CHECK(*osmallCnt == 256);
	for (int i = 0; i < 4; i++)
		(*osmall)[i] = -i;
	*osmallCnt = 4;
	int64_t *big = malloc(sizeof big_source);
	for (int i = 0; i < 1000; i++)
		big[i] = i * 5;
	*olarge = big; /* too big for inline: out of line, deallocated */
	*olargeCnt = 1000;
	return KERN_SUCCESS;
}

kern_return_t
srv_rt_port_arrays(mach_port_t server, mach_port_t *ool,
		   mach_msg_type_number_t oolCnt, mach_port_t *inl,
		   mach_msg_type_number_t inlCnt, mach_port_t **oool,
		   mach_msg_type_number_t *ooolCnt, mach_port_t *oinl,
		   mach_msg_type_number_t *oinlCnt)
{
	server_calls++;
	CHECK(oolCnt == 3 && ool[0] == 21 && ool[2] == 23);
	CHECK(inlCnt == 2 && inl[0] == 31 && inl[1] == 32);
	free(ool);
	static mach_port_t reply_ports[2] = {41, 42};
	*oool = reply_ports;
	*ooolCnt = 2;
	oinl[0] = 51;
	oinl[1] = 52;
	oinl[2] = 53;
	*oinlCnt = 3;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_mixed(mach_port_t server, int *v1,
			   mach_msg_type_number_t v1Cnt, int x, int *v2,
			   mach_msg_type_number_t v2Cnt, int *o1,
			   mach_msg_type_number_t *o1Cnt, int *y, int *o2,
			   mach_msg_type_number_t *o2Cnt)
{
	server_calls++;
	CHECK(v1Cnt == 1 && v1[0] == 5 && x == 6 && v2Cnt == 3 && v2[2] == 9);
	o1[0] = 1;
	o1[1] = 2;
	*o1Cnt = 2;
	*y = 77;
	for (int i = 0; i < 5; i++)
		o2[i] = 100 + i;
	*o2Cnt = 5;
	return KERN_SUCCESS;
}

kern_return_t srv_rt_oneway(mach_port_t server, int x, const_vname_t v)
{
	server_calls++;
	CHECK(x == 1234 && strcmp(v, "one way") == 0);
	oneway_seen++;
	return KERN_SUCCESS;
}
