/*
 * tests/hosted/hosted.c - the hosted HAL: CPU, console, clock, physical
 * memory, user copies and pmaps, for kernel code run as a Linux process.
 *
 * Lock order: none; tests are single-threaded (kernel threads are
 * coroutines, see thread.c).
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <mach/kern_return.h>
#include <base/arch.h>
#include <base/cpu.h>
#include "hosted.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define HOSTED_ASAN 1
#else
#define HOSTED_ASAN 0
#endif

/* ---- Interrupts, CPU stop ---------------------------------------------- */

/* Each host thread's own (a test may run several, as processors). */
static _Thread_local bool hosted_intr_on = true;
_Thread_local struct cpu *hosted_cpu;
jmp_buf *volatile hosted_panic_jmp;
volatile enum hosted_stop hosted_stopped;

unsigned long arch_intr_save(void)
{
	unsigned long old = hosted_intr_on;

	hosted_intr_on = false;
	return old;
}

void arch_intr_restore(unsigned long token)
{
	hosted_intr_on = token != 0;
}

bool arch_intr_enabled(void)
{
	return hosted_intr_on;
}

/* One processor: nobody to interrupt. */
void arch_cpu_poke(unsigned int i)
{
	(void)i;
}

void hosted_intr_set(bool enabled)
{
	hosted_intr_on = enabled;
}

void hosted_cpu_enter(unsigned int i, struct thread *t)
{
	struct cpu *c = cpu_get(i);

	c->index = i;
	c->current = t;
	c->online = true;
	hosted_cpu = c;
}

/* Return to HOSTED_CATCH_PANIC if armed, else end the process. */
static noreturn void hosted_stop(enum hosted_stop how)
{
	hosted_stopped = how;
	if (hosted_panic_jmp)
		longjmp(*hosted_panic_jmp, 1);
	fflush(stdout);
	fprintf(stderr, "hosted: machine %s\n",
		how == HOSTED_HALT ? "halted" : "rebooted");
	abort();
}

noreturn void arch_halt(void)
{
	hosted_stop(HOSTED_HALT);
}

noreturn void arch_reboot(void)
{
	hosted_stop(HOSTED_REBOOT);
}

/* A real backtrace only for panics no test expects. */
void arch_backtrace(void)
{
	if (hosted_panic_jmp)
		return;
	fflush(stdout);
#if HOSTED_ASAN
	__sanitizer_print_stack_trace();
#endif
}

/* ---- Console ----------------------------------------------------------- */

#define CONSOLE_CAPTURE_SIZE (64 * 1024)

static bool console_capturing;
static char console_buf[CONSOLE_CAPTURE_SIZE];
static size_t console_len;

void arch_console_putc(int c)
{
	if (!console_capturing) {
		putchar(c);
		return;
	}
	if (console_len + 1 < sizeof(console_buf)) {
		console_buf[console_len++] = (char)c;
		console_buf[console_len] = '\0';
	}
}

/* No console input in a hosted test. */
void arch_console_input_start(void (*fn)(int c))
{
	(void)fn;
}

void hosted_console_capture(bool on)
{
	console_capturing = on;
	if (on) {
		console_len = 0;
		console_buf[0] = '\0';
	}
}

const char *hosted_console_output(void)
{
	return console_buf;
}

/* ---- Clock ------------------------------------------------------------- */

static uint64_t hosted_clock;

uint64_t arch_clock_ns(void)
{
	return hosted_clock;
}

void arch_clock_start(void)
{
}

void hosted_clock_set_ns(uint64_t ns)
{
	hosted_clock = ns;
}

void hosted_clock_advance_ns(uint64_t ns)
{
	hosted_clock += ns;
}

/* What arch_intr_user_pc reports: no user mode until a test says so. */
static bool hosted_intr_user;
static uintptr_t hosted_intr_pc;

void hosted_set_intr_user_pc(bool user, uintptr_t pc)
{
	hosted_intr_user = user;
	hosted_intr_pc = pc;
}

bool arch_intr_user_pc(uintptr_t *pc)
{
	if (!hosted_intr_user)
		return false;
	*pc = hosted_intr_pc;
	return true;
}

/* ---- Physical memory --------------------------------------------------- */

/* The arena is a shared mapping of a memfd, so that the kernel window
 * (below) can map its frames a second time. */
static unsigned char *hosted_arena;
static int hosted_arena_fd = -1;
static unsigned char *hosted_window;

#define HOSTED_WINDOW_SIZE (64UL << 20)

static phys_addr_t hosted_window_pa[HOSTED_WINDOW_SIZE / PAGE_SIZE];

static int arena_memfd(void)
{
	int fd = memfd_create("hosted-phys", 0);

	if (fd < 0 || ftruncate(fd, HOSTED_PHYS_SIZE) != 0) {
		perror("hosted: physical arena");
		abort();
	}
	return fd;
}

