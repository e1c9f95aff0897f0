CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, KEY c_p (c(10)), KEY b_p (b(5))) ENGINE=InnoDB;
