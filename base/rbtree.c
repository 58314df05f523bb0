/*
 * base/rbtree.c - intrusive red-black trees (see rbtree.h).
 *
 * The usual rules: the root is black, a red node has no red child, and
 * every path from a node down to a missing child crosses as many black
 * nodes. Insertion links a red leaf and repairs red-red pairs upwards;
 * removal unlinks a node with at most one child (a node with two first
 * trades places with its successor) and, when a black node went, repairs
 * the missing black upwards. Both are written once for the two sides:
 * `dir` names a side, `!dir` the other.
 *
 * Augmentation: summaries are recomputed along the whole path from the
 * lowest changed node to the root before rebalancing, then by each
 * rotation for the two nodes it moves (their ancestors keep the same
 * subtree, so the same summary).
 *
 * No locking: callers serialize.
 */
#include <base/debug.h>
#include <base/rbtree.h>

static bool is_red(const struct rbtree_node *node)
{
	return node != NULL && node->red;
}

/* Which child of its parent node is (node not the root). */
static int child_dir(const struct rbtree_node *node)
{
	return node->parent->child[RBTREE_RIGHT] == node ? RBTREE_RIGHT
							 : RBTREE_LEFT;
}

/* Make new take old's place under parent (or as the root). */
static void replace_child(struct rbtree *tree, struct rbtree_node *parent,
			  struct rbtree_node *old, struct rbtree_node *new)
{
	if (parent == NULL)
		tree->root = new;
	else
		parent->child[parent->child[RBTREE_RIGHT] == old] = new;
	if (new != NULL)
		new->parent = parent;
}

/*
 * Rotate around node towards dir: its child on the other side takes its
 * place and node becomes that child's dir child.
 */
static void rotate(struct rbtree *tree, struct rbtree_node *node, int dir,
		   rbtree_update_fn update)
{
	struct rbtree_node *up = node->child[!dir];
	struct rbtree_node *moved = up->child[dir];

	node->child[!dir] = moved;
	if (moved != NULL)
		moved->parent = node;
	replace_child(tree, node->parent, node, up);
	up->child[dir] = node;
	node->parent = up;
	if (update != NULL) {
		update(node);
		update(up);
	}
}

void rbtree_propagate(struct rbtree_node *node, rbtree_update_fn update)
{
	if (update == NULL)
		return;
	for (; node != NULL; node = node->parent)
		update(node);
}

/* Repair a red node whose parent may be red, up to the root. */
static void insert_fixup(struct rbtree *tree, struct rbtree_node *node,
			 rbtree_update_fn update)
{
	struct rbtree_node *parent;

	while (is_red(parent = node->parent)) {
		struct rbtree_node *grand = parent->parent; /* red: not root */
		int dir = child_dir(parent);
		struct rbtree_node *uncle = grand->child[!dir];

		if (is_red(uncle)) {
			parent->red = false;
			uncle->red = false;
			grand->red = true;
			node = grand;
			continue;
		}
		if (node == parent->child[!dir]) {
			/* Inner grandchild: make it the outer one. */
			rotate(tree, parent, dir, update);
			node = parent;
			parent = node->parent;
		}
		parent->red = false;
		grand->red = true;
		rotate(tree, grand, !dir, update);
		break;
	}
	tree->root->red = false;
}

void rbtree_insert_at(struct rbtree *tree, struct rbtree_node *parent, int dir,
		      struct rbtree_node *node, rbtree_update_fn update)
{
	node->parent = parent;
	node->child[RBTREE_LEFT] = NULL;
	node->child[RBTREE_RIGHT] = NULL;
	node->red = true;
	if (parent == NULL) {
		assert(tree->root == NULL);
		tree->root = node;
	} else {
		assert(parent->child[dir] == NULL);
		parent->child[dir] = node;
	}
	rbtree_propagate(node, update);
	insert_fixup(tree, node, update);
}

/* The extreme node of node's subtree on side dir. */
static struct rbtree_node *subtree_end(struct rbtree_node *node, int dir)
{
	while (node->child[dir] != NULL)
		node = node->child[dir];
	return node;
}

/* Link node next to pos on side dir (in-order). */
static void insert_beside(struct rbtree *tree, struct rbtree_node *pos, int dir,
			  struct rbtree_node *node, rbtree_update_fn update)
{
	if (pos->child[dir] == NULL)
		rbtree_insert_at(tree, pos, dir, node, update);
	else
		rbtree_insert_at(tree, subtree_end(pos->child[dir], !dir), !dir,
				 node, update);
}