static void window_map(unsigned char *p, phys_addr_t pa)
{
	if (mmap(p, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
		 hosted_arena_fd,
		 (off_t)(pa - HOSTED_PHYS_BASE)) == MAP_FAILED) {
		perror("hosted: pmap_kenter");
		abort();
	}
}

/* Copy the pages of the arena that hold data (the memfd's holes read as
 * zeros in the copy too): most of the arena is never touched, and copying
 * all of it in every test's child was most of the unit tests' time. */
static void arena_copy_data(unsigned char *copy)
{
	off_t data = 0, hole;

	while (data < (off_t)HOSTED_PHYS_SIZE &&
	       (data = lseek(hosted_arena_fd, data, SEEK_DATA)) >= 0) {
		hole = lseek(hosted_arena_fd, data, SEEK_HOLE);
		if (hole < 0 || hole > (off_t)HOSTED_PHYS_SIZE)
			hole = HOSTED_PHYS_SIZE;
		memcpy(copy + data, hosted_arena + data, (size_t)(hole - data));
		data = hole;
	}
}

/*
 * A shared mapping stays shared across fork, but Check runs each test in
 * a child that must not change its parent's memory: the child moves the
 * arena (and the window's pages) to a copy of its own.
 */
static void arena_fork_child(void)
{
	int fd = arena_memfd();
	unsigned char *copy = mmap(NULL, HOSTED_PHYS_SIZE,
				   PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (copy == MAP_FAILED) {
		perror("hosted: arena copy");
		abort();
	}
	arena_copy_data(copy);
	munmap(copy, HOSTED_PHYS_SIZE);
	close(hosted_arena_fd);
	hosted_arena_fd = fd;
	if (mmap(hosted_arena, HOSTED_PHYS_SIZE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
		perror("hosted: arena remap");
		abort();
	}
	for (unsigned long i = 0; i < HOSTED_WINDOW_SIZE / PAGE_SIZE; i++)
		if (hosted_window_pa[i] != 0)
			window_map(hosted_window + i * PAGE_SIZE,
				   hosted_window_pa[i]);
}

void hosted_mem_init(void)
{
	if (hosted_arena)
		return;
	hosted_arena_fd = arena_memfd();
	pthread_atfork(NULL, NULL, arena_fork_child);
	hosted_arena = mmap(NULL, HOSTED_PHYS_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, hosted_arena_fd, 0);
	hosted_window =
		mmap(NULL, HOSTED_WINDOW_SIZE, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (hosted_arena == MAP_FAILED || hosted_window == MAP_FAILED) {
		perror("hosted: mmap");
		abort();
	}
}

void *phystokv(phys_addr_t pa)
{
	if (!hosted_arena || pa < HOSTED_PHYS_BASE ||
	    pa >= HOSTED_PHYS_BASE + HOSTED_PHYS_SIZE) {
		fprintf(stderr, "hosted: phystokv(%#llx) outside the arena\n",
			(unsigned long long)pa);
		abort();
	}
	return hosted_arena + (pa - HOSTED_PHYS_BASE);
}

phys_addr_t kvtophys(const void *va)
{
	const unsigned char *p = va;

	if (!hosted_arena || p < hosted_arena ||
	    p >= hosted_arena + HOSTED_PHYS_SIZE) {
		fprintf(stderr, "hosted: kvtophys(%p) outside the arena\n", va);
		abort();
	}
	return HOSTED_PHYS_BASE + (phys_addr_t)(p - hosted_arena);
}

/* ---- pmap: a hash table of page mappings ------------------------------- */

#define PMAP_BUCKETS 256

struct hosted_pte {
	struct hosted_pte *next;
	uintptr_t va;
	phys_addr_t pa;
	int prot;
};

struct pmap {
	struct hosted_pte *bucket[PMAP_BUCKETS];
	unsigned long count;
};

static struct pmap hosted_kernel_pmap;
static struct pmap *hosted_current_pmap = &hosted_kernel_pmap;
int (*hosted_user_fault)(uintptr_t va, bool write);

static struct hosted_pte **pmap_slot(struct pmap *pmap, uintptr_t va)
{
	struct hosted_pte **pp =
		&pmap->bucket[(va >> PAGE_SHIFT) % PMAP_BUCKETS];

	while (*pp && (*pp)->va != va)
		pp = &(*pp)->next;
	return pp;
}

struct pmap *pmap_kernel(void)
{
	return &hosted_kernel_pmap;
}

struct pmap *pmap_create(void)
{
	return calloc(1, sizeof(struct pmap));
}

void pmap_destroy(struct pmap *pmap)
{
	pmap_remove(pmap, 0, UINTPTR_MAX & ~PAGE_MASK);
	if (hosted_current_pmap == pmap)
		hosted_current_pmap = &hosted_kernel_pmap;
	if (pmap != &hosted_kernel_pmap)
		free(pmap);
}

int pmap_enter(struct pmap *pmap, uintptr_t va, phys_addr_t pa, int prot)
{
	struct hosted_pte **pp;

	va &= ~PAGE_MASK;
	pp = pmap_slot(pmap, va);
	if (!*pp) {
		*pp = calloc(1, sizeof(**pp));
		if (!*pp)
			return KERN_RESOURCE_SHORTAGE;
		(*pp)->va = va;
		pmap->count++;
	}
	(*pp)->pa = pa & ~(phys_addr_t)PAGE_MASK;
	(*pp)->prot = prot;
	return KERN_SUCCESS;
}

/* Apply prot (0: remove) to every mapping in [start, end). */
static void pmap_update(struct pmap *pmap, uintptr_t start, uintptr_t end,
			int prot)
{
	for (int b = 0; b < PMAP_BUCKETS; b++) {
		struct hosted_pte **pp = &pmap->bucket[b];

		while (*pp) {
			struct hosted_pte *pte = *pp;

			if (pte->va < start || pte->va >= end) {
				pp = &pte->next;
			} else if (prot) {
				pte->prot = prot;
				pp = &pte->next;
			} else {
				*pp = pte->next;
				free(pte);
				pmap->count--;
			}
		}
	}
}

void pmap_remove(struct pmap *pmap, uintptr_t start, uintptr_t end)
{
	pmap_update(pmap, start, end, 0);
}

void pmap_protect(struct pmap *pmap, uintptr_t start, uintptr_t end, int prot)
{
	pmap_update(pmap, start, end, prot);
}

bool pmap_extract(struct pmap *pmap, uintptr_t va, phys_addr_t *pa)
{
	struct hosted_pte *pte = *pmap_slot(pmap, va & ~PAGE_MASK);

	if (!pte)
		return false;
	*pa = pte->pa + (va & PAGE_MASK);
	return true;
}

unsigned long hosted_pmap_count(struct pmap *pmap)
{
	return pmap->count;
}

unsigned long pmap_resident_count(struct pmap *pmap)
{
	return pmap->count;
}

void hosted_set_current_pmap(struct pmap *pmap)
{
	hosted_current_pmap = pmap ? pmap : &hosted_kernel_pmap;
}

/* ---- User memory -------------------------------------------------------- */

static unsigned char *hosted_user_buf;

void *hosted_user_window(void)
{
	if (!hosted_user_buf)
		hosted_user_buf = calloc(1, HOSTED_USER_SIZE);
	return hosted_user_buf;
}

/* Host address of user address va with at least *len bytes in the same
 * page (or window) - *len is trimmed - or NULL if not accessible. */
static unsigned char *user_translate(uintptr_t va, size_t *len, bool write)
{
	struct hosted_pte *pte;
	size_t room;

	if (va >= HOSTED_USER_BASE &&
	    va < HOSTED_USER_BASE + HOSTED_USER_SIZE) {
		room = HOSTED_USER_BASE + HOSTED_USER_SIZE - va;
		*len = *len < room ? *len : room;
		return (unsigned char *)hosted_user_window() +
		       (va - HOSTED_USER_BASE);
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		pte = *pmap_slot(hosted_current_pmap, va & ~PAGE_MASK);
		if (pte &&
		    (pte->prot & (write ? PMAP_PROT_WRITE : PMAP_PROT_READ)))
			break;
		pte = NULL;
		if (attempt || !hosted_user_fault ||
		    hosted_user_fault(va, write) != 0)
			return NULL;
	}
	room = PAGE_SIZE - (va & PAGE_MASK);
	*len = *len < room ? *len : room;
	return phystokv(pte->pa) + (va & PAGE_MASK);
}

void *pmap_user_kaddr(struct pmap *pmap, uintptr_t va, bool write)
{
	struct hosted_pte *pte;

	if (va >= HOSTED_USER_BASE && va < HOSTED_USER_BASE + HOSTED_USER_SIZE)
		return (unsigned char *)hosted_user_window() +
		       (va - HOSTED_USER_BASE);
	if (va < USER_ADDR_MIN || va >= USER_ADDR_MAX)
		return NULL;
	pte = *pmap_slot(pmap, va & ~PAGE_MASK);
	if (!pte || !(pte->prot & (write ? PMAP_PROT_WRITE : PMAP_PROT_READ)))
		return NULL;
	return (unsigned char *)phystokv(pte->pa) + (va & PAGE_MASK);
}

void arch_copy(void *dst, const void *src, size_t n)
{
	memcpy(dst, src, n);
}

/* Copy n bytes between user address uaddr and kbuf. */
static int user_copy(uintptr_t uaddr, unsigned char *kbuf, size_t n, bool write)
{
	if (uaddr < USER_ADDR_MIN || uaddr > USER_ADDR_MAX ||
	    n > USER_ADDR_MAX - uaddr)
		return KERN_INVALID_ADDRESS;
	while (n) {
		size_t len = n;
		unsigned char *p = user_translate(uaddr, &len, write);

		if (!p)
			return KERN_INVALID_ADDRESS;
		if (write)
			memcpy(p, kbuf, len);
		else
			memcpy(kbuf, p, len);
		uaddr += len;
		kbuf += len;
		n -= len;
	}
	return KERN_SUCCESS;
}

int copyin(const void *uaddr, void *kaddr, size_t n)
{
	return user_copy((uintptr_t)uaddr, kaddr, n, false);
}

int copyout(const void *kaddr, void *uaddr, size_t n)
{
	return user_copy((uintptr_t)uaddr, (unsigned char *)kaddr, n, true);
}

/* The no-fault copies: a page not mapped now (writable, for write) ends
 * the copy with KERN_INVALID_ADDRESS. */
static int user_copy_nofault(uintptr_t va, unsigned char *kbuf, size_t n,
			     bool write)
{
	while (n > 0) {
		size_t room = PAGE_SIZE - (va & PAGE_MASK),
		       len = n < room ? n : room;
		void *p = pmap_user_kaddr(hosted_current_pmap, va, write);

		if (p == NULL)
			return KERN_INVALID_ADDRESS;
		if (write)
			memcpy(p, kbuf, len);
		else
			memcpy(kbuf, p, len);
		va += len;
		kbuf += len;
		n -= len;
	}
	return KERN_SUCCESS;
}

int copyin_nofault(const void *uaddr, void *kaddr, size_t n)
{
	return user_copy_nofault((uintptr_t)uaddr, kaddr, n, false);
}

int copyout_nofault(const void *kaddr, void *uaddr, size_t n)
{
	return user_copy_nofault((uintptr_t)uaddr, (unsigned char *)kaddr, n,
				 true);
}

/* Byte by byte, as memmove would for overlapping buffers going up. */
/* The twin does not switch address spaces with threads (the tests set the
 * current one): stay is ignored, the current pmap always put back. */
int pmap_copyout_nofault(struct pmap *pmap, const void *src, uintptr_t uva,
			 size_t n, bool stay)
{
	struct pmap *cur = hosted_current_pmap;
	int r;

	(void)stay;
	hosted_current_pmap = pmap;
	r = copyout_nofault(src, (void *)uva, n);
	hosted_current_pmap = cur;
	return r;
}

int copy_user_nofault(uintptr_t udst, uintptr_t usrc, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c;

		if (copyin_nofault((const void *)(usrc + i), &c, 1) != 0 ||
		    copyout_nofault(&c, (void *)(udst + i), 1) != 0)
			return KERN_INVALID_ADDRESS;
	}
	return KERN_SUCCESS;
}

int copyinstr(const void *uaddr, char *kaddr, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		if (copyin((const char *)uaddr + i, &kaddr[i], 1))
			return KERN_INVALID_ADDRESS;
		if (kaddr[i] == '\0')
			return KERN_SUCCESS;
	}
	return KERN_RESOURCE_SHORTAGE;
}

/* ---- The kernel window: arena frames mapped again, page by page ---------- */

static unsigned char *kwindow_page(uintptr_t va)
{
	unsigned char *p = (unsigned char *)va;

	if (!hosted_window || p < hosted_window ||
	    p >= hosted_window + HOSTED_WINDOW_SIZE || (va & PAGE_MASK)) {
		fprintf(stderr, "hosted: %#lx is not a window page\n",
			(unsigned long)va);
		abort();
	}
	return p;
}

uintptr_t pmap_kwindow(size_t *size)
{
	hosted_mem_init();
	*size = HOSTED_WINDOW_SIZE;
	return (uintptr_t)hosted_window;
}

void pmap_kenter(uintptr_t va, phys_addr_t pa)
{
	unsigned char *p = kwindow_page(va);

	(void)phystokv(pa); /* checks pa */
	window_map(p, pa);
	hosted_window_pa[(p - hosted_window) / PAGE_SIZE] = pa;
}

void pmap_kremove(uintptr_t va)
{
	unsigned char *p = kwindow_page(va);

	if (mmap(p, PAGE_SIZE, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
		 0) == MAP_FAILED) {
		perror("hosted: pmap_kremove");
		abort();
	}
	hosted_window_pa[(p - hosted_window) / PAGE_SIZE] = 0;
}

bool pmap_kextract(uintptr_t va, phys_addr_t *pa)
{
	phys_addr_t f = hosted_window_pa[(kwindow_page(va) - hosted_window) /
					 PAGE_SIZE];

	if (f == 0)
		return false;
	*pa = f;
	return true;
}
