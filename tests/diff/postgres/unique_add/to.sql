CREATE TABLE t (email text UNIQUE, a integer, b integer, CONSTRAINT t_ab UNIQUE (a, b));
