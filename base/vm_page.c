/*
 * base/vm_page.c - the physical frame allocator.
 *
 * Boot code declares usable RAM (vm_page_load) and ranges in use
 * (vm_page_reserve); vm_page_init carves the frame table - one struct
 * vm_page per page of every loaded range - out of the lowest free RAM that
 * fits it and puts every usable, unreserved page on one free list.
 *
 * Lock order: the kernel lock (splhigh) only; nothing else is taken under
 * it here.
 */
#include <base/debug.h>
#include <base/lock.h>
#include <base/string.h>
#include <base/vm_page.h>

#define VM_PAGE_MAX_RANGES   32
#define VM_PAGE_MAX_RESERVED 64

/* A loaded range of RAM and its slice of the frame table. */
struct vm_segment {
	phys_addr_t start; /* page aligned */
	phys_addr_t end;
	struct vm_page *pages; /* (end - start) / PAGE_SIZE frames */
};

struct vm_range {
	phys_addr_t start;
	phys_addr_t end;
};

/* Sorted by start; never overlapping. */
static struct vm_segment vm_segments[VM_PAGE_MAX_RANGES];
static unsigned int vm_nr_segments;
/* Reserved ranges declared before vm_page_init. */
static struct vm_range vm_reserved[VM_PAGE_MAX_RESERVED];
static unsigned int vm_nr_reserved;

static struct list vm_free_list = LIST_INITIALIZER(vm_free_list);
static unsigned long vm_nr_free; /* deferred frames included */
static bool (*vm_page_reclaim)(bool all);
static unsigned long vm_nr_total;
static bool vm_page_ready;

static phys_addr_t round_down(phys_addr_t a)
{
	return a & ~(phys_addr_t)PAGE_MASK;
}

static phys_addr_t round_up(phys_addr_t a)
{
	return round_down(a + PAGE_MASK);
}

static unsigned long segment_npages(const struct vm_segment *seg)
{
	return (unsigned long)((seg->end - seg->start) >> PAGE_SHIFT);
}

/* Insert [start, end) into the sorted segment table. Boot only. */
static void segment_insert(phys_addr_t start, phys_addr_t end)
{
	unsigned int i = vm_nr_segments;

	for (unsigned int j = 0; j < vm_nr_segments; j++) {
		if (start < vm_segments[j].end && vm_segments[j].start < end)
			panic("vm_page_load: %#llx-%#llx overlaps a loaded "
			      "range",
			      (unsigned long long)start,
			      (unsigned long long)end);
	}
	while (i > 0 && vm_segments[i - 1].start > start) {
		vm_segments[i] = vm_segments[i - 1];
		i--;
	}
	vm_segments[i] = (struct vm_segment){start, end, NULL};
	vm_nr_segments++;
}

/* Boot, before vm_page_init: declare usable RAM, rounded inward. */
void vm_page_load(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t s = round_up(start), e = round_down(end);

	if (vm_page_ready)
		panic("vm_page_load after vm_page_init");
	if (s >= e)
		return;
	if (vm_nr_segments == VM_PAGE_MAX_RANGES) {
		printf("vm_page: more than %d RAM ranges; %#llx-%#llx "
		       "ignored\n",
		       VM_PAGE_MAX_RANGES, (unsigned long long)s,
		       (unsigned long long)e);
		return;
	}
	segment_insert(s, e);
	vm_nr_total += (unsigned long)((e - s) >> PAGE_SHIFT);
}

/* Mark one managed frame reserved. Lock held. */
static void page_reserve(struct vm_page *page)
{
	if (page->type == VM_PAGE_RESERVED)
		return;
	if (page->type != VM_PAGE_FREE)
		panic("vm_page_reserve: page %#llx is in use",
		      (unsigned long long)page->phys);
	list_remove(&page->node);
	vm_nr_free--;
	page->type = VM_PAGE_RESERVED;
}

/*
 * Mark [start, end) in use, rounded outward. Before vm_page_init it is
 * recorded; after, the free frames of the range leave the free list (a
 * frame already allocated panics). Takes the kernel lock.
 */
