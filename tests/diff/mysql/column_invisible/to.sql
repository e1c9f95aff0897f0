CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, h int INVISIBLE) ENGINE=InnoDB;
