CREATE TABLE t (name varchar(10), tag char(2));
