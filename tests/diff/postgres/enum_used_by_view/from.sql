CREATE TYPE st AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, s st);
CREATE VIEW v AS SELECT id, s, s = 'b'::st AS is_b FROM t;
