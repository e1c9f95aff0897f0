CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, UNIQUE KEY b_u (b)) ENGINE=InnoDB;
