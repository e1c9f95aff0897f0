CREATE TABLE t (id integer, gone text);
CREATE VIEW v AS SELECT id, gone FROM t;
