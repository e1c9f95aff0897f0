CREATE TABLE t (id integer, n integer);
CREATE MATERIALIZED VIEW totals AS SELECT id, sum(n) AS total FROM t GROUP BY id;
CREATE UNIQUE INDEX totals_id ON totals (id);
