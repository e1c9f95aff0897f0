CREATE TABLE t (id integer, v text);
CREATE VIEW tv AS SELECT id, v FROM t;
