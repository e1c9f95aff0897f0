CREATE TABLE t (id int, s varchar(10)) DEFAULT CHARSET=utf8mb4;
