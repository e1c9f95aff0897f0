CREATE TABLE a (id int); CREATE TABLE t (id int, s varchar(10)) ROW_FORMAT=REDUNDANT;
