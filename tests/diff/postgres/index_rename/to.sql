CREATE TABLE t (a integer, b text, c integer);
CREATE INDEX t_a_ix ON t (a);
CREATE UNIQUE INDEX new_b ON t (b) WHERE b IS NOT NULL;
CREATE INDEX t_c2 ON t (c);
COMMENT ON INDEX t_c2 IS 'c, renamed';
