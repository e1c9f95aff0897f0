CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, a2 int AS (a * 2) VIRTUAL) ENGINE=InnoDB;
