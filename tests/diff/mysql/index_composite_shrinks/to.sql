CREATE TABLE t (a int, c int, KEY k (a));
