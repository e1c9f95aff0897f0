-- retort:up
SAVEPOINT before_t;
CREATE TABLE t (id bigint);
RELEASE SAVEPOINT before_t;
