CREATE TABLE t (id integer, active boolean NOT NULL DEFAULT true, tags text[] NOT NULL DEFAULT '{}');
