/*
 * test_graph_draw.c: the lane drawing of `retort history --graph`
 * (src/cli/graph.c) against golden drawings, one per shape of history:
 * each graph is built by hand, drawn, and compared line by line.
 */
/* cmocka.h needs these first, in this order */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */

#include <stdio.h>
#include <string.h>

#include "graph.h"

#define MAX_REVS 8
#define END -1

/* A hand-made directory: revisions in topological order, as rt_dir_load
 * leaves them, each with its parents given as indexes. */
typedef struct fixture {
	rt_migration revs[MAX_REVS];
	rt_migration *list[MAX_REVS];
	rt_migration *parents[MAX_REVS][MAX_REVS];
	rt_migration *children[MAX_REVS][MAX_REVS];
	rt_dir dir;
} fixture;

/* names[i] has the parents parents[i][0..], ended by END. */
static void build(fixture *f, size_t count, const char *const *names,
		  const int (*parents)[MAX_REVS])
{
	size_t i, j;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < count; i++) {
		rt_migration *m = &f->revs[i];

		m->name = names[i];
		m->order = i;
		m->parent_refs = f->parents[i];
		m->children = f->children[i];
		f->list[i] = m;
	}
	for (i = 0; i < count; i++) {
		rt_migration *m = &f->revs[i];

		for (j = 0; parents[i][j] != END; j++) {
			rt_migration *p = &f->revs[parents[i][j]];

			m->parent_refs[m->nparents++] = p;
			p->children[p->nchildren++] = m;
		}
	}
	f->dir.migrations = f->list;
	f->dir.count = count;
}

/* What the callback saw: "graph|name\n" per line ("graph|\n" for a
 * connector line), and whether every graph had one width. */
typedef struct drawing {
	char text[2048];
	size_t len;
	size_t width;
	int nlines;
	int ragged;
	int not_ascii;
} drawing;

