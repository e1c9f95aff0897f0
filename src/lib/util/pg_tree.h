/*
 * pg_tree.h: every Node of a libpg_query protobuf tree, through
 * protobuf-c's descriptors rather than a switch over hundreds of node
 * types, so a new server version's nodes are walked too. One walker (and
 * one deparser) for lint's rules and the online planner and its rewriter.
 */
#ifndef RT_PG_TREE_H
#define RT_PG_TREE_H

#include "util/arena.h"

#include "util/pgq.h"

typedef int (*rt_pg_node_fn)(PgQuery__Node *n, void *arg);

/* Call `fn` on each Node at or under `msg`, parents before children; the
 * first non-zero return stops the walk and is returned. `fn` may change
 * a node's fields in place. */
int rt_pg_tree_walk(ProtobufCMessage *msg, rt_pg_node_fn fn, void *arg);

/* The SQL of one statement node, without ';', into `a`; NULL with the
 * error set when libpg_query cannot deparse it. */
char *rt_pg_deparse(rt_arena *a, PgQuery__Node *stmt);

#endif
