CREATE TYPE pair AS (a integer, b integer);
CREATE TABLE t (id integer, p pair);
