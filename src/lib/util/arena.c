/*
 * arena.c: a list of blocks, bump allocation in the newest. A request
 * larger than a quarter block gets a block of its own, so big arrays do
 * not waste the tail of the current block.
 */
#include "util/common.h"

#define BLOCK_SIZE (32 * 1024)
#define ALIGN 16

struct rt_arena_block {
	struct rt_arena_block *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

/* lives in the arena's own blocks */
struct rt_arena_adopted {
	struct rt_arena_adopted *next;
	void *p;
};

void rt_arena_init(rt_arena *a)
{
	a->head = NULL;
	a->used = a->cap = 0;
	a->adopted = NULL;
}

void rt_arena_release(rt_arena *a)
{
	struct rt_arena_block *b = a->head, *next;
	struct rt_arena_adopted *ad;

	/* the list is in the blocks: walk it before they go */
	for (ad = a->adopted; ad; ad = ad->next)
		free(ad->p);
	while (b) {
		next = b->next;
		free(b);
		b = next;
	}
	rt_arena_init(a);
}

/* malloc, not calloc: allocations are zeroed one by one, so untouched
 * tails of blocks never cost a page fault */
static struct rt_arena_block *new_block(size_t size)
{
	struct rt_arena_block *b = malloc(sizeof(*b) + size);

	if (b) {
		b->next = NULL;
		b->size = size;
	}
	return b;
}

/* `size` bytes, not zeroed (a copy writes them all anyway), at a multiple
 * of `align` (a power of two: ALIGN for objects, 1 for text, so a
 * thousand short names do not each take 16 bytes more than they need:
 * status touches every page it allocates, and on a virtual machine a
 * page's first touch costs microseconds). */
static void *take(rt_arena *a, size_t size, size_t align)
{
	struct rt_arena_block *b;
	size_t at;

	if (size == 0)
		size = 1;
	if (size > BLOCK_SIZE / 4) {
		/* own block, linked behind the head so the head keeps
		 * serving small requests */
		b = new_block((size + ALIGN - 1) & ~(size_t)(ALIGN - 1));
		if (!b) {
			rt_error_nomem();
			return NULL;
		}
		if (a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			a->head = b;
			a->used = a->cap = b->size;
		}
		return b->data;
	}
	at = (a->used + align - 1) & ~(align - 1);
	if (!a->head || at > a->cap || a->cap - at < size) {
		b = new_block(BLOCK_SIZE);
		if (!b) {
			rt_error_nomem();
			return NULL;
		}
		b->next = a->head;
		a->head = b;
		a->cap = BLOCK_SIZE;
		at = 0;
	}
	a->used = at + size;
	return a->head->data + at;
}

void *rt_arena_alloc(rt_arena *a, size_t size)
{
	void *p = take(a, size, ALIGN);

	if (p)
		memset(p, 0, size ? size : 1);
	return p;
}

void *rt_arena_array(rt_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		rt_error_nomem();
		return NULL;
	}
	return rt_arena_alloc(a, n * size);
}

void *rt_arena_array_raw(rt_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		rt_error_nomem();
		return NULL;
	}
	return take(a, n * size, ALIGN);
}

char *rt_arena_strndup(rt_arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *rt_arena_concat(rt_arena *a, const char *x, const char *y,
		      const char *z)
{
	size_t nx = strlen(x), ny = strlen(y), nz = strlen(z);
	char *p = take(a, nx + ny + nz + 1, 1);

	if (p) {
		memcpy(p, x, nx);
		memcpy(p + nx, y, ny);
		memcpy(p + nx + ny, z, nz + 1);
	}
	return p;
}

char *rt_arena_strdup(rt_arena *a, const char *s)
{
	return rt_arena_strndup(a, s, strlen(s));
}

char *rt_arena_printf(rt_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = rt_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

char *rt_arena_vprintf(rt_arena *a, const char *fmt, va_list ap)
{
	char small[256], *tmp = NULL, *p;
	va_list again;
	int n;

	/* most results (paths, names) fit on the stack: one formatting, no
	 * heap round trip */
	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, again);
	va_end(again);
	if (n >= 0 && (size_t)n < sizeof(small))
		return rt_arena_strndup(a, small, (size_t)n);
	if ((n = vasprintf(&tmp, fmt, ap)) < 0) {
		rt_error_nomem();
		return NULL;
	}
	p = rt_arena_strndup(a, tmp, (size_t)n);
	free(tmp);
	return p;
}

int rt_arena_adopt(rt_arena *a, void *p)
{
	struct rt_arena_adopted *ad;

	if (!p)
		return 0;
	if (!(ad = take(a, sizeof(*ad), ALIGN))) {
		free(p);
		return RT_ERROR;
	}
	ad->p = p;
	ad->next = a->adopted;
	a->adopted = ad;
	return 0;
}

int rt_vec_push(rt_arena *a, rt_vec *v, void *item)
{
	if (v->len == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void **items = rt_arena_array(a, cap, sizeof(void *));

		if (!items)
			return RT_ERROR;
		if (v->len)
			memcpy(items, v->items, v->len * sizeof(void *));
		v->items = items;
		v->cap = cap;
	}
	v->items[v->len++] = item;
	return 0;
}
