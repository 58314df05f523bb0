/*
 * base/list.h - intrusive circular doubly linked lists.
 *
 * A struct list is either a list head or a node embedded in an object.
 * An empty head points at itself. No locking here: callers hold whatever
 * lock protects the list they touch.
 */
#ifndef KERN_LIST_H
#define KERN_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *prev;
	struct list *next;
};

#define LIST_INITIALIZER(head)                                                 \
	{                                                                      \
		&(head), &(head)                                               \
	}

#define list_entry(node, type, member)                                         \
	((type *)((char *)(node)-offsetof(type, member)))

static inline void list_init(struct list *head)
{
	head->prev = head;
	head->next = head;
}

static inline bool list_empty(const struct list *head)
{
	return head->next == head;
}

/* A node that is not on any list (after list_node_init or list_remove). */
static inline void list_node_init(struct list *node)
{
	node->prev = node;
	node->next = node;
}

static inline bool list_node_unlinked(const struct list *node)
{
	return node->next == node;
}

static inline void list_insert_between(struct list *node, struct list *prev,
				       struct list *next)
{
	node->prev = prev;
	node->next = next;
	prev->next = node;
	next->prev = node;
}

static inline void list_insert_tail(struct list *head, struct list *node)
{
	list_insert_between(node, head->prev, head);
}

static inline void list_insert_head(struct list *head, struct list *node)
{
	list_insert_between(node, head, head->next);
}

/* Insert node just before pos (pos may be the head: then at the tail). */
static inline void list_insert_before(struct list *pos, struct list *node)
{
	list_insert_between(node, pos->prev, pos);
}

static inline void list_remove(struct list *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_node_init(node);
}

static inline struct list *list_first(const struct list *head)
{
	return head->next;
}

static inline struct list *list_pop_head(struct list *head)
{
	struct list *node = head->next;

	if (node == head)
		return NULL;
	list_remove(node);
	return node;
}

#define list_for_each(head, node)                                              \
	for ((node) = (head)->next; (node) != (head); (node) = (node)->next)

#define list_for_each_safe(head, node, tmp)                                    \
	for ((node) = (head)->next, (tmp) = (node)->next; (node) != (head);    \
	     (node) = (tmp), (tmp) = (node)->next)

#endif /* KERN_LIST_H */
