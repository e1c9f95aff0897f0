/*
 * similar.h: how near two words are, for did-you-mean hints (unknown
 * commands, near-miss directives, rule names).
 */
#ifndef RT_SIMILAR_H
#define RT_SIMILAR_H

#include <stddef.h>

/* The optimal string alignment distance between a[0,an) and b[0,bn)
 * (insertions, deletions, substitutions and swaps of two neighbours each
 * count one), as people mistype words: ASCII case does not count, nor
 * '_' for '-'. Words longer than 63 bytes are "far": the result is then a
 * large number. */
int rt_similar_distance(const char *a, size_t an, const char *b, size_t bn);

/* The candidate nearest to `word` at a distance of at most `max`, or NULL;
 * on a tie, the first. Borrowed from `cands`. */
const char *rt_similar_closest(const char *word, const char *const *cands,
			       size_t n, int max);

#endif
