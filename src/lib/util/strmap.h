/*
 * strmap.h: a map from text to a pointer, living in an arena (open
 * addressing, linear probing). For lookups by name that a run repeats
 * for every statement: a scan of everything seen so far made lint of a
 * 5,000-migration history take seconds.
 */
#ifndef RT_STRMAP_H
#define RT_STRMAP_H

#include "util/arena.h"

struct rt_strmap_slot;

typedef struct rt_strmap {
	struct rt_strmap_slot *slots;
	size_t cap, used; /* used: live entries and tombstones */
} rt_strmap;

#define RT_STRMAP_INIT {0}

/* The value under key, or NULL. */
void *rt_strmap_get(const rt_strmap *m, const char *key);
/* Sets key (copied into the arena when new) to value; 0 or RT_ERROR
 * (out of memory, the map unchanged). */
int rt_strmap_put(rt_strmap *m, rt_arena *a, const char *key, void *value);
/* Removes key, if there. */
void rt_strmap_del(rt_strmap *m, const char *key);
/* Removes every key (the slots are kept for reuse). */
void rt_strmap_clear(rt_strmap *m);

#endif
