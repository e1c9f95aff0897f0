CREATE TABLE t (id integer);
CREATE PROCEDURE put(v integer) LANGUAGE sql AS $$ INSERT INTO t VALUES (v) $$;
