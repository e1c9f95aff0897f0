CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(60), c text) ENGINE=InnoDB;
