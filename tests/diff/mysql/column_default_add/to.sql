CREATE TABLE t (id int PRIMARY KEY, a int DEFAULT 7, b varchar(20) DEFAULT 'it''s', c text) ENGINE=InnoDB;
