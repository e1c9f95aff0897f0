CREATE TABLE t (id integer, v text);
CREATE VIEW tv AS SELECT v AS value, id FROM t;
