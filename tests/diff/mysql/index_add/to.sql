CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, KEY a_i (a), KEY ab_i (a, b DESC)) ENGINE=InnoDB;
