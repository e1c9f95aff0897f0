CREATE TABLE t (id int, n int); CREATE TABLE log (id int);
