CREATE TABLE t (id int PRIMARY KEY, ts timestamp NULL);
