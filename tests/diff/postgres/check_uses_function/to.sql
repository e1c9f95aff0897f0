CREATE FUNCTION is_code(s text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT s ~ '^[A-Z]+$' $$;
CREATE TABLE t (v text CHECK (is_code(v)));
