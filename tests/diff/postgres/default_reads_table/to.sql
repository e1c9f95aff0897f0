CREATE TABLE keep (id integer);
CREATE TABLE t (id integer, n bigint);
CREATE FUNCTION count_t() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t; END;
ALTER TABLE t ALTER COLUMN n SET DEFAULT count_t();
CREATE INDEX t_n ON t (n);
