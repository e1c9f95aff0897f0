CREATE TABLE t (id int) COMMENT 'old';
