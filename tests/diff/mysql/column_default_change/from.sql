CREATE TABLE t (a int DEFAULT 1, s varchar(5) DEFAULT '');
