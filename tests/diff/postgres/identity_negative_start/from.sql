CREATE TABLE t (id integer, n text);
