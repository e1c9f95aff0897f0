CREATE TABLE t (id integer, v text, n integer);
