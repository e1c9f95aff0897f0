CREATE TABLE t (a integer, b text, c integer);
CREATE INDEX t_a_idx ON t (a);
CREATE UNIQUE INDEX "Old B" ON t (b) WHERE b IS NOT NULL;
CREATE INDEX t_c ON t (c);
COMMENT ON INDEX t_c IS 'c';
