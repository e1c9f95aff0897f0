CREATE TABLE t (a int, KEY old_k (a));
