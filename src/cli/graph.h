/*
 * graph.h: the terminal drawing of the revision graph for
 * `retort history --graph`, laid out as `git log --graph` lays it out:
 * newest first, one lane per line of descent, drawn in plain ASCII
 * ("*", "|", "/", "\", "_", "-", ".").
 *
 * This module owns only the lane drawing; the caller prints each line and
 * the revision's name and decorations after it. It reads the directory
 * and never changes it; it keeps no state between calls.
 */
#ifndef CLI_GRAPH_H
#define CLI_GRAPH_H

#include "retort.h"

/* One output line: `graph` is the lane drawing for it (e.g. "| * ", "|/  ",
 * "*   "); m is the revision drawn on this line, or NULL for a
 * connector-only line. Every `graph` of one call has the same width, so
 * whatever the caller prints after it lines up. */
typedef void (*cli_graph_line_cb)(void *payload, const char *graph,
				  const rt_migration *m);

/* Draw every migration of dir, newest first (reverse of dir->migrations,
 * which is topologically ordered parents-first), as git log --graph does.
 * Returns 0, or RT_ERROR on out of memory (then cb has not been called:
 * the lines are laid out in full before the first is handed over). The
 * graph strings passed to cb are only valid during the call. */
int cli_graph_draw(const rt_dir *dir, cli_graph_line_cb cb, void *payload);

#endif
