CREATE TYPE pair AS (a integer, b integer, label text);
CREATE TABLE t (id integer, p pair);
