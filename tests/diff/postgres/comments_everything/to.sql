CREATE TABLE t (id integer PRIMARY KEY, v text);
CREATE INDEX t_v ON t (v);
CREATE SEQUENCE s;
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
COMMENT ON INDEX t_v IS 'by v';
COMMENT ON CONSTRAINT t_pkey ON t IS 'the key';
COMMENT ON SEQUENCE s IS 'numbers';
COMMENT ON FUNCTION add_one(integer) IS 'plus one';
