/*
 * tests/mig/bytes/xform.c - GNU MIG's 2022 messages (a .bytes file of
 * the byte differential, on stdin) rewritten in the current x86_64 layout
 * by the ABI sheet's rules (x86_64.md §0, §4.1, §4.2), on stdout:
 *   - a 4-byte descriptor (12 with the long form) becomes the 8-byte one:
 *     name:8 size:16 unused:5 inline longform dealloc, then the number;
 *   - every descriptor and its data start 8-aligned; the pad after the data
 *     is not compared (written 0xEE, as harness.c blanks it);
 *   - an inline right takes an 8-byte slot, msgt_size 64 (the upper half
 *     is not compared either); out-of-line pointers stay 8 bytes;
 *   - the header is unchanged but for msgh_size.
 * Only REQ and REP lines change; the rest is copied.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX (1u << 20)

static unsigned char in[MAX], out[MAX];

static size_t decode(const char *s, unsigned char *b)
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
			while (r-- && n < MAX)
				b[n++] = (unsigned char)v;
			continue;
		}
		if (sscanf(s, "%2x", &v) != 1)
			break;
		if (n < MAX)
			b[n++] = (unsigned char)v;
		s += 2;
	}
	return n;
}

/* As hd_dump of harness.c. */
static void encode(const unsigned char *b, size_t n)
{
	size_t i = 0, group = 0;
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

/* The message in[0..n) in the current layout, in out; its size, or 0. */
static size_t convert(size_t n)
{
	size_t pos = 32, o = 32;
	if (n < 32)
		return 0;
	memcpy(out, in, 32);
	while (pos < n) {
		uint32_t w = get32(in + pos);
		unsigned name = w & 0xff, size = (w >> 8) & 0xff,
			 number = (w >> 16) & 0xfff, inl = (w >> 28) & 1,
			 lng = (w >> 29) & 1, dealloc = (w >> 30) & 1;
		size_t dlen = 4, bytes;
		if (lng) {
			name = in[pos + 4] | in[pos + 5] << 8;
			size = in[pos + 6] | in[pos + 7] << 8;
			number = get32(in + pos + 8);
			dlen = 12;
		}
		int port = inl && name >= 16 && name <= 21 && size == 32;
		bytes = inl ? ((size_t)number * size + 7) / 8 : 8;
		if (pos + dlen + bytes > n || o + 8 + 2 * bytes + 8 > MAX)
			return 0;
		put32(out + o,
		      name | (port ? 64u : size) << 8 | (uint32_t)inl << 29 |
			      (uint32_t)lng << 30 | (uint32_t)dealloc << 31);
		put32(out + o + 4, number);
		o += 8;
		if (port) {
			for (unsigned i = 0; i < number; i++) {
				memcpy(out + o, in + pos + dlen + 4 * i, 4);
				memset(out + o + 4, 0xEE, 4);
				o += 8;
			}
		} else {
			memcpy(out + o, in + pos + dlen, bytes);
			o += bytes;
		}
		while (o % 8)
			out[o++] = 0xEE;
		pos += dlen + bytes;
		pos = (pos + 3) & ~(size_t)3;
	}
	put32(out + 4, (uint32_t)o);
	return o;
}

int main(void)
{
	static char line[4 * MAX];
	while (fgets(line, sizeof line, stdin)) {
		char name[256], tag[32];
		int pass, used;
		size_t n, m;
		if (sscanf(line, "%255s %d %31s%n", name, &pass, tag, &used) !=
			    3 ||
		    (strcmp(tag, "REQ") && strcmp(tag, "REP"))) {
			fputs(line, stdout);
			continue;
		}
		n = decode(line + used, in);
		m = convert(n);
		printf("%s %d %s", name, pass, tag);
		if (m)
			encode(out, m);
		else
			printf(" malformed\n");
	}
	return 0;
}