void vm_page_reserve(phys_addr_t start, phys_addr_t end)
{
	phys_addr_t s = round_down(start), e = round_up(end);
	spl_t spl;

	if (s >= e)
		return;
	if (!vm_page_ready) {
		if (vm_nr_reserved == VM_PAGE_MAX_RESERVED)
			panic("vm_page_reserve: too many reserved ranges");
		vm_reserved[vm_nr_reserved++] = (struct vm_range){s, e};
		return;
	}
	spl = splhigh();
	for (phys_addr_t pa = s; pa < e; pa += PAGE_SIZE) {
		struct vm_page *page = vm_page_lookup(pa);

		if (page)
			page_reserve(page);
	}
	splx(spl);
}

/* True if [start, end) meets no reserved range. Boot only. */
static bool range_unreserved(phys_addr_t start, phys_addr_t end)
{
	for (unsigned int i = 0; i < vm_nr_reserved; i++) {
		if (start < vm_reserved[i].end && vm_reserved[i].start < end)
			return false;
	}
	return true;
}

/* Lowest start in seg of a free, unreserved run of size bytes into *pa;
 * false if none fits. Boot only. */
static bool segment_find_free(const struct vm_segment *seg, phys_addr_t size,
			      phys_addr_t *pa)
{
	bool found = false;
	phys_addr_t c;

	for (unsigned int i = 0; i <= vm_nr_reserved; i++) {
		c = i == vm_nr_reserved ? seg->start : vm_reserved[i].end;
		if (c < seg->start || c + size > seg->end ||
		    (found && c >= *pa) || !range_unreserved(c, c + size))
			continue;
		*pa = c;
		found = true;
	}
	return found;
}

/* Lowest free, unreserved run of size bytes in loaded RAM. Boot only. */
static phys_addr_t find_free_run(phys_addr_t size)
{
	phys_addr_t pa = 0;

	for (unsigned int i = 0; i < vm_nr_segments; i++) {
		if (segment_find_free(&vm_segments[i], size, &pa))
			return pa;
	}
	panic("vm_page_init: no room for a frame table of %llu bytes",
	      (unsigned long long)size);
}

/* Fill the frames of seg as free pages (not yet on the free list). */
static void segment_init_pages(struct vm_segment *seg)
{
	unsigned long n = segment_npages(seg);

	for (unsigned long i = 0; i < n; i++) {
		struct vm_page *page = &seg->pages[i];

		*page = (struct vm_page){.phys = seg->start + i * PAGE_SIZE};
		list_node_init(&page->node);
		page->type = VM_PAGE_FREE;
	}
}

/* Mark the reserved ranges, then queue every free frame in address
 * order. Boot only. */
static void build_free_list(void)
{
	for (unsigned int i = 0; i < vm_nr_reserved; i++) {
		for (phys_addr_t pa = vm_reserved[i].start;
		     pa < vm_reserved[i].end; pa += PAGE_SIZE) {
			struct vm_page *page = vm_page_lookup(pa);

			if (page)
				page->type = VM_PAGE_RESERVED;
		}
	}
	for (unsigned int i = 0; i < vm_nr_segments; i++) {
		struct vm_segment *seg = &vm_segments[i];

		for (unsigned long j = 0; j < segment_npages(seg); j++) {
			if (seg->pages[j].type != VM_PAGE_FREE)
				continue;
			list_insert_tail(&vm_free_list, &seg->pages[j].node);
			vm_nr_free++;
		}
	}
}

/*
 * Boot: build the frame table and the free list. Called once, before any
 * allocation, after the ranges have been declared.
 */
void vm_page_init(void)
{
	phys_addr_t size, table;
	struct vm_page *pages;

	if (vm_page_ready)
		panic("vm_page_init called twice");
	if (vm_nr_total == 0)
		panic("vm_page_init: no usable RAM");
	size = round_up(vm_nr_total * sizeof(struct vm_page));
	table = find_free_run(size);
	if (vm_nr_reserved == VM_PAGE_MAX_RESERVED)
		panic("vm_page_init: too many reserved ranges");
	vm_reserved[vm_nr_reserved++] = (struct vm_range){table, table + size};
	pages = phystokv(table);
	for (unsigned int i = 0; i < vm_nr_segments; i++) {
		vm_segments[i].pages = pages;
		segment_init_pages(&vm_segments[i]);
		pages += segment_npages(&vm_segments[i]);
	}
	build_free_list();
	vm_page_ready = true;
}

