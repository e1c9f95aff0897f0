CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO retort_reader;
CREATE TABLE app.t (id integer);
GRANT SELECT ON app.t TO retort_reader;
CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT x + 1 $$;
REVOKE ALL ON FUNCTION add_one(integer) FROM PUBLIC;
