CREATE TABLE t (id integer, v text);
COMMENT ON COLUMN t.v IS 'old';
