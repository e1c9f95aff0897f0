/*
 * similar.c: edit distance for did-you-mean hints. Words are short
 * (commands, directive names), so one fixed-size table on the stack does.
 */
#include "util/common.h"
#include "util/similar.h"

#include <ctype.h>

#define WORD_MAX 63
#define FAR 1000

static int fold(int c)
{
	c = tolower((unsigned char)c);
	return c == '_' ? '-' : c;
}

int rt_similar_distance(const char *a, size_t la, const char *b, size_t lb)
{
	int d[WORD_MAX + 1][WORD_MAX + 1];
	size_t i, j;

	if (la > WORD_MAX || lb > WORD_MAX)
		return FAR;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int ca = fold(a[i - 1]), cb = fold(b[j - 1]);
			int best = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && ca == fold(b[j - 2]) &&
			    cb == fold(a[i - 2]) && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *rt_similar_closest(const char *word, const char *const *cands,
			       size_t n, int max)
{
	const char *best = NULL;
	int best_d = max + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		int dist = rt_similar_distance(word, strlen(word), cands[i],
					       strlen(cands[i]));

		if (dist < best_d) {
			best = cands[i];
			best_d = dist;
		}
	}
	return best;
}
