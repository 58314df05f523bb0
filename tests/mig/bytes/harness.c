/*
 * tests/mig/bytes/harness.c - the fake kernel and MIG runtime of the byte
 * differential (see harness.h). No Mach header is included: messages are
 * read as bytes, in the layout chosen by HD_LAYOUT (0: x86_64 of 2022,
 * 1: current x86_64, 2: i386), so that one harness serves every layout.
 *
 * Output, one line per event, "ROUTINE PASS TAG BYTES":
 *   REQ / REQ+OOL   the request the user stub sent, and each out-of-line
 *                   region it carries
 *   SRV.ARGn        what the fake server routine received (argument n)
 *   DEMUX / REP / REP+OOL  the demux's result and the reply it built
 *   RET / OUT.ARGn  the user stub's result and what it gave back
 *   RT              calls of the MIG runtime
 * Pass 0: the server routines return KERN_SUCCESS; pass 1: an error.
 * With HD_REQS=FILE (REQ lines of another run), each server is given that
 * request instead of the one its own user stub built.
 */
#include "harness.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef HD_LAYOUT
#define HD_LAYOUT 0
#endif

#if HD_LAYOUT == 2
#define HDR	24
#define H_LOCAL 12
#define H_SEQNO 16
#define PTR	4
#define ALIGN	4
#else
#define HDR	32
#define H_LOCAL 16
#define H_SEQNO 24
#define PTR	8
#define ALIGN	(HD_LAYOUT == 1 ? 8 : 4)
#endif
#define H_REMOTE 8

#if HD_LAYOUT == 2
/* Below 4 GiB, and no pattern word (bytes 0x00, 0x41-0x5a) reads as an
   address of the pool. */
#define POOL_BASE ((uintptr_t)0x60000000u)
#else
#define POOL_BASE ((uintptr_t)0x200000000000ull)
#endif
#define REGION	      0x10000
#define NREGIONS      512
#define BUMP_BASE     (POOL_BASE + (uintptr_t)NREGIONS * REGION)
#define BUMP_SIZE     (32u << 20)
#define REQ_BUF	      (BUMP_BASE + BUMP_SIZE)
#define REP_BUF	      (REQ_BUF + MSG_MAX)
#define MSG_MAX	      (1u << 20)
#define POOL_SIZE     (REP_BUF + MSG_MAX - POOL_BASE)
#define REPLY_PORT    0x77
#define RCV_TOO_LARGE 0x10004004

int hd_kr;
static const char *cur_name;
static int cur_pass;
static unsigned char dirty[NREGIONS];
static uintptr_t bump;

/* ---- Pool ------------------------------------------------------------------
 */

void hd_fill(void *p, size_t n, int k)
{
	unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = i % 8 == 7 ? 0
				  : (unsigned char)(0x41 + (k * 13 + i) % 26);
}

void *hd_region(int k)
{
	if (k < 0 || k >= NREGIONS) {
		fprintf(stderr, "harness: region %d\n", k);
		exit(2);
	}
	if (!dirty[k]) {
		dirty[k] = 1;
		hd_fill((void *)(POOL_BASE + (uintptr_t)k * REGION), REGION, k);
	}
	return (void *)(POOL_BASE + (uintptr_t)k * REGION);
}

int hd_in_pool(uintptr_t a)
{
	return a >= POOL_BASE && a < POOL_BASE + POOL_SIZE;
}

static void *bump_alloc(size_t n)
{
	uintptr_t p = bump;
	n = (n + 15) & ~(size_t)15;
	if (p + n > BUMP_BASE + BUMP_SIZE) {
		fprintf(stderr, "harness: pool exhausted\n");
		exit(2);
	}
	bump += n;
	return (void *)p;
}

static void begin(const char *name, int pass)
{
	cur_name = name;
	cur_pass = pass;
	memset(dirty, 0, sizeof dirty);
	bump = BUMP_BASE;
}

/* ---- Output ----------------------------------------------------------------
 */