void rbtree_insert_before(struct rbtree *tree, struct rbtree_node *pos,
			  struct rbtree_node *node, rbtree_update_fn update)
{
	insert_beside(tree, pos, RBTREE_LEFT, node, update);
}

void rbtree_insert_after(struct rbtree *tree, struct rbtree_node *pos,
			 struct rbtree_node *node, rbtree_update_fn update)
{
	insert_beside(tree, pos, RBTREE_RIGHT, node, update);
}

/*
 * A black node went from under parent, on the side where node (maybe
 * NULL) now is: that side lacks one black. Repair up to the root.
 */
static void remove_fixup(struct rbtree *tree, struct rbtree_node *node,
			 struct rbtree_node *parent, rbtree_update_fn update)
{
	while (node != tree->root && !is_red(node)) {
		int dir = parent->child[RBTREE_LEFT] == node ? RBTREE_LEFT
							     : RBTREE_RIGHT;
		struct rbtree_node *sibling = parent->child[!dir];

		if (sibling->red) {
			/* Make the sibling black (parent turns red). */
			sibling->red = false;
			parent->red = true;
			rotate(tree, parent, dir, update);
			sibling = parent->child[!dir];
		}
		if (!is_red(sibling->child[RBTREE_LEFT]) &&
		    !is_red(sibling->child[RBTREE_RIGHT])) {
			/* Take one black off the other side too; go up. */
			sibling->red = true;
			node = parent;
			parent = node->parent;
			continue;
		}
		if (!is_red(sibling->child[!dir])) {
			/* Near nephew red: make it the far one. */
			sibling->child[dir]->red = false;
			sibling->red = true;
			rotate(tree, sibling, !dir, update);
			sibling = parent->child[!dir];
		}
		sibling->red = parent->red;
		parent->red = false;
		sibling->child[!dir]->red = false;
		rotate(tree, parent, dir, update);
		node = tree->root;
		break;
	}
	if (node != NULL)
		node->red = false;
}

void rbtree_remove(struct rbtree *tree, struct rbtree_node *node,
		   rbtree_update_fn update)
{
	struct rbtree_node *child, *parent;
	bool black_removed;

	if (node->child[RBTREE_LEFT] != NULL &&
	    node->child[RBTREE_RIGHT] != NULL) {
		/* The successor (no left child) takes node's place and
		 * colour; its own place is the one that goes. */
		struct rbtree_node *succ =
			subtree_end(node->child[RBTREE_RIGHT], RBTREE_LEFT);

		child = succ->child[RBTREE_RIGHT];
		black_removed = !succ->red;
		if (succ->parent == node) {
			parent = succ;
		} else {
			parent = succ->parent;
			parent->child[RBTREE_LEFT] = child;
			if (child != NULL)
				child->parent = parent;
			succ->child[RBTREE_RIGHT] = node->child[RBTREE_RIGHT];
			succ->child[RBTREE_RIGHT]->parent = succ;
		}
		succ->child[RBTREE_LEFT] = node->child[RBTREE_LEFT];
		succ->child[RBTREE_LEFT]->parent = succ;
		replace_child(tree, node->parent, node, succ);
		succ->red = node->red;
	} else {
		child = node->child[RBTREE_LEFT] != NULL
				? node->child[RBTREE_LEFT]
				: node->child[RBTREE_RIGHT];
		parent = node->parent;
		black_removed = !node->red;
		replace_child(tree, parent, node, child);
	}
	rbtree_propagate(parent, update);
	if (black_removed)
		remove_fixup(tree, child, parent, update);
}

struct rbtree_node *rbtree_first(const struct rbtree *tree)
{
	return tree->root != NULL ? subtree_end(tree->root, RBTREE_LEFT) : NULL;
}

struct rbtree_node *rbtree_last(const struct rbtree *tree)
{
	return tree->root != NULL ? subtree_end(tree->root, RBTREE_RIGHT)
				  : NULL;
}

/* The in-order neighbour of node on side dir. */
static struct rbtree_node *neighbour(const struct rbtree_node *node, int dir)
{
	if (node->child[dir] != NULL)
		return subtree_end(node->child[dir], !dir);
	while (node->parent != NULL && child_dir(node) == dir)
		node = node->parent;
	return node->parent;
}

struct rbtree_node *rbtree_next(const struct rbtree_node *node)
{
	return neighbour(node, RBTREE_RIGHT);
}

struct rbtree_node *rbtree_prev(const struct rbtree_node *node)
{
	return neighbour(node, RBTREE_LEFT);
}