static void collect(void *payload, const char *graph, const rt_migration *m)
{
	drawing *d = payload;
	size_t width = strlen(graph);
	const char *p;
	int n;

	if (d->nlines++ == 0)
		d->width = width;
	else if (width != d->width)
		d->ragged = 1;
	for (p = graph; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			d->not_ascii = 1;
	n = snprintf(d->text + d->len, sizeof(d->text) - d->len, "%s|%s\n",
		     graph, m ? m->name : "");
	assert_true(n > 0 && (size_t)n < sizeof(d->text) - d->len);
	d->len += (size_t)n;
}

static void draw(const fixture *f, drawing *d)
{
	memset(d, 0, sizeof(*d));
	assert_int_equal(cli_graph_draw(&f->dir, collect, d), 0);
	assert_false(d->ragged);
	assert_false(d->not_ascii);
}

static void test_graph_draw_empty_dir_draws_nothing(void **state)
{
	fixture f;
	drawing d;

	(void)state;
	build(&f, 0, NULL, NULL);
	draw(&f, &d);
	assert_int_equal(d.nlines, 0);
	assert_string_equal(d.text, "");
}

static void test_graph_draw_linear_chain(void **state)
{
	static const char *const names[] = {"a", "b", "c"};
	static const int parents[][MAX_REVS] = {{END}, {0, END}, {1, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 3, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "* |c\n"
				    "* |b\n"
				    "* |a\n");
}

static void test_graph_draw_single_root(void **state)
{
	static const char *const names[] = {"a"};
	static const int parents[][MAX_REVS] = {{END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 1, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "* |a\n");
}

/* Two branches from one parent, merged later: the classic diamond. */
static void test_graph_draw_diamond(void **state)
{
	static const char *const names[] = {"a", "b", "c", "m"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {0, END}, {1, 2, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 4, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*   |m\n"
				    "|\\  |\n"
				    "| * |c\n"
				    "* | |b\n"
				    "|/  |\n"
				    "*   |a\n");
}

/* The same diamond with the first parent drawn first: the merge's first
 * parent keeps the merge's lane whichever order the branches come in. */
static void test_graph_draw_diamond_first_parent_newer(void **state)
{
	static const char *const names[] = {"a", "c", "b", "m"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {0, END}, {2, 1, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 4, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*   |m\n"
				    "|\\  |\n"
				    "* | |b\n"
				    "| * |c\n"
				    "|/  |\n"
				    "*   |a\n");
}

/* Two heads not merged yet: the state `retort merge` is for. */
static void test_graph_draw_two_heads(void **state)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {1, END}, {1, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 4, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*   |d\n"
				    "| * |c\n"
				    "|/  |\n"
				    "*   |b\n"
				    "*   |a\n");
}

/* A head whose branch runs down beside the other for a while. */
static void test_graph_draw_two_heads_long_branch(void **state)
{
	static const char *const names[] = {"a", "b", "c", "d", "e"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {1, END}, {0, END}, {3, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 5, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*   |e\n"
				    "*   |d\n"
				    "| * |c\n"
				    "| * |b\n"
				    "|/  |\n"
				    "*   |a\n");
}

/* Two roots that never meet stay in one lane, one after the other. */
static void test_graph_draw_unrelated_roots(void **state)
{
	static const char *const names[] = {"a", "b"};
	static const int parents[][MAX_REVS] = {{END}, {END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 2, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "* |b\n"
				    "* |a\n");
}

/* A merge of three heads at once (an octopus): "*-." then "|\ \". */
static void test_graph_draw_three_parent_merge(void **state)
{
	static const char *const names[] = {"a", "b", "c", "d", "m"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {0, END}, {0, END}, {1, 2, 3, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 5, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*-.   |m\n"
				    "|\\ \\  |\n"
				    "| | * |d\n"
				    "| * | |c\n"
				    "| |/  |\n"
				    "* |   |b\n"
				    "|/    |\n"
				    "*     |a\n");
}

/* A new head (h, from c) left of a merge (m of b and c): the merge's
 * second parent is already h's lane, so its line crosses back to it. */
static void test_graph_draw_merge_parent_in_left_lane(void **state)
{
	static const char *const names[] = {"a", "b", "c", "m", "h"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {0, END}, {1, 2, END}, {2, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 5, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*     |h\n"
				    "| *   |m\n"
				    "| |\\  |\n"
				    "| |/  |\n"
				    "|/|   |\n"
				    "* |   |c\n"
				    "| *   |b\n"
				    "|/    |\n"
				    "*     |a\n");
}

/* Three heads off one base: each new head opens a lane on the right,
 * which joins the base's lane at once. */
static void test_graph_draw_three_heads(void **state)
{
	static const char *const names[] = {"a", "b", "c", "d"};
	static const int parents[][MAX_REVS] = {
	    {END}, {0, END}, {0, END}, {0, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 4, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*   |d\n"
				    "| * |c\n"
				    "|/  |\n"
				    "| * |b\n"
				    "|/  |\n"
				    "*   |a\n");
}

/* A three-parent merge with a lane on its right first pushes that lane
 * out, two columns per extra parent, to make room for its "-.".
 * t merges m and z; m merges b, c and d; all of them start from a. */
static void test_graph_draw_three_parent_merge_beside_lane(void **state)
{
	static const char *const names[] = {"a", "z", "b", "c", "d", "m", "t"};
	static const int parents[][MAX_REVS] = {
	    {END},    {0, END},	      {0, END},	  {0, END},
	    {0, END}, {2, 3, 4, END}, {5, 1, END}};
	fixture f;
	drawing d;

	(void)state;
	build(&f, 7, names, parents);
	draw(&f, &d);
	assert_string_equal(d.text, "*       |t\n"
				    "|\\      |\n"
				    "| \\     |\n"
				    "|  \\    |\n"
				    "*-. \\   |m\n"
				    "|\\ \\ \\  |\n"
				    "| | * | |d\n"
				    "| * | | |c\n"
				    "| |/ /  |\n"
				    "* | |   |b\n"
				    "|/ /    |\n"
				    "| *     |z\n"
				    "|/      |\n"
				    "*       |a\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_graph_draw_empty_dir_draws_nothing),
	    cmocka_unit_test(test_graph_draw_linear_chain),
	    cmocka_unit_test(test_graph_draw_single_root),
	    cmocka_unit_test(test_graph_draw_diamond),
	    cmocka_unit_test(test_graph_draw_diamond_first_parent_newer),
	    cmocka_unit_test(test_graph_draw_two_heads),
	    cmocka_unit_test(test_graph_draw_two_heads_long_branch),
	    cmocka_unit_test(test_graph_draw_unrelated_roots),
	    cmocka_unit_test(test_graph_draw_three_parent_merge),
	    cmocka_unit_test(test_graph_draw_merge_parent_in_left_lane),
	    cmocka_unit_test(test_graph_draw_three_heads),
	    cmocka_unit_test(test_graph_draw_three_parent_merge_beside_lane),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
