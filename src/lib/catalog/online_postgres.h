/*
 * online_postgres.h: PostgreSQL's catalog reads for online migrations,
 * the rt_online_ops of its engine descriptor (see online/online.h).
 */
#ifndef RT_ONLINE_POSTGRES_H
#define RT_ONLINE_POSTGRES_H

struct rt_online_ops;

extern const struct rt_online_ops rt_online_ops_postgres;

#endif
