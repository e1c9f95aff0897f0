CREATE TABLE t (id integer PRIMARY KEY, v text);
CREATE INDEX t_v ON t (v);
CREATE SEQUENCE s;
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
