CREATE TABLE t (id int, v int); CREATE VIEW tv AS SELECT id FROM t;
