CREATE TABLE t (id integer, note text, n numeric(10,2));
