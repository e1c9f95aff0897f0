CREATE TABLE t (id integer, name text);
CREATE VIEW v AS SELECT id, name FROM t;
