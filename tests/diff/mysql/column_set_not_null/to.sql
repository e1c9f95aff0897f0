CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b varchar(20), c text) ENGINE=InnoDB;
