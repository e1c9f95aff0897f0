CREATE TABLE t (id integer, v text);
CREATE VIEW tv AS SELECT id, upper(v) AS v FROM t WHERE id > 0;
