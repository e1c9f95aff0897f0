CREATE TABLE t (a int, KEY new_k (a));