/* Hand out a frame taken off the free list. Lock held. */
static void page_take(struct vm_page *page, enum vm_page_type type)
{
	if (page->type != VM_PAGE_FREE)
		panic("vm_page: free list holds page %#llx of type %u",
		      (unsigned long long)page->phys, page->type);
	page->type = type;
	page->object = NULL;
	page->offset = 0;
	page->wire_count = 0;
	page->flags = 0;
	vm_nr_free--;
}

unsigned long vm_page_fail_next;

/* Fault injection (vm_page.h): should this allocation fail? Lock held. */
static bool page_fail_injected(void)
{
	if (vm_page_fail_next == 0)
		return false;
	vm_page_fail_next--;
	return true;
}

/* A free frame of the given type, or NULL. Takes the kernel lock. */
struct vm_page *vm_page_alloc(enum vm_page_type type)
{
	struct vm_page *page = NULL;
	struct list *node;
	spl_t s;

	assert(type != VM_PAGE_FREE && type != VM_PAGE_RESERVED);
	s = splhigh();
	if (page_fail_injected()) {
		node = NULL;
	} else {
		node = list_pop_head(&vm_free_list);
		if (node == NULL && vm_page_reclaim != NULL &&
		    vm_page_reclaim(false))
			node = list_pop_head(&vm_free_list);
	}
	if (node) {
		page = list_entry(node, struct vm_page, node);
		page_take(page, type);
	}
	splx(s);
	return page;
}

/* A zero-filled frame, or NULL. Takes the kernel lock. */
struct vm_page *vm_page_alloc_zeroed(enum vm_page_type type)
{
	struct vm_page *page = vm_page_alloc(type);

	if (page)
		memset(vm_page_kva(page), 0, PAGE_SIZE);
	return page;
}

/* Index just past the first run of npages free frames in seg, or 0 if
 * none. Lock held. */
static unsigned long segment_find_run(const struct vm_segment *seg,
				      unsigned long npages)
{
	unsigned long run = 0, n = segment_npages(seg);

	for (unsigned long i = 0; i < n; i++) {
		run = seg->pages[i].type == VM_PAGE_FREE ? run + 1 : 0;
		if (run == npages)
			return i + 1;
	}
	return 0;
}

/* npages contiguous free frames, or NULL. Takes the kernel lock. */
struct vm_page *vm_page_alloc_contig(unsigned long npages,
				     enum vm_page_type type)
{
	struct vm_page *first = NULL;
	unsigned long end;
	spl_t s;

	assert(npages > 0);
	assert(type != VM_PAGE_FREE && type != VM_PAGE_RESERVED);
	s = splhigh();
	vm_page_reclaim_all(); /* deferred frames count in runs too */
	for (unsigned int i = 0;
	     i < vm_nr_segments && !first && !page_fail_injected(); i++) {
		end = segment_find_run(&vm_segments[i], npages);
		if (end)
			first = &vm_segments[i].pages[end - npages];
	}
	for (unsigned long i = 0; first && i < npages; i++) {
		list_remove(&first[i].node);
		page_take(&first[i], type);
	}
	splx(s);
	return first;
}

void vm_page_set_reclaim(bool (*reclaim)(bool all))
{
	vm_page_reclaim = reclaim;
}

void vm_page_defer_count(long n)
{
	vm_nr_free += n;
}

void vm_page_reclaim_all(void)
{
	spl_t s = splhigh();

	while (vm_page_reclaim != NULL && vm_page_reclaim(true))
		;
	splx(s);
}

/* Return a frame to the free list. Takes the kernel lock. The frame must
 * be allocated and on no list. */
