CREATE TABLE b (id int, x int); CREATE TABLE c (id bigint); CREATE TABLE d (id int);
