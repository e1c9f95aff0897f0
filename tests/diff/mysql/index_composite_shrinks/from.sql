CREATE TABLE t (a int, b int, c int, KEY k (a, b));
