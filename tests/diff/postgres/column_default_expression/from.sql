CREATE TABLE t (id integer, at timestamptz);
