CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT (id + 1), b varchar(36) DEFAULT (uuid()), c text) ENGINE=InnoDB;
