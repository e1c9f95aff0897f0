CREATE TABLE t (b int, a varchar(5));
