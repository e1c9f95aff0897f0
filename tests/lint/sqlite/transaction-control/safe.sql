-- retort:up
SAVEPOINT a;
CREATE TABLE t (id integer);
RELEASE a;
