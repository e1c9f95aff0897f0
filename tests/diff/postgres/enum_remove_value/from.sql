CREATE TYPE s AS ENUM ('a', 'b', 'c');
CREATE TABLE t (id integer, s s NOT NULL DEFAULT 'a');
