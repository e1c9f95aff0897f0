CREATE TABLE t (z int, id int PRIMARY KEY, a int, b varchar(20), c text) ENGINE=InnoDB;
