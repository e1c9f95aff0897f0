CREATE TABLE t (id int PRIMARY KEY, name varchar(20), KEY t_name (name));
