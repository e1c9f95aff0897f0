CREATE TYPE s AS ENUM ('a', 'c');
CREATE TABLE t (id integer, s s NOT NULL DEFAULT 'a');
