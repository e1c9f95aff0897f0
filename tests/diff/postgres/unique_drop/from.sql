CREATE TABLE t (email text UNIQUE, a integer, b integer, UNIQUE (a, b));
