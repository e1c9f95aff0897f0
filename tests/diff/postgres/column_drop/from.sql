CREATE TABLE t (id integer, gone text, also_gone integer);
