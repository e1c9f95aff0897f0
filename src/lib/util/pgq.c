/*
 * pgq.c: loading libpg_query on first use (see pgq.h for why it is not
 * linked).
 */
#include "util/common.h"
#include "util/dl.h"
#include "util/pgq.h"

#define PGQ_DEFINE(f) __typeof__(rt_pgq_##f) rt_pgq_##f;
PGQ_FUNCS(PGQ_DEFINE)
PGQ_DATA(PGQ_DEFINE)
#undef PGQ_DEFINE

/* the soname this build's headers came with (Debian: libpg-query1504.0)
 * first; the development link second */
static const char *const sonames[] = {"libpg_query.so.1504.0",
				      "libpg_query.so", NULL};

#define PGQ_SYM(f) {#f, (void **)&rt_pgq_##f},
static const rt_dl_sym syms[] = {PGQ_FUNCS(PGQ_SYM) PGQ_DATA(PGQ_SYM)};
#undef PGQ_SYM

static rt_dl_lib lib = RT_DL_LIB(sonames, "libpg_query", syms);

int rt_pgq_ready(void)
{
	return rt_dl_ready(&lib, "parsing PostgreSQL's SQL needs libpg_query",
			   "install the libpg-query1504.0 package");
}
