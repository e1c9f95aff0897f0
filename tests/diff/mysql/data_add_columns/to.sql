CREATE TABLE t (id int PRIMARY KEY, a varchar(40) NOT NULL DEFAULT '', n int NOT NULL DEFAULT 3, KEY a_i (a));
