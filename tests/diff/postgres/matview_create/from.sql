CREATE TABLE t (id integer, n integer);
