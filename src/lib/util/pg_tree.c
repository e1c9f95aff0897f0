/*
 * pg_tree.c: the generic walk of a libpg_query tree (pg_tree.h). A
 * message's fields say which are sub-messages, repeated or one of a
 * oneof; only the oneof member that is set is followed.
 */
#include "util/pg_tree.h"

#include <stddef.h>
#include <stdint.h>

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