void hd_dump(const char *tag, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0, group = 0;
	printf("%s %d %s", cur_name, cur_pass, tag);
	while (i < n) {
		size_t r = 1;
		while (i + r < n && b[i + r] == b[i])
			r++;
		if (r >= 8) {
			printf(" %02x*%zu", b[i], r);
			i += r;
			group = 0;
			continue;
		}
		printf("%s%02x", group % 4 == 0 ? " " : "", b[i]);
		group++;
		i++;
	}
	printf("\n");
}

static void note(const char *what, unsigned long v)
{
	printf("%s %d RT %s %lx\n", cur_name, cur_pass, what, v);
}

__attribute__((noinline)) static void stack_fill(unsigned char v)
{
	volatile unsigned char b[64 * 1024];
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = v;
}

void hd_stack_fill(void)
{
	stack_fill(0xEE);
}

/* ---- The MIG runtime (ABI sheet §5.4) ------------------------------------ */

uint32_t mig_get_reply_port(void)
{
	return REPLY_PORT;
}

void mig_put_reply_port(uint32_t port)
{
	note("mig_put_reply_port", port);
}

void mig_dealloc_reply_port(uint32_t port)
{
	note("mig_dealloc_reply_port", port);
}

void mig_allocate(uintptr_t *addr, uintptr_t size)
{
	note("mig_allocate", size);
	*addr = (uintptr_t)bump_alloc(size);
	memset((void *)*addr, 0xDD, size);
}

void mig_deallocate(uintptr_t addr, uintptr_t size)
{
	note("mig_deallocate", size);
	(void)addr;
}

