CREATE TABLE t (x int); CREATE TABLE u (id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, v varchar(10));
