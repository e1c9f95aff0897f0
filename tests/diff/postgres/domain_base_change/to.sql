CREATE DOMAIN code AS varchar(20);
CREATE TABLE t (id integer, c code);
CREATE VIEW v AS SELECT c FROM t;
