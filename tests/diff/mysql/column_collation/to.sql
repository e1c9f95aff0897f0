CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20) COLLATE utf8mb4_bin, c text CHARACTER SET latin1) ENGINE=InnoDB;
