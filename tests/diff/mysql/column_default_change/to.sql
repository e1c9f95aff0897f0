CREATE TABLE t (a int DEFAULT 2, s varchar(5) DEFAULT 'x');
