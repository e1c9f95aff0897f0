CREATE TABLE t (id integer, n integer);
CREATE MATERIALIZED VIEW m AS SELECT id FROM t;
CREATE INDEX m_id ON m (id);
