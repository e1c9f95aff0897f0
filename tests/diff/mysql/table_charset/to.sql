CREATE TABLE t (id int, s varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci) DEFAULT CHARSET=latin1;
