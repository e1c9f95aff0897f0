CREATE TABLE t (id int PRIMARY KEY, a int, m date, b varchar(20), c text) ENGINE=InnoDB;
