CREATE TABLE t (name varchar(200), tag char(3));
