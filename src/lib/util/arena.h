/*
 * arena.h: region allocation. Every long-lived result (a loaded directory,
 * a status, a plan) owns one arena; nothing inside is freed one by one,
 * and releasing the arena frees it all, as PostgreSQL's memory contexts.
 * Allocation failure returns NULL with the out-of-memory error set.
 */
#ifndef RT_ARENA_H
#define RT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct rt_arena_block;
struct rt_arena_adopted;

typedef struct rt_arena {
	struct rt_arena_block *head;
	size_t used, cap; /* of head */
	struct rt_arena_adopted *adopted; /* malloc'd memory it frees */
} rt_arena;

#define RT_ARENA_INIT {0}

void rt_arena_init(rt_arena *a);
void rt_arena_release(rt_arena *a);
/* Zeroed memory, aligned for any type. */
void *rt_arena_alloc(rt_arena *a, size_t size);
void *rt_arena_array(rt_arena *a, size_t n, size_t size);
/* An array of n, aligned and NOT zeroed: for one filled as it is used up
 * to a bound seldom reached, whose unused tail then costs no page (a big
 * array is a block of its own, from malloc). */
void *rt_arena_array_raw(rt_arena *a, size_t n, size_t size);
char *rt_arena_strdup(rt_arena *a, const char *s);
char *rt_arena_strndup(rt_arena *a, const char *s, size_t n);
/* x, y and z one after the other: a path or a prefixed name without
 * printf's parsing (status builds two a file, a thousand files a run). */
char *rt_arena_concat(rt_arena *a, const char *x, const char *y,
		      const char *z);
char *rt_arena_printf(rt_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *rt_arena_vprintf(rt_arena *a, const char *fmt, va_list ap);
/* Take ownership of `p` (from malloc, or NULL): it is freed with the
 * arena. So a big buffer read or built elsewhere (a 10 MB migration file)
 * lives as long as the objects pointing into it without being copied.
 * On failure (out of memory) p is freed at once and RT_ERROR returned. */
int rt_arena_adopt(rt_arena *a, void *p);

/*
 * A vector of pointers living in an arena: growth allocates a new array
 * twice the size, so the waste is bounded by the final size.
 */
typedef struct rt_vec {
	void **items;
	size_t len, cap;
} rt_vec;

int rt_vec_push(rt_arena *a, rt_vec *v, void *item);

#endif
