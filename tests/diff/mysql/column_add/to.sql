CREATE TABLE t (id int PRIMARY KEY, note varchar(40), n decimal(10,2) NOT NULL DEFAULT 0);
