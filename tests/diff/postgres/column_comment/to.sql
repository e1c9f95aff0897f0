CREATE TABLE t (id integer, v text);
COMMENT ON COLUMN t.id IS 'the key';
COMMENT ON COLUMN t.v IS 'it''s new';
