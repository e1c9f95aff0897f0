CREATE TABLE t (id integer, code integer);