void vm_page_free(struct vm_page *page)
{
	spl_t s = splhigh();

	if (page->type == VM_PAGE_FREE || page->type == VM_PAGE_RESERVED)
		panic("vm_page_free: page %#llx is not allocated (type %u)",
		      (unsigned long long)page->phys, page->type);
	if (!list_node_unlinked(&page->node))
		panic("vm_page_free: page %#llx is still on a list",
		      (unsigned long long)page->phys);
	page->type = VM_PAGE_FREE;
	page->object = NULL;
	list_insert_head(&vm_free_list, &page->node);
	vm_nr_free++;
	splx(s);
}

void vm_page_free_list(struct list *list, unsigned long n)
{
	struct list *node;
	spl_t s = splhigh();

	list_for_each (list, node) {
		struct vm_page *page = list_entry(node, struct vm_page, node);

		if (page->type == VM_PAGE_FREE ||
		    page->type == VM_PAGE_RESERVED)
			panic("vm_page_free_list: page %#llx is not allocated "
			      "(type %u)",
			      (unsigned long long)page->phys, page->type);
		page->type = VM_PAGE_FREE;
		page->object = NULL;
	}
	if (!list_empty(list)) {
		/* The whole run goes to the head of the free list. */
		struct list *first = list->next, *last = list->prev;
		first->prev = &vm_free_list;
		last->next = vm_free_list.next;
		vm_free_list.next->prev = last;
		vm_free_list.next = first;
		list_init(list);
	}
	vm_nr_free += n;
	splx(s);
}

/* A run of npages free frames of seg inside [pmin, pmax), starting on a
 * multiple of align (a power of two >= PAGE_SIZE): its first, or NULL. */
static struct vm_page *segment_find_run_in(const struct vm_segment *seg,
					   unsigned long npages,
					   phys_addr_t pmin, phys_addr_t pmax,
					   phys_addr_t align)
{
	phys_addr_t start = seg->start > pmin ? seg->start : pmin;
	phys_addr_t end = seg->end < pmax ? seg->end : pmax;
	phys_addr_t bytes = (phys_addr_t)npages * PAGE_SIZE;

	start = (start + align - 1) & ~(align - 1);
	for (; start < end && end - start >= bytes; start += align) {
		struct vm_page *first =
			&seg->pages[(start - seg->start) / PAGE_SIZE];
		unsigned long i = 0;
		while (i < npages && first[i].type == VM_PAGE_FREE)
			i++;
		if (i == npages)
			return first;
	}
	return NULL;
}

struct vm_page *vm_page_alloc_contig_in(unsigned long npages,
					enum vm_page_type type,
					phys_addr_t pmin, phys_addr_t pmax,
					phys_addr_t align)
{
	struct vm_page *first = NULL;
	spl_t s;

	assert(npages > 0);
	assert(type != VM_PAGE_FREE && type != VM_PAGE_RESERVED);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	s = splhigh();
	vm_page_reclaim_all();
	for (unsigned int i = 0;
	     i < vm_nr_segments && !first && !page_fail_injected(); i++)
		first = segment_find_run_in(&vm_segments[i], npages, pmin, pmax,
					    align);
	for (unsigned long i = 0; first && i < npages; i++) {
		list_remove(&first[i].node);
		page_take(&first[i], type);
	}
	splx(s);
	return first;
}

/* Free the npages frames of a vm_page_alloc_contig. */
void vm_page_free_contig(struct vm_page *page, unsigned long npages)
{
	for (unsigned long i = 0; i < npages; i++)
		vm_page_free(&page[i]);
}

/* The frame of pa, or NULL outside the loaded ranges (or before
 * vm_page_init). No lock needed: the table never changes after boot. */
struct vm_page *vm_page_lookup(phys_addr_t pa)
{
	for (unsigned int i = 0; i < vm_nr_segments; i++) {
		const struct vm_segment *seg = &vm_segments[i];

		if (pa >= seg->start && pa < seg->end && seg->pages)
			return &seg->pages[(pa - seg->start) >> PAGE_SHIFT];
	}
	return NULL;
}

unsigned long vm_page_count_free(void)
{
	return vm_nr_free;
}

unsigned long vm_page_count_total(void)
{
	return vm_nr_total;
}
