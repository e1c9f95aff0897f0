CREATE TABLE t (id int PRIMARY KEY, a int COMMENT 'the a', b varchar(20), c text COMMENT 'it''s c') ENGINE=InnoDB;
