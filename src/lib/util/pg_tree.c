/*
 * pg_tree.c: the generic walk of a libpg_query tree (pg_tree.h). A
 * message's fields say which are sub-messages, repeated or one of a
 * oneof; only the oneof member that is set is followed.
 */
#include "util/pg_tree.h"
#include "util/arena.h"
#include "util/error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int rt_pg_tree_walk(ProtobufCMessage *msg, rt_pg_node_fn fn, void *arg)
{
	const ProtobufCMessageDescriptor *d = msg->descriptor;
	char *base = (char *)msg;
	unsigned i;
	int r;

	if (d == &pg_query__node__descriptor &&
	    (r = fn((PgQuery__Node *)msg, arg)) != 0)
		return r;
	for (i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)(base + f->quantifier_offset) != f->id)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			ProtobufCMessage **arr =
			    *(ProtobufCMessage ***)(base + f->offset);
			size_t j;

			for (j = 0; j < n; j++)
				if (arr[j] &&
				    (r = rt_pg_tree_walk(arr[j], fn, arg)) != 0)
					return r;
		} else {
			ProtobufCMessage *sub =
			    *(ProtobufCMessage **)(base + f->offset);

			if (sub && (r = rt_pg_tree_walk(sub, fn, arg)) != 0)
				return r;
		}
	}
	return 0;
}

/* libpg_query deparses a whole parse result: the node goes into one of
 * its own, packed as the protobuf it reads. */
static char *deparse(rt_arena *a, PgQuery__Node *stmt)
{
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	PgQuery__RawStmt *raws[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	PgQueryDeparseResult d;
	PgQueryProtobuf pb;
	uint8_t *buf;
	char *out = NULL;

	raw.stmt = stmt;
	pr.version = PG_VERSION_NUM;
	pr.n_stmts = 1;
	pr.stmts = raws;
	pb.len = pg_query__parse_result__get_packed_size(&pr);
	if (!(buf = malloc(pb.len ? pb.len : 1))) {
		rt_error_nomem();
		return NULL;
	}
	pg_query__parse_result__pack(&pr, buf);
	pb.data = (char *)buf;
	d = pg_query_deparse_protobuf(pb);
	if (d.error)
		rt_error_set(RT_ERROR_PARSE,
			     "could not deparse a statement: %s",
			     d.error->message);
	else if (!(out = rt_arena_strdup(a, d.query)))
		rt_error_nomem();
	pg_query_free_deparse_result(d);
	free(buf);
	return out;
}

char *rt_pg_deparse(rt_arena *a, PgQuery__Node *stmt)
{
	/* its initializers name libpg_query's descriptors */
	return rt_pgq_ready() < 0 ? NULL : deparse(a, stmt);
}
