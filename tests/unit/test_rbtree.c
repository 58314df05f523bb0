/*
 * tests/unit/test_rbtree.c - base/rbtree.c against a reference: thousands
 * of random inserts (by descent, before and after a neighbour) and
 * removals of keys in a small range, with the whole tree checked after
 * each step: order, parent links, the red-black rules, the height bound,
 * the neighbour walks, and two augmentations (subtree size, subtree
 * maximum weight) recomputed by hand. Also sorted runs (the pattern of
 * an address map that grows at its end) and in-place changes followed by
 * rbtree_propagate.
 */
#include <stdint.h>
#include <string.h>
#include <base/rbtree.h>
#include "unit.h"

#define KEYS 600

struct item {
	struct rbtree_node node;
	unsigned int key;
	unsigned int weight;
	unsigned int size;	 /* augmentation: nodes in the subtree */
	unsigned int max_weight; /* augmentation: over the subtree */
};

/*
 * For the per-step checks: Check's ck_assert_* writes a mark on every
 * call, too slow for millions; this one costs nothing when it holds.
 */
#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);  \
	} while (0)

static struct item items[KEYS];
static bool present[KEYS]; /* the reference: which keys are in tree */
static unsigned int npresent;
static struct rbtree tree;
static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static struct item *item_of(struct rbtree_node *node)
{
	return node != NULL ? rbtree_entry(node, struct item, node) : NULL;
}

static void item_update(struct rbtree_node *node)
{
	struct item *it = item_of(node);

	it->size = 1;
	it->max_weight = it->weight;
	for (int dir = 0; dir < 2; dir++) {
		struct item *c = item_of(node->child[dir]);
		if (c == NULL)
			continue;
		it->size += c->size;
		if (c->max_weight > it->max_weight)
			it->max_weight = c->max_weight;
	}
}

static void setup(void)
{
	memset(items, 0, sizeof(items));
	memset(present, 0, sizeof(present));
	for (unsigned int i = 0; i < KEYS; i++)
		items[i].key = i;
	npresent = 0;
	rbtree_init(&tree);
	rng_state = 0x9e3779b97f4a7c15ULL;
}

/*
 * Check the subtree of node (parent expected above it, keys strictly
 * inside (lo, hi)); returns its black height. Counts its nodes in *n and
 * its height in *h.
 */
static int check_subtree(struct rbtree_node *node, struct rbtree_node *parent,
			 long lo, long hi, unsigned int *n, unsigned int *h)
{
	unsigned int hl = 0, hr = 0, nl = 0, nr = 0;

	*n = 0;
	*h = 0;
	if (node == NULL)
		return 1;
	struct item *it = item_of(node);
	CHECK(node->parent == parent);
	CHECK((long)it->key > lo);
	CHECK((long)it->key < hi);
	CHECK(present[it->key]);
	if (node->red) {
		CHECK(node->child[0] == NULL || !node->child[0]->red);
		CHECK(node->child[1] == NULL || !node->child[1]->red);
	}
	int bl = check_subtree(node->child[0], node, lo, it->key, &nl, &hl);
	int br = check_subtree(node->child[1], node, it->key, hi, &nr, &hr);
	CHECK(bl == br);
	*n = nl + nr + 1;
	*h = (hl > hr ? hl : hr) + 1;
	CHECK(it->size == *n);
	unsigned int mw = it->weight;
	for (int dir = 0; dir < 2; dir++) {
		struct item *c = item_of(node->child[dir]);
		if (c != NULL && c->max_weight > mw)
			mw = c->max_weight;
	}
	CHECK(it->max_weight == mw);
	return bl + (node->red ? 0 : 1);
}

/* The whole tree against the reference. */
static void check_tree(void)
{
	unsigned int n, h;
	struct rbtree_node *node;
	unsigned int key;

	CHECK(tree.root == NULL || !tree.root->red);
	check_subtree(tree.root, NULL, -1, KEYS, &n, &h);
	CHECK(n == npresent);
	/* Height <= 2 log2(n + 1). */
	unsigned int log2 = 0;
	while ((1u << (log2 + 1)) <= n + 1)
		log2++;
	CHECK(h <= 2 * (log2 + 1));
	/* Forward walk: exactly the present keys, in order. */
	key = 0;
	for (node = rbtree_first(&tree); node != NULL;
	     node = rbtree_next(node)) {
		while (!present[key])
			key++;
		CHECK(item_of(node)->key == key);
		key++;
	}
	while (key < KEYS)
		CHECK(!present[key++]);
	/* Backward walk. */
	key = KEYS;
	for (node = rbtree_last(&tree); node != NULL;
	     node = rbtree_prev(node)) {
		do
			key--;
		while (!present[key]);
		CHECK(item_of(node)->key == key);
	}
	while (key > 0)
		CHECK(!present[--key]);
}

