CREATE TABLE t (id integer);
CREATE VIEW v AS SELECT id, id * 2 AS twice FROM t;
COMMENT ON COLUMN v.id IS 'the id';
COMMENT ON COLUMN v.twice IS 'doubled';
