CREATE TABLE t (id int PRIMARY KEY, title varchar(20), KEY t_name (title));
