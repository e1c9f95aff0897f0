CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, CONSTRAINT a_pos CHECK (a > 0)) ENGINE=InnoDB;
