CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20), c text) ENGINE=InnoDB;
