/*
 * strmap.c: open addressing with linear probing; the table doubles at
 * three quarters full, counting tombstones, so a probe always ends at an
 * empty slot. The old table stays in the arena when it grows: the waste
 * is bounded by the final size, as with rt_vec.
 */
#include "util/common.h"
#include "util/strmap.h"

struct rt_strmap_slot {
	const char *key; /* NULL: empty; &tombstone: removed */
	void *value;
	size_t hash;
};

static const char tombstone[] = "";

/* FNV-1a */
static size_t hash_of(const char *s)
{
	size_t h = (size_t)14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ULL;
	return h;
}

static struct rt_strmap_slot *find(const rt_strmap *m, const char *key,
				   size_t h)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct rt_strmap_slot *s = &m->slots[i];

		if (!s->key)
			return NULL;
		if (s->key != tombstone && s->hash == h && !strcmp(s->key, key))
			return s;
	}
}

void *rt_strmap_get(const rt_strmap *m, const char *key)
{
	struct rt_strmap_slot *s = find(m, key, hash_of(key));

	return s ? s->value : NULL;
}

static void place(rt_strmap *m, const char *key, void *value, size_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].key)
		i = (i + 1) & (m->cap - 1);
	m->slots[i].key = key;
	m->slots[i].value = value;
	m->slots[i].hash = h;
	m->used++;
}

static int grow(rt_strmap *m, rt_arena *a)
{
	struct rt_strmap_slot *old = m->slots;
	size_t i, n = m->cap, live = 0;

	for (i = 0; i < n; i++)
		if (old[i].key && old[i].key != tombstone)
			live++;
	/* room for twice the live entries; tombstones are dropped */
	m->cap = 16;
	while (m->cap < live * 4)
		m->cap *= 2;
	if (!(m->slots = rt_arena_array(a, m->cap, sizeof(*m->slots)))) {
		m->slots = old;
		m->cap = n;
		return RT_ERROR;
	}
	m->used = 0;
	for (i = 0; i < n; i++)
		if (old[i].key && old[i].key != tombstone)
			place(m, old[i].key, old[i].value, old[i].hash);
	return 0;
}

int rt_strmap_put(rt_strmap *m, rt_arena *a, const char *key, void *value)
{
	size_t h = hash_of(key);
	struct rt_strmap_slot *s = find(m, key, h);
	char *copy;

	if (s) {
		s->value = value;
		return 0;
	}
	if ((m->used + 1) * 4 > m->cap * 3 && grow(m, a) < 0)
		return RT_ERROR;
	if (!(copy = rt_arena_strdup(a, key)))
		return RT_ERROR;
	place(m, copy, value, h);
	return 0;
}

void rt_strmap_del(rt_strmap *m, const char *key)
{
	struct rt_strmap_slot *s = find(m, key, hash_of(key));

	/* the slot stays taken, so probes that passed it still go on */
	if (s) {
		s->key = tombstone;
		s->value = NULL;
	}
}

void rt_strmap_clear(rt_strmap *m)
{
	if (m->cap)
		memset(m->slots, 0, m->cap * sizeof(*m->slots));
	m->used = 0;
}
