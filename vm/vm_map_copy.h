/*
 * vm/vm_map_copy.h - copies of address ranges in transit: out-of-line
 * message memory, vm_read, vm_write, vm_copy.
 *
 * A vm_map_copy is a snapshot of a range of some map, taken by
 * copy-on-write: a list of entries (addresses relative to the copy's
 * first page) that reference the source's VM objects with needs_copy,
 * so taking and inserting it costs the number of entries plus the
 * page-table work of write-protecting pages that are resident and
 * mapped - never a copy of the data. (A range of memory that is
 * writably shared between tasks, VM_INHERIT_SHARE, is the exception: its
 * resident pages are copied, since its other users keep writing.)
 *
 * For the IPC layer (out-of-line data, msgt_deallocate):
 *
 *	send:     vm_map_copyin(sender_map, uaddr, size, dealloc, &copy)
 *	          ... queue copy in the kmsg ...
 *	receive:  vm_map_copyout(receiver_map, &uaddr, copy)
 *	destroy:  vm_map_copy_discard(copy)     (message never received)
 *
 * Links: a copy owns its entries; each entry holds one reference on its
 * object (strong). A copy belongs to no map and no task.
 *
 * Lock order: every function takes the kernel lock (splhigh) itself and
 * may be called with it held; none blocks. Objects and pages nest inside.
 */
#ifndef VM_VM_MAP_COPY_H
#define VM_VM_MAP_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <base/list.h>

struct vm_map;
struct vm_map_entry;
struct vm_object;
struct vm_page;

/*
 * Two kinds. An ENTRY_LIST copy is the copy-on-write snapshot above. A
 * KERNEL_BUFFER copy holds bytes the kernel produced (a kernel server's
 * out-of-line reply, ipc/ool.h): they sit in the same heap block, right
 * after the struct (vm_map_copy_kernel_data), and copyout writes them
 * into fresh zero-fill memory - a copy, which is fine for the small
 * arrays the kernel makes.
 */
enum vm_map_copy_type {
	VM_MAP_COPY_ENTRY_LIST,
	VM_MAP_COPY_KERNEL_BUFFER,
};

struct vm_map_copy {
	enum vm_map_copy_type type;
	size_t size;		/* bytes of whole pages covered */
	size_t offset;		/* of the data in the first page */
	size_t data_size;	/* bytes of data, as asked of copyin */
	struct list entries;	/* ENTRY_LIST: struct vm_map_entry, start/end
				   from 0 */
	size_t alloc_size;	/* KERNEL_BUFFER: bytes of the heap block */
	struct vm_map *src_map; /* moved out of this map (deallocating
				   copyin), weak: compared only; or NULL */
	uintptr_t src_addr;	/* where from (page aligned) */
};

/* Where a KERNEL_BUFFER copy's data start (16-aligned, like kalloc). */
#define VM_MAP_COPY_KDATA_OFFSET ((sizeof(struct vm_map_copy) + 15) & ~15UL)

static inline void *vm_map_copy_kernel_data(struct vm_map_copy *copy)
{
	return (char *)copy + VM_MAP_COPY_KDATA_OFFSET;
}

/* The copy whose kernel data are at data (from vm_map_copy_kernel_data). */
static inline struct vm_map_copy *vm_map_copy_of_kernel_data(void *data)
{
	return (struct vm_map_copy *)((char *)data - VM_MAP_COPY_KDATA_OFFSET);
}

/*
 * A KERNEL_BUFFER copy of size bytes (> 0), zero-filled, for the caller
 * to fill through vm_map_copy_kernel_data; NULL when memory is short.
 * Lock: any.
 */
struct vm_map_copy *vm_map_copy_kernel_alloc(size_t size);

/*
 * An ENTRY_LIST copy of [offset, offset + size) of obj (page aligned),
 * copy-on-write: one entry referencing obj (a new reference) with
 * needs_copy. The caller must not write obj's pages in that range while
 * the copy lives (pageout sends pages this way: they are leaving obj).
 * NULL when memory is short. Lock: any.
 */
struct vm_map_copy *vm_map_copy_from_object(struct vm_object *obj,
					    uint64_t offset, size_t size);

/*
 * Read len bytes at byte offset off of the copy's data into buf (kernel
 * memory). KERN_SUCCESS or KERN_INVALID_ARGUMENT (beyond data_size).
 * Lock: any.
 */
int vm_map_copy_read(struct vm_map_copy *copy, size_t off, void *buf,
		     size_t len);

/*
 * The page that reads at page-aligned offset rel of an ENTRY_LIST copy's
 * pages (rel < copy->size), or NULL when it reads as zero. Kernel lock
 * held; the page belongs to the copy's objects (do not keep it).
 */
struct vm_page *vm_map_copy_page(struct vm_map_copy *copy, uint64_t rel);

/*
 * Capture [addr, addr + size) of map (any alignment: whole pages are
 * taken, the offset kept). With deallocate the range leaves map
 * (msgt_deallocate; also when it is not writable): its entries move into
 * the copy as they are, objects and resident pages with them, and the
 * range is unmapped in one pass - no write-protection, no shadow, no
 * page touched (vm_map_copy_moved is then true). Entries whose object
 * other maps write too (VM_INHERIT_SHARE) or that are wired cannot move:
 * then the range is copied copy-on-write and removed. Every page
 * must be mapped and readable. size 0 gives *copy = NULL.
 * Returns KERN_SUCCESS with *copy set (the caller owns it),
 * KERN_INVALID_ADDRESS (hole, or outside the map), KERN_PROTECTION_FAILURE
 * (a page not readable) or KERN_RESOURCE_SHORTAGE; on failure map reads
 * as before and nothing was removed.
 */
