CREATE TABLE t (s varchar(10), u varchar(10) CHARACTER SET utf8mb4) DEFAULT CHARSET=latin1;
