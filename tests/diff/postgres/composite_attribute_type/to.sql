CREATE TYPE pair AS (a bigint, b integer);
CREATE TABLE t (id integer, p pair);
