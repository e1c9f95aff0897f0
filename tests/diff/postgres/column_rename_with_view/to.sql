CREATE TABLE t (id integer, title text);
CREATE VIEW v AS SELECT id, title FROM t;