int vm_map_copyin(struct vm_map *map, uintptr_t addr, size_t size,
		  bool deallocate, struct vm_map_copy **copy);

/* Was copy made by moving a range out of a map (vm_map_copyin)? */
bool vm_map_copy_moved(const struct vm_map_copy *copy);

/*
 * Undo a deallocating copyin that will not be sent: a moved copy goes
 * back where it was in map, with its entries as they left (their pages
 * fault back in), when it came from map and that range is still free;
 * otherwise (or for any other copy) it is discarded. Consumes copy (NULL
 * allowed).
 */
void vm_map_copy_unmove(struct vm_map *map, struct vm_map_copy *copy);

/*
 * Insert copy into map at an address the kernel chooses (the lowest free
 * range), with VM_PROT_DEFAULT, maximum VM_PROT_ALL and
 * VM_INHERIT_DEFAULT. *addr gets the address of the data (page start +
 * copy->offset). On KERN_SUCCESS the copy is consumed; on KERN_NO_SPACE
 * or KERN_RESOURCE_SHORTAGE the caller still owns it. A NULL copy gives
 * *addr = 0 and KERN_SUCCESS.
 */
int vm_map_copyout(struct vm_map *map, uintptr_t *addr,
		   struct vm_map_copy *copy);

/*
 * vm_write: replace the contents of [addr, addr + copy->size) of map
 * (page aligned, mapped and writable; copy page aligned too) by the copy,
 * keeping the range's protections and inheritance. Private memory gets
 * the copy's objects copy-on-write; memory shared with other tasks is
 * written page by page so that they see it. Consumes copy on
 * KERN_SUCCESS; else (KERN_INVALID_ARGUMENT, KERN_INVALID_ADDRESS,
 * KERN_PROTECTION_FAILURE, KERN_RESOURCE_SHORTAGE) the caller keeps it.
 */
int vm_map_copy_overwrite(struct vm_map *map, uintptr_t addr,
			  struct vm_map_copy *copy);

/* As vm_map_copy_overwrite, but the copy stays the caller's (vm_write
 * from a message the caller will destroy). */
int vm_map_copy_overwrite_keep(struct vm_map *map, uintptr_t addr,
			       struct vm_map_copy *copy);

/*
 * Moving a range straight from one map to another, with no copy in
 * between (a deallocating out-of-line send to a receiver that is already
 * waiting, ipc/ool.h): in two steps, so that the caller can check what
 * else it needs between them and give up with nothing changed.
 *
 * vm_map_move_prepare checks that [addr, addr + size) of src (any
 * alignment: whole pages) is mapped and readable, that every entry of it
 * may leave src whole (as vm_map_copyin's deallocating move: not wired,
 * not written through other maps) and that dst has room under its size
 * limit, and finds the lowest free range of dst for it (the one
 * vm_map_copyout would take) - or, when src is dst, keeps the range where
 * it is: the task that loses it is the one that gets it, so nothing
 * needs to move (no entry leaves the tree, no page leaves the pmap).
 * KERN_SUCCESS with *mv filled, KERN_INVALID_ARGUMENT (size 0),
 * KERN_INVALID_ADDRESS, KERN_PROTECTION_FAILURE, KERN_NO_SPACE (dst full, or an
 * entry that cannot move) or KERN_RESOURCE_SHORTAGE (clipping). What either map
 * reads is unchanged (src's entries around the range may be clipped).
 *
 * vm_map_move_commit, with nothing done to either map in between, moves
 * the entries: out of src (the range unmapped in one pass) into dst at
 * mv->to, with VM_PROT_DEFAULT, maximum VM_PROT_ALL, VM_INHERIT_DEFAULT,
 * their objects with them (needs_copy, as vm_map_copyin's move: an
 * earlier copy keeps its snapshot). Within one map the entries only get
 * the new protections and inheritance; their pages stay mapped (a range
 * that could execute is unmapped; an object the entry could not write
 * becomes copy-on-write). Never fails; returns the data's address in
 * dst (mv->to plus addr's offset in its page).
 *
 * Kernel lock held for both, and from one to the other.
 */
struct vm_map_move {
	struct vm_map *src, *dst;
	struct vm_map_entry *first; /* src's entry at start */
	uintptr_t start, end;	    /* in src, page aligned */
	uintptr_t to;		    /* in dst, page aligned */
	size_t offset;		    /* of the data in the first page */
};

int vm_map_move_prepare(struct vm_map *src, uintptr_t addr, size_t size,
			struct vm_map *dst, struct vm_map_move *mv);
uintptr_t vm_map_move_commit(const struct vm_map_move *mv);

/* Destroy a copy that will not be inserted (NULL allowed). */
void vm_map_copy_discard(struct vm_map_copy *copy);

/* Boot: the cache of copies (called by vm_map_init). */
void vm_map_copy_init(void);

/* Leak checks: live copies. */
unsigned long vm_map_copy_count(void);

#endif /* VM_VM_MAP_COPY_H */
