CREATE TABLE t (id int PRIMARY KEY, name varchar(10), extra int DEFAULT 4);
