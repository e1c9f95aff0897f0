CREATE TABLE t (a int, b varchar(10), UNIQUE KEY ab (a DESC, b));
