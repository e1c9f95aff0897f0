CREATE TYPE pair AS (a integer, b text);
CREATE TABLE t (id integer);
