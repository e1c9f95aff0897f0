CREATE TABLE t (id int PRIMARY KEY, nm varchar(10));
