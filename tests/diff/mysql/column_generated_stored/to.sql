CREATE TABLE t (id int PRIMARY KEY, a int, b varchar(20), c text, bl int AS (char_length(b)) STORED) ENGINE=InnoDB;
