CREATE DOMAIN email AS text COLLATE "C" CONSTRAINT has_at CHECK (VALUE ~ '@');
CREATE TABLE t (id integer, e email);