/* Insert key by descending from the root. */
static void insert_descend(unsigned int key)
{
	struct rbtree_node *parent = NULL, *node = tree.root;
	int dir = RBTREE_LEFT;

	while (node != NULL) {
		parent = node;
		dir = key < item_of(node)->key ? RBTREE_LEFT : RBTREE_RIGHT;
		node = node->child[dir];
	}
	items[key].weight = rng() % 1000;
	rbtree_insert_at(&tree, parent, dir, &items[key].node, item_update);
	present[key] = true;
	npresent++;
}

/* The first present key above key (or KEYS). */
static unsigned int ref_next(unsigned int key)
{
	while (++key < KEYS && !present[key])
		;
	return key;
}

/* Insert key next to a neighbour: before its successor, or after its
 * predecessor. */
static void insert_beside(unsigned int key, bool before)
{
	unsigned int succ = ref_next(key), pred = key;

	while (pred > 0 && !present[pred - 1])
		pred--;
	items[key].weight = rng() % 1000;
	if (before && succ < KEYS)
		rbtree_insert_before(&tree, &items[succ].node, &items[key].node,
				     item_update);
	else if (pred > 0)
		rbtree_insert_after(&tree, &items[pred - 1].node,
				    &items[key].node, item_update);
	else if (succ < KEYS)
		rbtree_insert_before(&tree, &items[succ].node, &items[key].node,
				     item_update);
	else
		rbtree_insert_at(&tree, NULL, RBTREE_LEFT, &items[key].node,
				 item_update);
	present[key] = true;
	npresent++;
}

static void remove_key(unsigned int key)
{
	rbtree_remove(&tree, &items[key].node, item_update);
	present[key] = false;
	npresent--;
}

START_TEST(test_empty)
{
	ck_assert(rbtree_empty(&tree));
	ck_assert_ptr_null(rbtree_first(&tree));
	ck_assert_ptr_null(rbtree_last(&tree));
	insert_descend(7);
	ck_assert(!rbtree_empty(&tree));
	ck_assert_ptr_eq(rbtree_first(&tree), &items[7].node);
	ck_assert_ptr_eq(rbtree_last(&tree), &items[7].node);
	ck_assert_ptr_null(rbtree_next(&items[7].node));
	ck_assert_ptr_null(rbtree_prev(&items[7].node));
	check_tree();
	remove_key(7);
	ck_assert(rbtree_empty(&tree));
	check_tree();
}
END_TEST

/* Random inserts (three ways) and removals, checked at every step. */
START_TEST(test_random)
{
	unsigned int inserts = 0, removes = 0;

	for (int step = 0; step < 20000; step++) {
		unsigned int key = rng() % KEYS;
		/* Drift between nearly empty and nearly full. */
		bool grow = (step / 2500) % 2 == 0 ? rng() % 4 != 0
						   : rng() % 4 == 0;

		if (!present[key] && grow) {
			switch (rng() % 3) {
			case 0:
				insert_descend(key);
				break;
			default:
				insert_beside(key, rng() % 2);
				break;
			}
			inserts++;
		} else if (present[key] && !grow) {
			remove_key(key);
			removes++;
		}
		check_tree();
	}
	ck_assert_uint_gt(inserts, 3000);
	ck_assert_uint_gt(removes, 3000);
	while (npresent > 0) {
		unsigned int key = rng() % KEYS;
		if (present[key]) {
			remove_key(key);
			check_tree();
		}
	}
	ck_assert_ptr_null(tree.root);
}
END_TEST

/* Ascending appends after the last node and removals from the front: the
 * address-map pattern of a task that keeps what it receives. */
START_TEST(test_sorted_runs)
{
	for (unsigned int round = 0; round < 3; round++) {
		for (unsigned int key = 0; key < KEYS; key++) {
			if (round == 1)
				insert_descend(KEYS - 1 - key);
			else
				insert_beside(key, false);
			if (key % 37 == 0)
				check_tree();
		}
		check_tree();
		ck_assert_uint_eq(item_of(tree.root)->size, KEYS);
		for (unsigned int key = 0; key < KEYS; key++) {
			remove_key(round == 2 ? KEYS - 1 - key : key);
			if (key % 37 == 0)
				check_tree();
		}
		check_tree();
		ck_assert(rbtree_empty(&tree));
	}
}
END_TEST

/* A node's own field changed in place: rbtree_propagate fixes the
 * summaries above it. */
START_TEST(test_propagate)
{
	for (unsigned int key = 0; key < KEYS; key += 2)
		insert_descend(key);
	check_tree();
	for (int i = 0; i < 2000; i++) {
		unsigned int key = 2 * (rng() % (KEYS / 2));
		items[key].weight = rng() % 5000;
		rbtree_propagate(&items[key].node, item_update);
		check_tree();
	}
	items[KEYS / 2].weight = 100000;
	rbtree_propagate(&items[KEYS / 2].node, item_update);
	ck_assert_uint_eq(item_of(tree.root)->max_weight, 100000);
}
END_TEST

static Suite *rbtree_suite(void)
{
	Suite *s = suite_create("rbtree");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_random);
	tcase_add_test(tc, test_sorted_runs);
	tcase_add_test(tc, test_propagate);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(rbtree_suite());
}
