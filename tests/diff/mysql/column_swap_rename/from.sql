CREATE TABLE t (a int, b varchar(5));
