CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(300), c text) ENGINE=InnoDB;