uintptr_t mig_strncpy(char *dst, const char *src, uintptr_t len)
{
	uintptr_t i;
	if (len == 0)
		return 0;
	for (i = 0; i < len - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return i;
}

int vm_deallocate(uint32_t task, uintptr_t addr, uintptr_t size)
{
	(void)task;
	(void)addr;
	note("vm_deallocate", size);
	return 0;
}

uint32_t mach_task_self_(void)
{
	return 0x33;
}

/* ---- Messages -------------------------------------------------------------
 */

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

struct desc {
	unsigned name, size, number;
	int inl, lng, dealloc;
	size_t len; /* of the descriptor */
};

static int read_desc(const unsigned char *p, size_t room, struct desc *d)
{
	uint32_t w;
	if (room < (HD_LAYOUT == 1 ? 8u : 4u))
		return -1;
	w = get32(p);
#if HD_LAYOUT == 1
	d->name = w & 0xff;
	d->size = (w >> 8) & 0xffff;
	d->inl = (w >> 29) & 1;
	d->lng = (w >> 30) & 1;
	d->dealloc = (w >> 31) & 1;
	d->number = get32(p + 4);
	d->len = 8;
#else
	d->name = w & 0xff;
	d->size = (w >> 8) & 0xff;
	d->number = (w >> 16) & 0xfff;
	d->inl = (w >> 28) & 1;
	d->lng = (w >> 29) & 1;
	d->dealloc = (w >> 30) & 1;
	d->len = 4;
	if (d->lng) {
		if (room < 12)
			return -1;
		d->name = p[4] | p[5] << 8;
		d->size = p[6] | p[7] << 8;
		d->number = get32(p + 8);
		d->len = 12;
	}
#endif
	return 0;
}

static void set_desc(unsigned char *p, const struct desc *d)
{
	uint32_t w = get32(p);
#if HD_LAYOUT == 1
	w = (w & ~0xffu) | d->name;
	w = (w & ~(1u << 31)) | (uint32_t)d->dealloc << 31;
#else
	if (d->lng) {
		p[4] = d->name & 0xff;
		p[5] = d->name >> 8;
	} else {
		w = (w & ~0xffu) | d->name;
	}
	w = (w & ~(1u << 30)) | (uint32_t)d->dealloc << 30;
#endif
	put32(p, w);
}

static size_t align_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* The type a right is carried and received as (x86_64.md §3.3). */
static unsigned carried(unsigned t)
{
	switch (t) {
	case 19:
	case 20:
		return 17;
	case 21:
		return 18;
	default:
		return t;
	}
}

typedef void item_fn(unsigned char *desc, struct desc *d, unsigned char *data);

/* Call fn for each item of the body; -1 if the body is malformed. */
static int walk(unsigned char *msg, size_t size, item_fn *fn)
{
	size_t pos = HDR;
	while (pos < size) {
		struct desc d;
		size_t bytes;
		if (read_desc(msg + pos, size - pos, &d))
			return -1;
		bytes = d.inl ? ((size_t)d.number * d.size + 7) / 8 : PTR;
		if (pos + d.len + bytes > size)
			return -1;
		fn(msg + pos, &d, msg + pos + d.len);
		pos = align_up(pos + d.len + bytes);
	}
	return 0;
}

static const char *ool_tag;

static void dump_ool(unsigned char *desc, struct desc *d, unsigned char *data)
{
	uintptr_t a = 0;
	size_t n = ((size_t)d->number * d->size + 7) / 8;
	(void)desc;
	if (d->inl)
		return;
	memcpy(&a, data, PTR);
	if (n > 65536)
		n = 65536;
	if (hd_in_pool(a))
		hd_dump(ool_tag, (void *)a, n);
	else
		printf("%s %d %s not-in-pool\n", cur_name, cur_pass, ool_tag);
}

/* The bytes after the NUL of an inline string are whatever the stub's
   stack held: not compared. */
static void blank_string(unsigned char *desc, struct desc *d,
			 unsigned char *data)
{
	size_t n = ((size_t)d->number * d->size + 7) / 8;
	unsigned char *nul;
	(void)desc;
	if (!d->inl || d->name != 12)
		return;
	nul = memchr(data, 0, n);
	if (nul)
		memset(nul + 1, 0xEE, n - (size_t)(nul + 1 - data));
}

#if HD_LAYOUT == 1
/* Not compared in the current layout: the pad after an item's data and
   the upper half of an inline right's slot (x86_64.md §4.2, §5.2). */
static void blank_pad(unsigned char *desc, struct desc *d, unsigned char *data)
{
	size_t n = d->inl ? ((size_t)d->number * d->size + 7) / 8 : PTR;
	(void)desc;
	if (d->inl && d->name >= 16 && d->name <= 21 && d->size == 64)
		for (size_t i = 0; i < d->number; i++)
			memset(data + 8 * i + 4, 0xEE, 4);
	for (unsigned char *p = data + n; (uintptr_t)p % 8; p++)
		*p = 0xEE;
}
#endif

#if HD_LAYOUT == 2
/* ---- The i386 ABI sheet's rules (i386.md §3.1-§3.3, §4.1) -------------------
 * Checked on every message a stub builds; each broken rule is one line
 * "ROUTINE PASS SHEET TAG reason" (tests/mig/bytes.sh fails on any in
 * mach5-mig's output).
 */

static const char *sheet_tag;
static int sheet_rights; /* items that make a message complex */

static void sheet_fail(const char *why, unsigned long v)
{
	printf("%s %d SHEET %s %s %lx\n", cur_name, cur_pass, sheet_tag, why,
	       v);
}

static void sheet_item(unsigned char *desc, struct desc *d, unsigned char *data)
{
	uint32_t w = get32(desc);
	(void)data;
	if (w & 0x80000000u)
		sheet_fail("msgt_unused set", w);
	if (d->lng && (w & 0x0fffffffu))
		sheet_fail("long form with a short name/size/number", w);
	if (!d->inl || (d->name >= 16 && d->name <= 21))
		sheet_rights++;
	if (d->inl && d->name >= 16 && d->name <= 21 && d->size != 32)
		sheet_fail("inline right not 32 bits", d->size);
	if (d->inl && d->dealloc)
		sheet_fail("deallocate bit on inline data", w);
}

/* Walk as the kernel would: items 4-aligned, each within the message,
   the last one ending exactly at size (§3.2). */
static void sheet_body(unsigned char *msg, size_t size)
{
	size_t pos = HDR;
	sheet_rights = 0;
	while (pos < size) {
		struct desc d;
		size_t bytes;
		if (read_desc(msg + pos, size - pos, &d)) {
			sheet_fail("descriptor past the end", pos);
			return;
		}
		bytes = d.inl ? ((size_t)d.number * d.size + 7) / 8 : PTR;
		if (pos + d.len + bytes > size) {
			sheet_fail("item data past the end", pos);
			return;
		}
		sheet_item(msg + pos, &d, msg + pos + d.len);
		pos = align_up(pos + d.len + bytes);
	}
	if (pos != size)
		sheet_fail("size not the sum of its items", size);
}

/* A message of size bytes sent by a stub; a reply if req (the request it
   answers) is not NULL. */
static void sheet_check(const char *tag, unsigned char *msg, size_t size,
			const unsigned char *req)
{
	uint32_t bits;
	sheet_tag = tag;
	if (size < HDR || size % 4) {
		sheet_fail("size not >= 24 and a multiple of 4", size);
		return;
	}
	bits = get32(msg);
	if (get32(msg + 4) != size && !req)
		sheet_fail("msgh_size not the size sent", get32(msg + 4));
	sheet_body(msg, size);
	if (sheet_rights && !(bits & 0x80000000u))
		sheet_fail("rights or out-of-line data, not complex", bits);
	if (!req)
		return;
	if (get32(msg + 20) != get32(req + 20) + 100)
		sheet_fail("reply id not the request's + 100", get32(msg + 20));
	if (size < 32 || get32(msg + 24) != 0x10012002u) {
		sheet_fail("no RetCode item at 24", size);
		return;
	}
	if (get32(msg + 28) != 0 && (size != 32 || (bits & 0x80000000u)))
		sheet_fail("error reply not 32 bytes, simple", size);
}
#endif

static void dump_msg(const char *tag, unsigned char *msg, size_t size)
{
	char t[32];
	static unsigned char copy[MSG_MAX] __attribute__((aligned(16)));
	if (size > MSG_MAX)
		size = MSG_MAX;
	memcpy(copy, msg, size);
	walk(copy, size, blank_string);
#if HD_LAYOUT == 1
	walk(copy, size, blank_pad);
#endif
#if HD_LAYOUT != 2
	/* The upper halves of the header's name slots: never read (§3.1). */
	if (size >= HDR) {
		memset(copy + H_REMOTE + 4, 0xEE, 4);
		memset(copy + H_LOCAL + 4, 0xEE, 4);
	}
#endif
	hd_dump(tag, copy, size);
	snprintf(t, sizeof t, "%s+OOL", tag);
	ool_tag = t;
	if (walk(msg, size, dump_ool))
		printf("%s %d %s malformed\n", cur_name, cur_pass, tag);
}

/* What the kernel does to one item between sender and receiver. */
static void deliver_item(unsigned char *desc, struct desc *d,
			 unsigned char *data)
{
	d->name = carried(d->name);
	if (d->inl) {
		d->dealloc = 0;
	} else {
		uintptr_t a = 0, copy;
		size_t n = ((size_t)d->number * d->size + 7) / 8;
		memcpy(&a, data, PTR);
		if (n > MSG_MAX)
			n = MSG_MAX; /* a bad count: its start is enough */
		copy = (uintptr_t)bump_alloc(n);
		if (hd_in_pool(a))
			memcpy((void *)copy, (void *)a, n);
		memcpy(data, &copy, PTR);
		d->dealloc = 1;
	}
	set_desc(desc, d);
}

/* Copy msg (size bytes) to dst as its receiver sees it. */
static void deliver(unsigned char *dst, const unsigned char *msg, size_t size)
{
	uint32_t bits = get32(msg), remote = get32(msg + H_REMOTE),
		 local = get32(msg + H_LOCAL);
	memset(dst, 0xEE, size + 64);
	memcpy(dst, msg, size);
	put32(dst, (bits & 0x80000000u) | carried((bits >> 8) & 0xff) |
			   carried(bits & 0xff) << 8);
	put32(dst + 4, (uint32_t)size);
	memset(dst + H_REMOTE, 0, H_LOCAL - H_REMOTE);
	memset(dst + H_LOCAL, 0, H_SEQNO - H_LOCAL);
	put32(dst + H_REMOTE, local);
	put32(dst + H_LOCAL, remote);
	put32(dst + H_SEQNO, 0);
	if (bits & 0x80000000u)
		walk(dst, size, deliver_item);
}

/* ---- Reference requests (HD_REQS) ------------------------------------------
 */

struct ref {
	char *name;
	int pass;
	unsigned char *bytes;
	size_t size;
	struct ref *next;
};
static struct ref *refs;

static size_t decode(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	while (*s) {
		unsigned v, r;
		int used;
		while (*s == ' ')
			s++;
		if (!*s || *s == '\n')
			break;
		if (sscanf(s, "%2x*%u%n", &v, &r, &used) == 2) {
			s += used;
			while (r-- && n < max)
				out[n++] = (unsigned char)v;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		if (n < max)
			out[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

static void read_refs(const char *file)
{
	static char line[1 << 20];
	static unsigned char buf[MSG_MAX];
	FILE *f = fopen(file, "r");
	if (!f) {
		perror(file);
		exit(2);
	}
	while (fgets(line, sizeof line, f)) {
		char name[256], tag[32];
		int pass, used;
		if (sscanf(line, "%255s %d %31s%n", name, &pass, tag, &used) !=
			    3 ||
		    strcmp(tag, "REQ"))
			continue;
		struct ref *r = malloc(sizeof *r);
		r->name = strdup(name);
		r->pass = pass;
		r->size = decode(line + used, buf, sizeof buf);
		r->bytes = malloc(r->size + 1);
		memcpy(r->bytes, buf, r->size);
		r->next = refs;
		refs = r;
	}
	fclose(f);
}

static const struct ref *find_ref(void)
{
	for (const struct ref *r = refs; r; r = r->next)
		if (r->pass == cur_pass && !strcmp(r->name, cur_name))
			return r;
	return NULL;
}

/* ---- mach_msg
 * ----------------------------------------------------------------- */

int mach_msg(void *msg, int option, uint32_t send_size, uint32_t rcv_size,
	     uint32_t rcv_name, uint32_t timeout, uint32_t notify)
{
	/* Outside the pool's allocator: what the pool hands out must not
	   depend on message sizes, which differ from one layout to the next. */
	static unsigned char user[MSG_MAX / 2 + 64]
		__attribute__((aligned(16)));
	unsigned char *req = (unsigned char *)REQ_BUF,
		      *rep = (unsigned char *)REP_BUF;
	const struct ref *r = find_ref();
	uint32_t rep_size;
	int ok;
	(void)timeout;
	(void)notify;
	printf("%s %d RT mach_msg %x %x %x\n", cur_name, cur_pass, option,
	       rcv_size, rcv_name);
	if (!(option & 1) || send_size > MSG_MAX / 2)
		return 0x10000002; /* MACH_SEND_INVALID_DATA */
	dump_msg("REQ", msg, send_size);
#if HD_LAYOUT == 2
	sheet_check("REQ", msg, send_size, NULL);
#endif
	if (r)
		deliver(req, r->bytes, r->size);
	else
		deliver(req, msg, send_size);
	/* Out-values the server routine does not set read as 0 whether the
	   stub points it at the reply or at a local. */
	memset(rep, 0, MSG_MAX);
	stack_fill(0);
	ok = hd_demux(req, rep);
	rep_size = get32(rep + 4);
	printf("%s %d DEMUX %d %u\n", cur_name, cur_pass, ok, rep_size);
	if (rep_size > MSG_MAX / 2)
		return 0x10004008; /* MACH_RCV_INVALID_DATA */
	dump_msg("REP", rep, rep_size);
#if HD_LAYOUT == 2
	if (ok)
		sheet_check("REP", rep, rep_size, req);
#endif
	if (!(option & 2))
		return 0;
	if (rep_size > rcv_size)
		return RCV_TOO_LARGE;
	deliver(user, rep, rep_size);
	memcpy(msg, user, rep_size);
	return 0;
}

int main(int argc, char **argv)
{
	void *p =
		mmap((void *)POOL_BASE, POOL_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	(void)argc;
	(void)argv;
	if (p != (void *)POOL_BASE) {
		perror("harness: mmap");
		return 2;
	}
	if (getenv("HD_REQS"))
		read_refs(getenv("HD_REQS"));
	for (int pass = 0; pass < 2; pass++) {
		hd_kr = pass ? 18 /* KERN_INVALID_VALUE */ : 0;
		for (const struct hd_routine *rt = hd_routines; rt->name;
		     rt++) {
			begin(rt->name, pass);
			rt->call();
			fflush(stdout);
		}
	}
	return 0;
}
