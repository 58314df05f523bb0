/*
 * base/rbtree.h - intrusive red-black trees, optionally augmented.
 *
 * A struct rbtree_node is embedded in the object it orders; the tree
 * never allocates. The tree knows no keys: callers descend it themselves
 * (rbtree_root, node->child[]) to find a node or a place, then link the
 * new node there (rbtree_insert_at) or next to a neighbour
 * (rbtree_insert_before / rbtree_insert_after). Height is at most
 * 2 log2(n + 1), so every operation below is O(log n); rbtree_next and
 * rbtree_prev are O(1) amortized over a whole walk.
 *
 * Augmentation: a caller that keeps, in each node, a summary of its
 * subtree (a count, a maximum ...) passes an update function that
 * recomputes a node's summary from the node and its two children (which
 * are up to date). Insert and remove call it on every node whose subtree
 * changed, bottom up, rotations included; after changing a node's own
 * fields in place, call rbtree_propagate(node, update). update may be
 * NULL for a plain tree.
 *
 * No locking here: callers hold whatever protects the tree.
 */
#ifndef KERN_RBTREE_H
#define KERN_RBTREE_H

#include <stdbool.h>
#include <stddef.h>

#define RBTREE_LEFT  0
#define RBTREE_RIGHT 1

struct rbtree_node {
	struct rbtree_node *parent;   /* NULL at the root */
	struct rbtree_node *child[2]; /* RBTREE_LEFT, RBTREE_RIGHT */
	bool red;
};

struct rbtree {
	struct rbtree_node *root; /* NULL when empty */
};

/* Recompute node's summary from node and its children. */
typedef void (*rbtree_update_fn)(struct rbtree_node *node);

#define RBTREE_INITIALIZER                                                     \
	{                                                                      \
		NULL                                                           \
	}

#define rbtree_entry(node, type, member)                                       \
	((type *)((char *)(node)-offsetof(type, member)))

static inline void rbtree_init(struct rbtree *tree)
{
	tree->root = NULL;
}

static inline bool rbtree_empty(const struct rbtree *tree)
{
	return tree->root == NULL;
}

static inline struct rbtree_node *rbtree_root(const struct rbtree *tree)
{
	return tree->root;
}

/*
 * Link node (not in any tree) as child dir of parent, which has no such
 * child (parent NULL: the tree is empty), and rebalance. The caller
 * chooses the place so that the order it wants is kept.
 */
void rbtree_insert_at(struct rbtree *tree, struct rbtree_node *parent, int dir,
		      struct rbtree_node *node, rbtree_update_fn update);
/* Link node just before / just after pos (in tree) in in-order. */
void rbtree_insert_before(struct rbtree *tree, struct rbtree_node *pos,
			  struct rbtree_node *node, rbtree_update_fn update);
void rbtree_insert_after(struct rbtree *tree, struct rbtree_node *pos,
			 struct rbtree_node *node, rbtree_update_fn update);
/* Unlink node (in tree) and rebalance. node's fields are left stale. */
void rbtree_remove(struct rbtree *tree, struct rbtree_node *node,
		   rbtree_update_fn update);
/* Run update on node and each of its ancestors, bottom up. */
void rbtree_propagate(struct rbtree_node *node, rbtree_update_fn update);

/* In-order neighbours and ends, or NULL. */
struct rbtree_node *rbtree_first(const struct rbtree *tree);
struct rbtree_node *rbtree_last(const struct rbtree *tree);
struct rbtree_node *rbtree_next(const struct rbtree_node *node);
struct rbtree_node *rbtree_prev(const struct rbtree_node *node);

#endif /* KERN_RBTREE_H */
