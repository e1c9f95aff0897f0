CREATE FUNCTION norm(t text) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;
CREATE TABLE t (v text);
CREATE INDEX t_norm ON t (norm(v));
