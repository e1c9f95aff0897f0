CREATE TABLE t (id int, v int); CREATE VIEW tv AS SELECT id, v * 2 AS v2 FROM t WHERE v > 1;
